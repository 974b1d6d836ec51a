package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Modes of disruption.
const (
	modeKill     = "kill"      // SIGKILL: no drain, nothing more acknowledged
	modeTerm     = "term"      // SIGTERM: a clean stop
	modeDiskFull = "disk-full" // the data directory's filesystem filled up, then freed
)

// options are the flags of one run.
type options struct {
	breachd      string // the breachd binary
	dataDir      string
	alerts       int
	fingerprints int
	mode         string
	cycles       int
	every        time.Duration // between two disruptions
	hold         time.Duration // disk-full: how long the disk stays full
	timeout      time.Duration // the final wait, and each wait for /readyz
	log          string        // breachd's output; default <data-dir>/breachd.log
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("breachchaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.breachd, "breachd", "", "the breachd binary to run (go build -o bin/ ./cmd/... makes bin/breachd)")
	fs.StringVar(&o.dataDir, "data-dir", "", "breachd's data directory, created if missing; it must be empty or new")
	fs.IntVar(&o.alerts, "alerts", 20_000, "alerts to publish, each with its own id")
	fs.IntVar(&o.fingerprints, "fingerprints", 200, "distinct fingerprints the alerts are spread over (one incident each)")
	fs.StringVar(&o.mode, "mode", modeKill, "kill (SIGKILL), term (SIGTERM) or disk-full")
	fs.IntVar(&o.cycles, "cycles", 0, "disruptions (default 20 for kill and term, 1 for disk-full)")
	fs.DurationVar(&o.every, "every", 3*time.Second, "time between two disruptions")
	fs.DurationVar(&o.hold, "hold", 60*time.Second, "disk-full: how long the disk stays full")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "how long to wait for breachd to be ready, and at the end for every acknowledged alert to be counted")
	fs.StringVar(&o.log, "log", "", "file breachd's output is appended to (default <data-dir>/breachd.log)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.log == "" && o.dataDir != "" {
		o.log = filepath.Join(o.dataDir, "breachd.log")
	}
	if o.cycles == 0 {
		o.cycles = 20
		if o.mode == modeDiskFull {
			o.cycles = 1
		}
	}
	return o, nil
}

// validate checks the flags, and that the data directory is fresh, before
// anything is started.
func (o *options) validate() error {
	switch {
	case o.breachd == "":
		return errors.New("--breachd is required: build it with go build -o bin/ ./cmd/... and pass bin/breachd")
	case o.dataDir == "":
		return errors.New("--data-dir is required (an empty or new directory)")
	case o.mode != modeKill && o.mode != modeTerm && o.mode != modeDiskFull:
		return fmt.Errorf("--mode %q: want kill, term or disk-full", o.mode)
	case o.alerts < 1:
		return errors.New("--alerts must be at least 1")
	case o.fingerprints < 1:
		return errors.New("--fingerprints must be at least 1")
	case o.cycles < 0:
		return errors.New("--cycles must not be negative")
	case o.every <= 0:
		return errors.New("--every must be positive")
	case o.hold < 0:
		return errors.New("--hold must not be negative")
	case o.timeout <= 0:
		return errors.New("--timeout must be positive")
	}
	if fi, err := os.Stat(o.breachd); err != nil {
		return fmt.Errorf("--breachd: %w", err)
	} else if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("--breachd %s is not an executable file", o.breachd)
	}
	if err := freshDir(o.dataDir); err != nil {
		return err
	}
	if o.mode == modeDiskFull {
		return checkSmallFS(o.dataDir)
	}
	return nil
}

// freshDir creates dir when missing and refuses one that holds anything:
// the checks count every incident in the database, so a previous run's
// would be counted too.
func freshDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("--data-dir: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("--data-dir: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("--data-dir %s is not empty (it holds %s): give a new or empty directory", dir, entries[0].Name())
	}
	return nil
}
