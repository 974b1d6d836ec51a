package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// How verify works through many incidents.
const (
	verifyWorkers = 4   // timelines fetched at once
	verifyChunk   = 100 // incidents checked between two prints; divides progressEvery
	progressOver  = 100 // past this many incidents, progress goes to stderr
	progressEvery = 500 // incidents between two progress lines
)

// VerifyCmd checks that incident timelines are intact: each is one unbroken
// hash chain from event 1, its last event is the head the daemon records, the
// head the incident carries is in the chain at its sequence, and the incident
// record says what its events say (incident.CheckAgainst). It reads
// everything through the API, so it runs against a live daemon; an incident
// that gains events while it is checked still verifies. With --offline it
// reads a database file instead (see runOffline).
type VerifyCmd struct {
	IDs     []string `arg:"" optional:"" name:"id" help:"Incidents to check (default: every incident)."`
	Offline string   `placeholder:"FILE" type:"existingfile" help:"Check a database file (a backup, a copy) without the daemon: opened read-only, it must not be the file a running daemon holds."`
	Key     string   `placeholder:"PUB" help:"The checkpoint public key (ed25519:…, as breachd logs it, or the file checkpoint.pub); every head a checkpoint signed with it saw must still be there. The checkpoints come from --checkpoints FILE, else checkpoints.jsonl beside the --offline FILE, else the daemon."`
	// Checkpoints is where the signed checkpoints are: the data
	// directory's checkpoints.jsonl, or breachd's log.
	Checkpoints string `placeholder:"FILE" type:"existingfile" help:"With --key: the checkpoints, one a line (the data directory's checkpoints.jsonl, or breachd's JSON log); default: checkpoints.jsonl beside the --offline FILE."`
	// Bundle is an incident's evidence bundle (breachctl evidence).
	Bundle string `placeholder:"FILE" type:"existingfile" help:"Check an evidence bundle (breachctl evidence ID --out FILE) without the daemon: its chain, its record against its events and, with --key, its checkpoints."`
}

// VerifyResult is the outcome for one incident.
type VerifyResult struct {
	Incident string `json:"incident"`
	OK       bool   `json:"ok"`
	Events   int    `json:"events"`
	// Seq is the first broken link, when the problem has one.
	Seq     uint64 `json:"seq,omitempty"`
	Problem string `json:"problem,omitempty"`
	// Mismatches are the fields of the incident record that disagree
	// with what its events say (the chain itself being intact).
	Mismatches []incident.Mismatch `json:"mismatches,omitempty"`
}

// VerifyReport is verify's whole outcome, as printed by -o json.
type VerifyReport struct {
	Incidents int            `json:"incidents"`
	Events    int            `json:"events"`
	Broken    int            `json:"broken"`
	Results   []VerifyResult `json:"results"`
	// File lists, with --offline, what is wrong with the database file
	// beyond any one incident: bbolt's pages, events of no incident.
	File []string `json:"file,omitempty"`
	// Checkpoints is how many signed checkpoints the file was checked
	// against (--key).
	Checkpoints int `json:"checkpoints,omitempty"`
}

// target is one incident to check; inc is nil until fetched.
type target struct {
	id  string
	inc *incident.Incident
}

// Run verifies the incidents.
func (c *VerifyCmd) Run(ctx context.Context, app *App) error {
	if c.Bundle != "" {
		return c.runBundle(app)
	}
	if c.Offline != "" {
		return c.runOffline(ctx, app)
	}
	seen, err := c.loadCheckpoints(ctx, app)
	if err != nil {
		return err
	}
	targets, err := c.targets(ctx, app)
	if err != nil {
		return err
	}
	if seen != nil && len(c.IDs) == 0 {
		// An incident a checkpoint saw must still be there.
		listed := make(map[string]bool, len(targets))
		for _, t := range targets {
			listed[t.id] = true
		}
		for _, id := range seen.Incidents() {
			if !listed[id] {
				targets = append(targets, target{id: id})
			}
		}
	}
	total := len(targets)
	showProgress := total > progressOver
	if showProgress {
		fmt.Fprintf(app.Stderr, "verify: checking %d incidents\n", total)
	}
	rep := VerifyReport{Results: make([]VerifyResult, total)}
	if seen != nil {
		rep.Checkpoints = seen.Checkpoints
	}
	for start := 0; start < total; start += verifyChunk {
		end := min(start+verifyChunk, total)
		if err := checkChunk(ctx, app.Client, seen, targets[start:end], rep.Results[start:end]); err != nil {
			return err
		}
		rep.add(app, rep.Results[start:end])
		if showProgress && (end/progressEvery > start/progressEvery || end == total) {
			fmt.Fprintf(app.Stderr, "verify: checked %d of %d incidents\n", end, total)
		}
	}
	return rep.finish(app)
}

