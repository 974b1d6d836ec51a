// Command breachd is the breach incident response daemon: it consumes
// security alerts from NATS JetStream, triages them into incidents and keeps
// each incident's tamper-evident timeline in bbolt.
//
// Run "breachd --help" for its flags; each is also a BREACHD_ environment
// variable and a key of the optional YAML config file (--config).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/version"
)

// shutdownTimeout bounds a graceful stop.
const shutdownTimeout = 30 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	// "breachd nats-identities [flags]" makes the NATS identities the
	// nodes of a cluster share in <data-dir>/nats, and exits.
	identitiesOnly := len(args) > 0 && args[0] == "nats-identities"
	if identitiesOnly {
		args = args[1:]
	}
	cfg, err := daemon.LoadConfig(args, getenv, stderr)
	if errors.Is(err, daemon.ErrHelp) {
		return 0
	}
	if errors.Is(err, daemon.ErrVersion) {
		fmt.Fprintln(stdout, version.Line("breachd"))
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "breachd: %v\n", err)
		return 2
	}
	if identitiesOnly {
		dir, err := daemon.WriteNATSIdentities(cfg.DataDir)
		if err != nil {
			fmt.Fprintf(stderr, "breachd: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "NATS identities in %s: copy the directory, with its modes, to <data-dir>/nats of every node before its first start\n", dir)
		return 0
	}
	log := daemon.NewLogger(&cfg, stderr)
	if cfg.MemoryLimitMiB > 0 && getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(cfg.MemoryLimitMiB) << 20)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// SIGHUP reloads the playbooks; an invalid set is logged with every
	// problem and the set in force keeps running.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	d := daemon.New(cfg, log)
	if err := d.Start(ctx); err != nil {
		daemon.LogProblems(log.Error, err, "start")
		return 1
	}
	code := 0
wait:
	for {
		select {
		case <-ctx.Done():
			log.Info().Msg("shutting down: finishing work in flight (signal again to force)")
			break wait
		case err := <-d.Err():
			log.Error().Err(err).Msg("stopping after a fatal error")
			code = 1
			break wait
		case <-hup:
			_, _ = d.ReloadPlaybooks() // logged by the daemon
			_ = d.ReloadConsoleUsers() // so is this
		}
	}
	// A second signal kills at once.
	stop()
	force := make(chan os.Signal, 1)
	signal.Notify(force, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-force
		log.Warn().Msg("forced exit")
		os.Exit(1)
	}()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := d.Stop(sctx); err != nil {
		return 1
	}
	return code
}
