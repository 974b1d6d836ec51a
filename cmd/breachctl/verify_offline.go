package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
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
	seen, err := c.loadCheckpoints(ctx, app)
	if err != nil {
		return err
	}

	var rep VerifyReport
	if seen != nil {
		rep.Checkpoints = seen.Checkpoints
	}
	err = st.View(func(tx *store.Tx) error {
		ids := c.IDs
		if len(ids) == 0 {
			// Newest first, as the API lists them; then those a
			// checkpoint saw that the file no longer has.
			ids = tx.IncidentIDs()
			slices.Reverse(ids)
			if seen != nil {
				have := make(map[string]bool, len(ids))
				for _, id := range ids {
					have[id] = true
				}
				for _, id := range seen.Incidents() {
					if !have[id] {
						ids = append(ids, id)
					}
				}
			}
		}
		showProgress := len(ids) > progressOver
		if showProgress {
			fmt.Fprintf(app.Stderr, "verify: checking %d incidents in %s\n", len(ids), c.Offline)
		}
		for i, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			rep.Results = append(rep.Results, checkStored(tx, id, seen))
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

// checkStored checks one incident as stored in the file, and against what
// the checkpoints saw of it when seen is not nil.
func checkStored(tx *store.Tx, id string, seen *checkpoint.Seen) VerifyResult {
	r := VerifyResult{Incident: id}
	inc, err := tx.Incident(id)
	switch {
	case err != nil:
		r.Problem = err.Error()
		return r
	case inc == nil && seen != nil && seen.Saw(id):
		r.Problem = "incident " + id + ": not found, but a checkpoint saw it: it was removed"
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
	if seen != nil {
		// Checked first: a cut or re-chained timeline usually leaves the
		// record consistent with it, and this says why it is broken.
		if err := seen.Check(id, events); err != nil {
			r.Problem = err.Error()
			return r
		}
	}
	for _, f := range incident.FiledDrafts(events) {
		body, err := tx.FiledDraft(id, f.Draft.SHA256)
		if err != nil {
			r.Seq, r.Problem = f.Seq, fmt.Sprintf("the draft filed at event %d is gone: %v", f.Seq, err)
			return r
		}
		if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != f.Draft.SHA256 {
			r.Seq, r.Problem = f.Seq, fmt.Sprintf("the draft filed at event %d was changed: its SHA-256 is %x, the event says %s", f.Seq, sum, f.Draft.SHA256)
			return r
		}
	}
	r.check(inc, events)
	return r
}

// loadCheckpoints reads the checkpoints signed with --key, or returns nil
// without --key: from --checkpoints FILE, else beside the --offline file,
// else from the daemon (GET /api/v1/checkpoints). A checkpoint that does
// not verify is an error: someone forged or altered it. So is a broken
// chain, and finding none: there is nothing to check against, and saying
// OK would claim more than was checked.
func (c *VerifyCmd) loadCheckpoints(ctx context.Context, app *App) (*checkpoint.Seen, error) {
	if c.Key == "" {
		if c.Checkpoints != "" {
			return nil, errors.New("--checkpoints needs --key: the public key to check them with")
		}
		return nil, nil
	}
	pub, err := readPublicKey(c.Key)
	if err != nil {
		return nil, err
	}
	var (
		path = c.Checkpoints
		src  io.Reader
	)
	switch {
	case path == "" && c.Offline == "":
		var buf bytes.Buffer
		if err := app.Client.Checkpoints(ctx, &buf); err != nil {
			return nil, fmt.Errorf("checkpoints: %w (pass --checkpoints FILE)", err)
		}
		path, src = app.Client.Server()+"/api/v1/checkpoints", &buf
	default:
		if path == "" {
			path = filepath.Join(filepath.Dir(c.Offline), checkpoint.LogFile)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("checkpoints: %w (pass --checkpoints FILE)", err)
		}
		defer f.Close()
		src = f
	}
	seen, problems, err := checkpoint.Read(src, pub)
	if err != nil {
		return nil, fmt.Errorf("read checkpoints %s: %w", path, err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("checkpoints %s: %d do not verify with the key (forged or altered): %w", path, len(problems), errors.Join(problems...))
	}
	if len(seen.Gaps) > 0 {
		return nil, fmt.Errorf("checkpoints %s: the chain is broken: %w", path, errors.Join(seen.Gaps...))
	}
	if seen.Checkpoints == 0 {
		return nil, fmt.Errorf("checkpoints %s: none signed with this key", path)
	}
	if !app.JSON {
		fmt.Fprintf(app.Stdout, "checking against %s signed with the key, the latest taken %s\n",
			count(seen.Checkpoints, "checkpoint", "checkpoints"), seen.Latest.Format(time.RFC3339))
	}
	return seen, nil
}

// readPublicKey reads --key: the key itself (ed25519:…) or a file holding it.
func readPublicKey(arg string) (ed25519.PublicKey, error) {
	text := arg
	if raw, err := os.ReadFile(arg); err == nil {
		text = string(raw)
	}
	pub, err := checkpoint.ParsePublicKey(text)
	if err != nil {
		return nil, fmt.Errorf("--key: %w", err)
	}
	return pub, nil
}