// add counts results already in rep.Results and prints them.
func (rep *VerifyReport) add(app *App, results []VerifyResult) {
	for _, r := range results {
		rep.Incidents++
		rep.Events += r.Events
		if !r.OK {
			rep.Broken++
		}
		if !app.JSON {
			printResult(app, r)
		}
	}
}

// finish prints the summary (or the whole report as JSON) and returns the
// error that makes the exit status non-zero when anything is broken.
func (rep *VerifyReport) finish(app *App) error {
	if app.JSON {
		if err := writeJSON(app.Stdout, rep); err != nil {
			return err
		}
	} else {
		summary := fmt.Sprintf("verified %s, %s", count(rep.Incidents, "incident", "incidents"), count(rep.Events, "event", "events"))
		if rep.Broken > 0 {
			summary += fmt.Sprintf(": %d broken", rep.Broken)
		}
		if len(rep.File) > 0 {
			summary += fmt.Sprintf(", %s", count(len(rep.File), "problem with the file", "problems with the file"))
		}
		fmt.Fprintln(app.Stdout, summary)
	}
	return rep.err()
}

// targets lists the incidents to check: those named, or every one.
func (c *VerifyCmd) targets(ctx context.Context, app *App) ([]target, error) {
	if len(c.IDs) > 0 {
		ts := make([]target, len(c.IDs))
		for i, id := range c.IDs {
			ts[i] = target{id: id}
		}
		return ts, nil
	}
	incs, err := listAll(ctx, app.Client, client.ListOptions{Limit: maxPageSize}, func(n int) {
		if n > progressOver {
			fmt.Fprintf(app.Stderr, "verify: listed %d incidents\n", n)
		}
	})
	if err != nil {
		return nil, err
	}
	ts := make([]target, len(incs))
	for i, inc := range incs {
		ts[i] = target{id: inc.ID, inc: inc.Incident}
	}
	return ts, nil
}

// checkChunk checks targets at once into results. An error is one that
// stops verify altogether (the server is unreachable, the token wrong); a
// problem with one incident is its result.
func checkChunk(ctx context.Context, cl *client.Client, seen *checkpoint.Seen, targets []target, results []VerifyResult) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for range min(verifyWorkers, len(targets)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(targets) || ctx.Err() != nil {
					return
				}
				r, err := checkOne(ctx, cl, seen, targets[i])
				if err != nil {
					errOnce.Do(func() { firstErr = err; cancel() })
					return
				}
				results[i] = r
			}
		})
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		// The caller's context ended; ours is only cancelled on firstErr.
		return context.Cause(ctx)
	}
	return firstErr
}

// checkOne fetches and checks one incident's timeline, and with seen every
// head the checkpoints saw of it.
func checkOne(ctx context.Context, cl *client.Client, seen *checkpoint.Seen, t target) (VerifyResult, error) {
	r := VerifyResult{Incident: t.id}
	inc := t.inc
	if inc == nil {
		got, err := cl.Incident(ctx, t.id)
		if err != nil {
			return r.failed(err)
		}
		inc = got
	}
	tl, err := cl.Timeline(ctx, t.id)
	if err != nil {
		return r.failed(err)
	}
	r.Events = len(tl.Events)
	if seq, err := verifyTimeline(inc, tl); err != nil {
		r.Seq, r.Problem = seq, err.Error()
		return r, nil
	}
	r.check(inc, tl.Events[:inc.TimelineSeq])
	if r.OK && seen != nil && seen.Saw(t.id) {
		if err := seen.Check(t.id, tl.Events); err != nil {
			r.OK, r.Problem = false, err.Error()
		}
	}
	return r, nil
}

// check compares the record with the events up to the head it recorded
// (the timeline may have grown since it was read) and sets OK, or the
// problem and every mismatch.
func (r *VerifyResult) check(inc *incident.Incident, events []incident.Event) {
	ms, err := inc.CheckAgainst(events)
	switch {
	case err != nil:
		r.Problem = "the timeline contradicts itself: " + err.Error()
	case len(ms) > 0:
		r.Mismatches = ms
		problems := make([]string, len(ms))
		for i, m := range ms {
			problems[i] = m.String()
		}
		r.Problem = strings.Join(problems, "; ")
	default:
		r.OK = true
	}
}

