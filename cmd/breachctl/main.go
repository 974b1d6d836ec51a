// Command breachctl is the operator CLI of breachd: send alerts, list and
// drive incidents (status, notes, facts, narrative, submissions, approvals),
// read obligations, drafts, runs and the breach register, manage silences,
// verify the hash-chained timelines and take backups.
//
// It talks to the daemon only through its HTTP API (--server,
// BREACHCTL_SERVER) and never opens the database, which the running daemon
// owns; "backup" opens only the copy it downloaded, read-only, to check it
// before keeping it. A few commands need no daemon at all: "obligations
// evaluate" evaluates breach facts against the embedded regulation catalog,
// "playbook lint" and "playbook test" load and try playbooks, and "actions"
// lists the containment actions playbooks may name. Run "breachctl --help"
// for the commands.
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
