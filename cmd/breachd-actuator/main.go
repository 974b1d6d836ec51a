// Command breachd-actuator is an example actuator for breachd's playbooks:
// it answers every action request on breachd.actions.> (a nats.go micro
// service), logs what it would do, and replies ok, once per idempotency
// key. Run it next to `make run` to watch a playbook go from alert to
// end:
//
//	go run ./cmd/breachd-actuator --nats-url nats://127.0.0.1:4222 --nkey ./data/nats/actuator.nk
//
// breachd's embedded server lets in only its identities: the actuator's
// seed is <data_dir>/nats/actuator.nk (with no --nkey, ./data/nats/actuator.nk
// is used when it exists, as under make run).
package main

import (
	"context"
	"errors"
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stderr))
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("breachd-actuator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats-url", envOr("BREACHD_NATS_URL", nats.DefaultURL), "NATS server to serve on (env BREACHD_NATS_URL)")
	creds := fs.String("nats-creds", os.Getenv("BREACHD_NATS_CREDS"), "NATS credentials file (env BREACHD_NATS_CREDS)")
	nkey := fs.String("nkey", os.Getenv("BREACHD_NATS_NKEY"),
		"nkey seed file of the actuator identity of breachd's embedded server, <data_dir>/nats/actuator.nk (env BREACHD_NATS_NKEY; default "+defaultNkey+" when it exists)")
	tlsCA := fs.String("tls-ca", os.Getenv("BREACHD_NATS_TLS_CA"),
		"CA certificate file (PEM) to verify the server's TLS certificate with, when it is not in the system's store: breachd's nats_listen_tls_cert itself when self-signed (env BREACHD_NATS_TLS_CA)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := zerolog.New(zerolog.ConsoleWriter{Out: stderr}).With().Timestamp().Str("component", "actuator").Logger()
	opts := []nats.Option{nats.Name("breachd-actuator")}
	if *creds != "" {
		opts = append(opts, nats.UserCredentials(*creds))
	}
	if *tlsCA != "" {
		opts = append(opts, nats.RootCAs(*tlsCA))
	}
	if *nkey == "" && *creds == "" {
		if _, err := os.Stat(defaultNkey); err == nil {
			*nkey = defaultNkey
		}
	}
	if *nkey != "" {
		opt, err := nats.NkeyOptionFromSeed(*nkey)
		if err != nil {
			fmt.Fprintf(stderr, "breachd-actuator: --nkey: %v\n", err)
			return 1
		}
		opts = append(opts, opt)
	}
	nc, err := nats.Connect(*url, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "breachd-actuator: connect to %s: %v\n", *url, err)
		if errors.Is(err, nats.ErrAuthorization) && *nkey == "" && *creds == "" {
			fmt.Fprintf(stderr, "breachd-actuator: breachd's embedded server needs the actuator identity: --nkey <data_dir>/nats/actuator.nk\n")
		}
		return 1
	}
	defer nc.Drain()
	a, err := actuator.Start(nc, log, nil)
	if err != nil {
		fmt.Fprintf(stderr, "breachd-actuator: %v\n", err)
		return 1
	}
	defer a.Stop()
	// Serving means the server has the subscription: a request sent once
	// this line is out finds the actuator.
	if err := nc.Flush(); err != nil {
		fmt.Fprintf(stderr, "breachd-actuator: %v\n", err)
		return 1
	}
	log.Info().Str("nats", nc.ConnectedUrlRedacted()).Str("nkey", *nkey).Msg("serving breachd.actions.>")
	<-ctx.Done()
	return 0
}

// defaultNkey is the actuator's seed under make run's data directory.
const defaultNkey = "data/nats/actuator.nk"

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
