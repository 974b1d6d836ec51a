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

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
)

// register times the breach register export of a database at rest, as
// the API's GET /api/v1/register streams it, without a daemon: for sizing
// the export of a big database (one filled by fill).
//
//	go run ./cmd/breachload register -data-dir /tmp/big -format csv
func register(args []string, stdout, stderr io.Writer) error {
	fs, dataDir := atRestFlags("breachload register", stderr)
	format := fs.String("format", "csv", "export format: csv or json")
	all := fs.Bool("all", false, "every obligation of each breach, not only those that concern it")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the export to this file")
	s, err := openAtRest(fs, args, dataDir)
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

// warm times what the console does at start over a database at rest:
// reading every incident's open obligations into its deadline index
// (console.Warm), and the heap that index then holds.
//
//	go run ./cmd/breachload warm -data-dir /tmp/big
func warm(args []string, stdout, stderr io.Writer) error {
	fs, dataDir := atRestFlags("breachload warm", stderr)
	s, err := openAtRest(fs, args, dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := console.New(console.Options{Store: s, Log: zerolog.Nop()})
	if err != nil {
		return err
	}
	began := time.Now()
	if err := c.Warm(); err != nil {
		return err
	}
	took := time.Since(began)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(stdout, "console warm: %s, heap in use after it %d MiB\n", took.Round(time.Millisecond), ms.HeapInuse>>20)
	runtime.KeepAlive(c)
	return nil
}

// atRestFlags are the flags of a mode that reads a database at rest:
// -data-dir, and those the mode adds.
func atRestFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs, fs.String("data-dir", "", "breachd data directory to read (opened read-only; a running daemon holds it)")
}

// openAtRest parses args with fs and opens the database of -data-dir
// (dataDir, atRestFlags's) read-only.
func openAtRest(fs *flag.FlagSet, args []string, dataDir *string) (*store.Store, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *dataDir == "" {
		return nil, errors.New("-data-dir is required")
	}
	return store.Open(filepath.Join(*dataDir, "breachd.db"), store.Options{ReadOnly: true})
}
