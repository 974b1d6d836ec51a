package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/store"
)

// offlineLockTimeout is how long --offline waits for the file's lock: a
// daemon holds it for as long as it runs.
const offlineLockTimeout = time.Second

// runOffline verifies a database file without the daemon: every incident
// (or those named) as the API path does (chain, head, record against its
// events), then the file itself. It opens the file read-only and changes
// nothing in it.
func (c *VerifyCmd) runOffline(ctx context.Context, app *App) error {
	st, err := store.Open(c.Offline, store.Options{ReadOnly: true, LockTimeout: offlineLockTimeout})
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("%s is in use (is a daemon running on it?): verify it through the daemon, or verify a backup: %w", c.Offline, err)
		}
		return fmt.Errorf("open %s: %w", c.Offline, err)
	}
	defer st.Close()

	var rep VerifyReport
	err = st.View(func(tx *store.Tx) error {
		ids := c.IDs
		if len(ids) == 0 {
			// Newest first, as the API lists them.
			ids = tx.IncidentIDs()
			slices.Reverse(ids)
		}
		showProgress := len(ids) > progressOver
		if showProgress {
			fmt.Fprintf(app.Stderr, "verify: checking %d incidents in %s\n", len(ids), c.Offline)
		}
		for i, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			rep.Results = append(rep.Results, checkStored(tx, id))
			rep.add(app, rep.Results[i:])
			if showProgress && ((i+1)%progressEvery == 0 || i+1 == len(ids)) {
				fmt.Fprintf(app.Stderr, "verify: checked %d of %d incidents\n", i+1, len(ids))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", c.Offline, err)
	}
	if err := st.CheckFile(); err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			rep.File = append(rep.File, e.Error())
			if !app.JSON {
				fmt.Fprintf(app.Stdout, "%s  BROKEN: %s\n", c.Offline, cell(e.Error(), 0))
			}
		}
	}
	return rep.finish(app)
}

// checkStored checks one incident as stored in the file.
func checkStored(tx *store.Tx, id string) VerifyResult {
	r := VerifyResult{Incident: id}
	inc, err := tx.Incident(id)
	switch {
	case err != nil:
		r.Problem = err.Error()
		return r
	case inc == nil:
		r.Problem = "incident " + id + ": not found"
		return r
	}
	events, err := tx.Timeline(id)
	if err != nil {
		r.Problem = err.Error()
		return r
	}
	r.Events = len(events)
	// The file holds one moment, so unlike through the API the record's
	// head must be the last event: the chain is checked up to its own end,
	// and the record against all of it (timeline_seq and timeline_head
	// included).
	tl := client.Timeline{Incident: id, Head: events[len(events)-1].Hash, Events: events}
	if seq, err := verifyTimeline(inc, tl); err != nil {
		r.Seq, r.Problem = seq, err.Error()
		return r
	}
	r.check(inc, events)
	return r
}
