package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/evidence"
	"github.com/breachd/breachd/incident"
)

// An incident's evidence bundle checks out on its own, with the checkpoint
// key, and any edit to it is reported: an event changed, the last event
// cut with the head moved to match (the checkpoint saw it), the record
// changed.
func TestAnEvidenceBundleVerifiesAnywhereAndAnyEditIsReported(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("ev-1", "high")
	td.mustCtl("note", inc.ID, "bucket policy reverted")
	td.stop() // a clean stop signs a checkpoint of every head
	td.start()
	dir := t.TempDir()
	bundle := filepath.Join(dir, "evidence.zip")
	r := td.mustCtl("evidence", inc.ID, "--out", bundle)
	require.Contains(t, r.stdout, "wrote the evidence of "+inc.ID)
	pub := filepath.Join(td.cfg.DataDir, checkpoint.PublicKeyFile)

	r = td.mustCtl("verify", "--bundle", bundle, "--key", pub)
	require.Regexp(t, inc.ID+`  OK: 3 events, head \w+… \(chain and record, 1 signed head checked\)`, r.stdout)
	require.Equal(t, exitError, td.ctl("evidence", inc.ID, "--out", bundle).code, "an existing file is not overwritten")

	edit := func(name string, change func(inc *incident.Incident, events []incident.Event) []incident.Event) string {
		t.Helper()
		files := zipFiles(t, bundle)
		var rec incident.Incident
		var events []incident.Event
		require.NoError(t, json.Unmarshal(files[evidence.IncidentFile], &rec))
		require.NoError(t, json.Unmarshal(files[evidence.TimelineFile], &events))
		events = change(&rec, events)
		files[evidence.IncidentFile], _ = json.Marshal(rec)
		files[evidence.TimelineFile], _ = json.Marshal(events)
		return writeZip(t, dir, name, files)
	}
	for name, tc := range map[string]struct {
		change func(*incident.Incident, []incident.Event) []incident.Event
		says   string
	}{
		"an edited event": {func(_ *incident.Incident, ev []incident.Event) []incident.Event {
			ev[2].Data = json.RawMessage(strings.Replace(string(ev[2].Data), "reverted", "kept", 1))
			return ev
		}, "the timeline is broken at event 3"},
		"a cut with the head moved": {func(rec *incident.Incident, ev []incident.Event) []incident.Event {
			rec.TimelineSeq, rec.TimelineHead = ev[1].Seq, ev[1].Hash
			return ev[:2]
		}, "events were removed"},
		"an edited record": {func(rec *incident.Incident, ev []incident.Event) []incident.Event {
			rec.AlertCount = 7
			return ev
		}, "alert_count"},
	} {
		t.Run(name, func(t *testing.T) {
			r := td.ctl("verify", "--bundle", edit(strings.ReplaceAll(name, " ", "-")+".zip", tc.change), "--key", pub)
			require.Equal(t, exitError, r.code, r.String())
			require.Contains(t, r.stdout, inc.ID+"  BROKEN: ")
			require.Contains(t, r.stdout, tc.says)
		})
	}
}
