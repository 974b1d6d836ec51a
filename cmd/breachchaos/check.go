package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// pageSize is the largest page GET /api/v1/incidents serves.
const pageSize = 1000

// listIncidents reads every incident, page by page.
func listIncidents(ctx context.Context, cl *client.Client) ([]*incident.Incident, error) {
	var out []*incident.Incident
	opts := client.ListOptions{Limit: pageSize}
	for {
		page, err := cl.ListIncidents(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("list incidents: %w", err)
		}
		for _, li := range page.Incidents {
			out = append(out, li.Incident)
		}
		if page.NextCursor == "" {
			return out, nil
		}
		opts.Cursor = page.NextCursor
	}
}

// counted is the sum of alert_count over incs.
func counted(incs []*incident.Incident) int64 {
	var n int64
	for _, inc := range incs {
		n += inc.AlertCount
	}
	return n
}

// waitCounted polls the incidents until their alerts add up to acked, or
// timeout passes; it returns the last listing either way. More than acked
// is not waited out: it can only grow.
func waitCounted(ctx context.Context, cl *client.Client, acked int64, timeout time.Duration) ([]*incident.Incident, error) {
	deadline := time.Now().Add(timeout)
	for {
		incs, err := listIncidents(ctx, cl)
		if err == nil && counted(incs) >= acked {
			return incs, nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return nil, err
			}
			return incs, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkCounts compares the incidents with the acknowledged alerts
// 0..acked-1: one incident a fingerprint, holding exactly that
// fingerprint's alerts. Each problem is named; nil when there is none.
func checkCounts(incs []*incident.Incident, acked, fingerprints int) error {
	want := make(map[string]int64, fingerprints)
	for i := range acked {
		want[fingerprint(i, fingerprints)]++
	}
	var problems []error
	if len(incs) != len(want) {
		problems = append(problems, fmt.Errorf("%d incidents, want %d (one per fingerprint)", len(incs), len(want)))
	}
	if got := counted(incs); got != int64(acked) {
		what := "lost"
		if got > int64(acked) {
			what = "counted twice"
		}
		problems = append(problems, fmt.Errorf("the incidents count %d alerts, %d were acknowledged: %d %s",
			got, acked, abs(got-int64(acked)), what))
	}
	for _, inc := range incs {
		if len(inc.Fingerprints) != 1 {
			problems = append(problems, fmt.Errorf("%s has fingerprints %v, want one", inc.ID, inc.Fingerprints))
			continue
		}
		fp := inc.Fingerprints[0]
		if n, ok := want[fp]; !ok {
			problems = append(problems, fmt.Errorf("%s has fingerprint %s, which no acknowledged alert has", inc.ID, fp))
		} else if inc.AlertCount != n {
			problems = append(problems, fmt.Errorf("%s (%s) counts %d alerts, want %d", inc.ID, fp, inc.AlertCount, n))
		}
	}
	return errors.Join(problems...)
}

func abs(n int64) int64 { return max(n, -n) }

// verifyTimelines checks each incident's timeline as breachctl verify does
// (the API has no verify route): one unbroken hash chain whose head is the
// incident's, and a record that says what its events say.
func verifyTimelines(ctx context.Context, cl *client.Client, incs []*incident.Incident) error {
	var problems []error
	for _, inc := range incs {
		if err := verifyOne(ctx, cl, inc); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", inc.ID, err))
		}
	}
	return errors.Join(problems...)
}

func verifyOne(ctx context.Context, cl *client.Client, inc *incident.Incident) error {
	tl, err := cl.Timeline(ctx, inc.ID)
	if err != nil {
		return err
	}
	events := tl.Events
	if len(events) == 0 {
		return errors.New("the timeline is empty")
	}
	if seq, err := incident.VerifyChain(events); err != nil {
		return fmt.Errorf("chain broken at event %d: %w", seq, err)
	}
	// The incident was listed before its timeline was read: the timeline
	// may have grown since, never shrunk.
	switch n := uint64(len(events)); {
	case inc.TimelineSeq == 0 || inc.TimelineSeq > n:
		return fmt.Errorf("the incident records %d events, the timeline has %d", inc.TimelineSeq, n)
	case tl.Head != events[n-1].Hash:
		return fmt.Errorf("the timeline head %s is not the last event's hash", tl.Head)
	case events[inc.TimelineSeq-1].Hash != inc.TimelineHead:
		return fmt.Errorf("event %d does not match the incident's timeline_head", inc.TimelineSeq)
	}
	ms, err := inc.CheckAgainst(events[:inc.TimelineSeq])
	if err != nil {
		return fmt.Errorf("the timeline contradicts itself: %w", err)
	}
	if len(ms) > 0 {
		s := make([]string, len(ms))
		for i, m := range ms {
			s[i] = m.String()
		}
		return fmt.Errorf("the record disagrees with its events: %s", strings.Join(s, "; "))
	}
	return nil
}
