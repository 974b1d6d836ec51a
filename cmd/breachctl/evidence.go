package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"

	"github.com/breachd/breachd/evidence"
)

// EvidenceCmd writes an incident's evidence bundle.
type EvidenceCmd struct {
	ID  string `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Out string `required:"" placeholder:"FILE" help:"Where to write the bundle (a zip); breachctl verify --bundle FILE --key PUB checks it anywhere."`
}

// Run fetches the bundle into --out.
func (c *EvidenceCmd) Run(ctx context.Context, app *App) error {
	f, err := os.OpenFile(c.Out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	n, err := app.Client.Evidence(ctx, c.ID, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(c.Out)
		return err
	}
	fmt.Fprintf(app.Stdout, "wrote the evidence of %s to %s (%d bytes); check it with: breachctl verify --bundle %s --key checkpoint.pub\n",
		c.ID, c.Out, n, c.Out)
	return nil
}

// runBundle checks an evidence bundle offline.
func (c *VerifyCmd) runBundle(app *App) error {
	if c.Offline != "" || c.Checkpoints != "" || len(c.IDs) > 0 {
		return errors.New("--bundle checks one bundle: it takes --key, not --offline, --checkpoints or incident ids")
	}
	f, err := os.Open(c.Bundle)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var pub ed25519.PublicKey // none: the checkpoints are not checked
	if c.Key != "" {
		if pub, err = readPublicKey(c.Key); err != nil {
			return err
		}
	}
	rep, err := evidence.Verify(f, st.Size(), pub)
	if err != nil {
		return err
	}
	if app.JSON {
		if err := writeJSON(app.Stdout, rep); err != nil {
			return err
		}
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintf(app.Stdout, "%s  BROKEN: %s\n", cell(rep.Incident, 0), cell(p, 0))
		}
		if len(rep.Problems) == 0 {
			what := "chain and record"
			if rep.DraftsChecked > 0 {
				what += fmt.Sprintf(", %d %s as filed", rep.DraftsChecked, plural(rep.DraftsChecked, "draft", "drafts"))
			}
			if c.Key != "" {
				what += fmt.Sprintf(", %d signed %s", rep.HeadsChecked, plural(rep.HeadsChecked, "head", "heads"))
			}
			fmt.Fprintf(app.Stdout, "%s  OK: %d events, head %s (%s checked)\n", cell(rep.Incident, 0), rep.Events, short(rep.Head), what)
		}
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("the evidence of %s is not intact: %d %s", rep.Incident, len(rep.Problems), plural(len(rep.Problems), "problem", "problems"))
	}
	return nil
}
