package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/store"
)

// fill writes a database of many incidents without a daemon, for measuring
// breachd at rest with a big database (start-up, the API's pages, the
// register). Each incident is opened by one alert through the same triage,
// obligation tracking and commit as the daemon's intake; every nth carries
// personal data (EU-IE and US-CA), so that its incident has breach facts
// and obligations. Playbooks and Slack are not run.
//
//	go run ./cmd/breachload fill -data-dir /tmp/big -incidents 1000000 -facts-every 10
//	go run ./cmd/breachd --data-dir /tmp/big
func fill(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("breachload fill", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "breachd data directory to fill (its breachd.db is created or added to); breachd must not be running on it")
	n := fs.Int("incidents", 100_000, "incidents to open")
	factsEvery := fs.Int("facts-every", 10, "every nth incident has breach facts and obligations; 1: all, 0: none")
	batch := fs.Int("batch", 5000, "incidents per transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *dataDir == "":
		return errors.New("-data-dir is required")
	case *n < 1:
		return fmt.Errorf("-incidents %d: must be at least 1", *n)
	case *factsEvery < 0:
		return fmt.Errorf("-facts-every %d: must not be negative", *factsEvery)
	case *batch < 1 || *batch > 100_000:
		return fmt.Errorf("-batch %d: must be 1 to 100000", *batch)
	}
	s, err := store.Open(filepath.Join(*dataDir, "breachd.db"), store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	tracker, err := obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets())
	if err != nil {
		return err
	}
	policy := incident.DefaultPolicy()
	prefix := fmt.Sprintf("fill-%d", time.Now().UnixNano())
	// The alerts go back in time from now, one a second, so that the
	// incidents spread over days as a real database's do.
	start := time.Now().UTC().Add(-time.Duration(*n) * time.Second)
	began := time.Now()
	for done := 0; done < *n; {
		if err := ctx.Err(); err != nil {
			return err
		}
		size := min(*batch, *n-done)
		at := start.Add(time.Duration(done+size) * time.Second)
		err := s.Update(func(tx *store.Tx) error {
			tr := incident.NewTriage(policy, tx)
			for i := done; i < done+size; i++ {
				a := fillAlert(prefix, i, start.Add(time.Duration(i)*time.Second), *factsEvery > 0 && i%*factsEvery == 0)
				if _, err := tr.Add(a, a.Time); err != nil {
					return fmt.Errorf("alert %s: %w", a.ID, err)
				}
			}
			c := tr.Changes()
			if err := tracker.Track(tx, &c, at); err != nil {
				return err
			}
			return tx.Apply(c)
		})
		if err != nil {
			return err
		}
		done += size
		elapsed := time.Since(began)
		fmt.Fprintf(stderr, "\r%d of %d incidents (%.0f/s)", done, *n, float64(done)/elapsed.Seconds())
	}
	fmt.Fprintln(stderr)
	info, err := os.Stat(s.Path())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "filled %s: %d incidents in %s, file %d MiB\n", s.Path(), *n, time.Since(began).Round(time.Millisecond), info.Size()>>20)
	return nil
}

// fillAlert is the alert that opens incident i: an asset of its own, and
// personal data when pd.
func fillAlert(prefix string, i int, at time.Time, pd bool) *incident.Alert {
	a := &incident.Alert{
		ID:          fmt.Sprintf("%s-%d", prefix, i),
		Source:      "breachload",
		Kind:        "exfiltration",
		Time:        at,
		Severity:    incident.SeverityHigh,
		Title:       fmt.Sprintf("Unusual download volume from db-%d", i),
		Description: "Outbound transfer well above the host's baseline.",
		Asset:       incident.Asset{ID: fmt.Sprintf("db-%d", i), Type: "host", Tenant: fmt.Sprintf("tenant-%d", i%50)},
		Labels:      map[string]string{"env": "prod", "team": fmt.Sprintf("team-%d", i%20)},
	}
	if pd {
		a.PersonalData = &incident.PersonalData{Categories: []string{"name", "email"}, Subjects: 1000,
			Jurisdictions: []string{"EU-IE", "US-CA"}}
	}
	return a
}