// failed turns an API answer about this incident (it does not exist, the
// server could not read it) into a broken result; any other error stops
// verify.
func (r VerifyResult) failed(err error) (VerifyResult, error) {
	var apiErr *client.Error
	if errors.As(err, &apiErr) && (apiErr.Status == http.StatusNotFound || apiErr.Status == http.StatusBadRequest ||
		apiErr.Status >= http.StatusInternalServerError) {
		r.Problem = err.Error()
		return r, nil
	}
	return r, err
}

// verifyTimeline checks tl, fetched after inc: the chain is unbroken from
// event 1, its last event is the head the server returned with it, and the
// head inc recorded is in the chain at its sequence (the timeline may have
// grown since inc was read, never shrunk). It returns the first broken
// link's sequence (0 when the problem has none) and what is wrong.
func verifyTimeline(inc *incident.Incident, tl client.Timeline) (uint64, error) {
	events := tl.Events
	n := uint64(len(events))
	switch {
	case tl.Incident != inc.ID:
		return 0, fmt.Errorf("asked for the timeline of %s, got that of %q", inc.ID, tl.Incident)
	case n == 0:
		return 1, errors.New("the timeline is empty")
	}
	if seq, err := incident.VerifyChain(events); err != nil {
		return seq, err
	}
	for i := range events {
		if e := &events[i]; e.Incident != inc.ID {
			return e.Seq, fmt.Errorf("event %d belongs to incident %q", e.Seq, e.Incident)
		}
	}
	last := &events[n-1]
	switch {
	case inc.TimelineSeq == 0:
		return 0, errors.New("the incident records no timeline head")
	case inc.TimelineSeq > n:
		return n + 1, fmt.Errorf("event %d is missing: the timeline ends at event %d but the incident records %d events", n+1, n, inc.TimelineSeq)
	case tl.Head != last.Hash:
		return last.Seq, fmt.Errorf("event %d is the last one, but the timeline head is %s, not its hash %s: later events are missing",
			last.Seq, short(tl.Head), short(last.Hash))
	case events[inc.TimelineSeq-1].Hash != inc.TimelineHead:
		return inc.TimelineSeq, fmt.Errorf("event %d does not match the incident's timeline_head %s (its hash is %s)",
			inc.TimelineSeq, short(inc.TimelineHead), short(events[inc.TimelineSeq-1].Hash))
	}
	return 0, nil
}

// printResult prints one incident's line.
func printResult(app *App, r VerifyResult) {
	switch {
	case r.OK:
		fmt.Fprintf(app.Stdout, "%s  OK  %s\n", cell(r.Incident, 0), count(r.Events, "event", "events"))
	case len(r.Mismatches) > 0:
		// One line a field, so that each can be read (and grepped) alone.
		for _, m := range r.Mismatches {
			fmt.Fprintf(app.Stdout, "%s  BROKEN: %s\n", cell(r.Incident, 0), cell(m.String(), 0))
		}
	case r.Seq > 0:
		fmt.Fprintf(app.Stdout, "%s  BROKEN at event %d: %s\n", cell(r.Incident, 0), r.Seq, cell(r.Problem, 0))
	default:
		fmt.Fprintf(app.Stdout, "%s  BROKEN: %s\n", cell(r.Incident, 0), cell(r.Problem, 0))
	}
}

// err is nil when every incident verified, else it names the first broken one.
func (rep *VerifyReport) err() error {
	if rep.Broken == 0 && len(rep.File) > 0 {
		return fmt.Errorf("the database file is inconsistent: %s", rep.File[0])
	}
	if rep.Broken == 0 {
		return nil
	}
	var first VerifyResult
	for _, r := range rep.Results {
		if !r.OK {
			first = r
			break
		}
	}
	msg := fmt.Sprintf("incident %s: %s", first.Incident, first.Problem)
	if first.Seq > 0 {
		msg = fmt.Sprintf("timeline of %s broken at event %d: %s", first.Incident, first.Seq, first.Problem)
	}
	if rep.Broken > 1 {
		msg = fmt.Sprintf("%d of %d incidents failed verification; the first: %s", rep.Broken, rep.Incidents, msg)
	}
	return errors.New(msg)
}
