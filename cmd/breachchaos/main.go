// Command breachchaos is the long form of breachd's chaos tests. It runs the
// real breachd binary as a child process on a fresh data directory,
// publishes alerts to it over NATS with JetStream publish acks while it
// kills the daemon (SIGKILL), stops it (SIGTERM) or fills its disk, and
// restarts it on the same data and ports. At the end it checks that every
// acknowledged alert was counted exactly once: none lost, none twice, each
// incident's timeline intact.
//
//	go build -o bin/ ./cmd/...
//	go run ./cmd/breachchaos --breachd bin/breachd --data-dir /tmp/chaos
//	go run ./cmd/breachchaos --breachd bin/breachd --data-dir /tmp/chaos-term --mode term
//	sudo mount -t tmpfs -o size=256m tmpfs /mnt/chaos
//	go run ./cmd/breachchaos --breachd bin/breachd --data-dir /mnt/chaos --mode disk-full --log /tmp/chaos.log
//
// Progress goes to stderr, one line a cycle; the report to stdout. It
// exits 1 when the run failed, naming why.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "breachchaos: %v\n", err)
		os.Exit(1)
	}
}

// run parses args, runs the chaos and prints the report to stdout. It
// returns an error when the flags are wrong, the run could not be carried
// out, or the run failed its checks.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	rep, err := chaos(ctx, o, stderr)
	if rep != nil {
		rep.print(stdout)
	}
	return err
}
