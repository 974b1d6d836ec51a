package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/breachd/breachd/client"
)

// DLQCmd groups the dead-letter commands.
type DLQCmd struct {
	List   DLQListCmd   `cmd:"" help:"List the dead-letter stream (ALERTS_DLQ): alerts refused as bad input, and alerts given up after max_deliver attempts."`
	Replay DLQReplayCmd `cmd:"" help:"Put dead-lettered alerts back through intake (after fixing what refused them: a severity_map entry, a clock): each is published again on its subject; an alert an open incident took already counts once."`
}

// DLQListCmd lists dead-letter entries.
type DLQListCmd struct {
	Reason string `help:"Only entries of this reason (invalid_field, future_time, max_deliveries, …)." placeholder:"R"`
	Limit  int    `help:"At most this many entries (1 to 1000)." default:"100"`
}

// Run lists the entries.
func (c *DLQListCmd) Run(ctx context.Context, app *App) error {
	list, err := app.Client.DeadLetters(ctx, c.Reason, c.Limit)
	if err != nil {
		return err
	}
	if list.DeadLetters == nil {
		list.DeadLetters = []client.DeadLetter{}
	}
	if app.JSON {
		return writeJSON(app.Stdout, list)
	}
	if len(list.DeadLetters) == 0 {
		fmt.Fprintln(app.Stderr, "the dead-letter stream is empty")
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "SEQ\tTIME\tREASON\tALERT\tFROM\tERROR")
	for _, d := range list.DeadLetters {
		from := d.OriginalSubject
		if d.OriginalSeq > 0 {
			from = fmt.Sprintf("%s (%s #%d)", orDash(from), d.OriginalStream, d.OriginalSeq)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", d.Seq, timeCell(d.Time), cell(d.Reason, 0), orDash(cell(d.AlertID, 40)),
			orDash(cell(from, 60)), orDash(cell(d.Error, 100)))
	}
	return tw.Flush()
}

// DLQReplayCmd replays dead-letter entries.
type DLQReplayCmd struct {
	Reason string   `help:"Replay the entries of this reason." placeholder:"R"`
	Seqs   []uint64 `arg:"" optional:"" name:"seq" help:"Replay these entries (their SEQ in dlq list)."`
	All    bool     `help:"Replay every entry (without --reason or SEQ, nothing is replayed unless --all is given)."`
}

// Validate refuses a replay that names no entries: replaying all of them
// takes --all.
func (c *DLQReplayCmd) Validate() error {
	if c.Reason == "" && len(c.Seqs) == 0 && !c.All {
		return errors.New("say which entries to replay: --reason R, their SEQ (breachctl dlq list), or --all")
	}
	return nil
}

// Run replays the entries.
func (c *DLQReplayCmd) Run(ctx context.Context, app *App) error {
	out, err := app.Client.ReplayDeadLetters(ctx, client.ReplayRequest{Reason: c.Reason, Seqs: c.Seqs})
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, out)
	}
	fmt.Fprintf(app.Stdout, "replayed %d %s\n", len(out.Replayed), plural(len(out.Replayed), "entry", "entries"))
	for _, f := range out.Failed {
		fmt.Fprintf(app.Stdout, "not replayed: %s: %s\n", strconv.FormatUint(f.Seq, 10), f.Error)
	}
	if len(out.Failed) > 0 {
		return fmt.Errorf("%d %s not replayed", len(out.Failed), plural(len(out.Failed), "entry", "entries"))
	}
	return nil
}
