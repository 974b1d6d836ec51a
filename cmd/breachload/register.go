package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
)

// register times the breach register export of a database at rest, as
// the API's GET /api/v1/register streams it, without a daemon: for sizing
// the export of a big database (one filled by fill).
//
//	go run ./cmd/breachload register -data-dir /tmp/big -format csv
func register(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("breachload register", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "breachd data directory to read (opened read-only; a running daemon holds it)")
	format := fs.String("format", "csv", "export format: csv or json")
	all := fs.Bool("all", false, "every obligation of each breach, not only those that concern it")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the export to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dataDir == "" {
		return errors.New("-data-dir is required")
	}
	s, err := store.Open(filepath.Join(*dataDir, "breachd.db"), store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var w countingWriter
	began := time.Now()
	if err := obligations.ExportRegister(s, *all, began, *format, &w); err != nil {
		return err
	}
	took := time.Since(began)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(stdout, "register export (%s, all=%t): %d bytes in %s, heap in use %d MiB\n",
		*format, *all, w.n, took.Round(time.Millisecond), ms.HeapInuse>>20)
	return nil
}

// countingWriter counts what is written to it and keeps none of it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
