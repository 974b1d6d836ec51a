// Command breachload measures a running breachd: it publishes N alerts of
// about 1 KiB at a given rate over K fingerprints to the ALERTS stream and
// reports how many alerts per second were durably committed (acknowledged by
// breachd, which acks only after its commit), the publish→commit latency
// percentiles and the daemon's resident memory.
//
// Latency is measured per alert on the client: from the publish to the
// moment breachd's acknowledgement for that alert crosses NATS (breachload
// listens on the $JS.ACK subjects). Since breachd acks right after the
// commit, that is the publish→commit time plus one network hop.
//
//	make run &                       # a daemon on embedded defaults
//	go run ./cmd/breachload -n 200000 -fingerprints 1000
//	go run ./cmd/breachload -n 60000 -rate 1000
//	go run ./cmd/breachload fill -data-dir /tmp/big -incidents 1000000   # a big database, no daemon
//	go run ./cmd/breachload register -data-dir /tmp/big -format csv      # time its register export
//	go run ./cmd/breachload warm -data-dir /tmp/big                      # time the console's start over it
//
// It reads breachd's consumer and its acknowledgements, which only
// breachd's own identity may: -nkey <data_dir>/nats/breachd.nk (by
// default ./data/nats/breachd.nk, make run's, when it exists).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "breachload: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "fill" {
		return fill(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "register" {
		return register(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "warm" {
		return warm(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("breachload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.natsURL, "nats", "nats://127.0.0.1:4222", "NATS URL of the daemon's server")
	fs.StringVar(&o.nkey, "nkey", "", "nkey seed file of breachd's own identity on its embedded server, <data_dir>/nats/breachd.nk (default "+defaultNkey+" when it exists)")
	fs.StringVar(&o.tlsCA, "tls-ca", "", "CA certificate file (PEM) of the NATS server's TLS certificate (breachd's nats_listen_tls_cert when self-signed)")
	fs.StringVar(&o.server, "server", "http://127.0.0.1:8080", "breachd API, for its metrics (RSS); empty to skip")
	fs.StringVar(&o.token, "token", os.Getenv("BREACHD_API_TOKEN"), "API bearer token (env BREACHD_API_TOKEN)")
	fs.IntVar(&o.n, "n", 100_000, "alerts to publish")
	fs.Float64Var(&o.rate, "rate", 0, "alerts per second to offer; 0 publishes as fast as the stream takes them")
	fs.IntVar(&o.fingerprints, "fingerprints", 1000, "distinct fingerprints (one incident each)")
	fs.IntVar(&o.size, "size", 1024, "approximate alert size in bytes")
	fs.StringVar(&o.subject, "subject", "alerts.load", "subject to publish on")
	fs.StringVar(&o.stream, "stream", "ALERTS", "stream breachd consumes")
	fs.StringVar(&o.consumer, "consumer", "breachd", "breachd's durable consumer")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up waiting for commits after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.nkey == "" {
		if _, err := os.Stat(defaultNkey); err == nil {
			o.nkey = defaultNkey
		}
	}
	if err := o.validate(); err != nil {
		return err
	}
	res, err := measure(ctx, o, stderr)
	if err != nil {
		return err
	}
	res.print(stdout, o)
	return nil
}

// defaultNkey is breachd's own seed under make run's data directory.
const defaultNkey = "data/nats/breachd.nk"
