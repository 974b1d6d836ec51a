// Command breachctl is the operator CLI of breachd: send alerts, list and
// drive incidents, verify their hash-chained timelines and take backups.
//
// It talks only to the daemon's HTTP API (--server, BREACHCTL_SERVER) and
// never opens the database, which the running daemon owns. "obligations
// evaluate" is the exception: it evaluates breach facts offline against the
// embedded regulation catalog. Run "breachctl --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
