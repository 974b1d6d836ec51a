// Command breachd-actuator is an example actuator for breachd's playbooks:
// it answers every action request on breachd.actions.> (a nats.go micro
// service), logs what it would do, and replies ok, once per idempotency
// key. Run it next to `make run` to watch a playbook go from alert to
// end:
//
//	go run ./cmd/breachd-actuator --nats-url nats://127.0.0.1:4222
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/runs/actuator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("breachd-actuator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats-url", envOr("BREACHD_NATS_URL", nats.DefaultURL), "NATS server to serve on (env BREACHD_NATS_URL)")
	creds := fs.String("nats-creds", os.Getenv("BREACHD_NATS_CREDS"), "NATS credentials file (env BREACHD_NATS_CREDS)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := zerolog.New(zerolog.ConsoleWriter{Out: stderr}).With().Timestamp().Str("component", "actuator").Logger()
	opts := []nats.Option{nats.Name("breachd-actuator")}
	if *creds != "" {
		opts = append(opts, nats.UserCredentials(*creds))
	}
	nc, err := nats.Connect(*url, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "breachd-actuator: connect to %s: %v\n", *url, err)
		return 1
	}
	defer nc.Drain()
	a, err := actuator.Start(nc, log, nil)
	if err != nil {
		fmt.Fprintf(stderr, "breachd-actuator: %v\n", err)
		return 1
	}
	defer a.Stop()
	log.Info().Str("nats", nc.ConnectedUrlRedacted()).Msg("serving breachd.actions.>")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return 0
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
