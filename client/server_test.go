package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

var now = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

// validatingPublisher validates alerts as the real publisher does and
// publishes nowhere.
type validatingPublisher struct{}

func (validatingPublisher) Publish(_ context.Context, alerts []json.RawMessage) ([]string, []ingest.Rejected, error) {
	var (
		ids      []string
		rejected []ingest.Rejected
	)
	for i, raw := range alerts {
		a, err := ingest.DecodeNative(raw)
		if rej, ok := errors.AsType[*ingest.RejectError](err); ok {
			rejected = append(rejected, ingest.Rejected{Index: i, Reason: rej.Reason, Error: err.Error()})
			continue
		}
		ids = append(ids, a.ID)
	}
	if len(rejected) > 0 {
		return nil, rejected, nil
	}
	return ids, nil, nil
}

func (validatingPublisher) CountRejected(string) {}

// serve starts the real API in-process on a fresh store, with token, and
// returns the store and a client of it.
func serve(t *testing.T, token string) (*store.Store, *client.Client) {
	t.Helper()
	st := storetest.Open(t)
	s := api.New(api.Options{Token: token, Now: func() time.Time { return now }}, st, validatingPublisher{},
		prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	return st, newClient(t, srv.URL, token)
}

// open opens an incident through triage, as an alert would, and returns its id.
func open(t *testing.T, st *store.Store, asset string) string {
	t.Helper()
	var id string
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		out, err := tr.Add(&incident.Alert{ID: "a-" + asset, Source: "test", Kind: "k", Time: now.Add(-40 * time.Minute),
			Severity: incident.SeverityHigh, Title: "t", Asset: incident.Asset{ID: asset, Type: "host"}}, now)
		id = out.Incident
		if err != nil {
			return err
		}
		return tx.Apply(tr.Changes())
	}))
	return id
}

// The client and the server share their wire types; this drives every
// route breachctl uses through the real server and reads each answer back.
func TestEveryRouteRoundTripsThroughTheRealServer(t *testing.T) {
	st, c := serve(t, "s3cret-token")
	ctx := t.Context()
	id := open(t, st, "db-1")
	open(t, st, "db-2")

	page, err := c.ListIncidents(ctx, client.ListOptions{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Incidents, 1)
	require.NotEmpty(t, page.NextCursor)
	page, err = c.ListIncidents(ctx, client.ListOptions{Cursor: page.NextCursor, Statuses: []string{"open"}})
	require.NoError(t, err)
	require.Len(t, page.Incidents, 1)
	require.Empty(t, page.NextCursor)

	inc, err := c.Incident(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "db-1", inc.Asset.ID)

	inc, err = c.Ack(ctx, id, "alice")
	require.NoError(t, err)
	require.Equal(t, "alice", inc.AcknowledgedBy)
	inc, err = c.SetStatus(ctx, id, "contained", "bucket policy reverted", "bob")
	require.NoError(t, err)
	require.Equal(t, incident.StatusContained, inc.Status)
	inc, err = c.AddNote(ctx, id, "keys rotated", "carol")
	require.NoError(t, err)

	tl, err := c.Timeline(ctx, id)
	require.NoError(t, err)
	require.Equal(t, id, tl.Incident)
	require.Equal(t, inc.TimelineSeq, tl.HeadSeq)
	require.Equal(t, inc.TimelineHead, tl.Head)
	_, err = incident.VerifyChain(tl.Events)
	require.NoError(t, err)
	require.Equal(t, "carol", tl.Events[len(tl.Events)-1].Actor)

	_, err = c.Facts(ctx, id)
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusNotFound, apiErr.Status)
	require.Contains(t, apiErr.Message, "no breach facts yet")

	fr, err := c.PatchFacts(ctx, id, "alice",
		[]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE"],"data_subjects":1200,"risk_to_rights":true}`))
	require.NoError(t, err)
	require.Equal(t, id, fr.Incident)
	require.Equal(t, 1200, *fr.Facts.DataSubjects)
	require.Len(t, fr.Changes, 5)
	require.Equal(t, incident.ObligationDue, fr.Obligations.Find("gdpr_art33_sa").Status)
	facts, err := c.Facts(ctx, id)
	require.NoError(t, err)
	require.Equal(t, []string{"EU-IE"}, facts.Jurisdictions)
	set, err := c.Obligations(ctx, id)
	require.NoError(t, err)
	require.Equal(t, id, set.Incident)
	require.NotNil(t, set.Find("gdpr_art33_sa"))

	nr, err := c.PatchNarrative(ctx, id, "alice", map[string]string{"nature": "Customer table exported"})
	require.NoError(t, err)
	require.Equal(t, client.NarrativeResponse{Incident: id, Narrative: map[string]string{"nature": "Customer table exported"}}, nr)

	draft, err := c.Draft(ctx, id, "gdpr_art33_sa", "md", "")
	require.NoError(t, err)
	require.Contains(t, string(draft), "Customer table exported")

	sr, err := c.Submit(ctx, id, client.SubmissionRequest{Regime: "gdpr_art33_sa", Ref: "DPC-2026-118", At: "2026-03-10T14:50:00Z", Actor: "alice"})
	require.NoError(t, err)
	require.Equal(t, "DPC-2026-118", sr.Submission.Ref)
	require.Equal(t, incident.ObligationFulfilled, sr.Obligation.Status)
	require.Equal(t, incident.ObligationFulfilled, sr.Obligations.Find("gdpr_art33_sa").Status)

	dl, err := c.Deadlines(ctx, false)
	require.NoError(t, err)
	require.NotEmpty(t, dl.Deadlines)
	for _, d := range dl.Deadlines {
		require.NotEqual(t, "gdpr_art33_sa", d.Regime, "filed, so no longer open")
	}
	dl, err = c.Deadlines(ctx, true)
	require.NoError(t, err)
	require.Equal(t, "gdpr_art33_sa", dl.Deadlines[len(dl.Deadlines)-1].Regime, "the fulfilled one, last")

	reg, err := c.Register(ctx, "csv", false)
	require.NoError(t, err)
	require.Contains(t, string(reg), id)

	cs, err := c.Cluster(ctx)
	require.NoError(t, err)
	require.Len(t, cs.Nodes, 1, "a daemon without a cluster is alone")
	require.Equal(t, cs.Leader, cs.Nodes[0].Name)
	require.True(t, cs.Nodes[0].Leader)
	require.Nil(t, cs.Snapshot)

	rs, err := c.Runs(ctx, id)
	require.NoError(t, err)
	require.Equal(t, client.Runs{Incident: id, Runs: []*incident.Run{}}, rs)
	_, err = c.Decide(ctx, id, client.ApprovalRequest{Run: id + "/p", Step: "s", Decision: "approve", Approver: "alice"})
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusNotFound, apiErr.Status)
	require.Equal(t, "playbooks are not running in this daemon", apiErr.Message)

	var backup bytes.Buffer
	n, err := c.Backup(ctx, &backup)
	require.NoError(t, err)
	require.Equal(t, int64(backup.Len()), n)
	require.Positive(t, n)
}

func TestSilencesRoundTripThroughTheRealServer(t *testing.T) {
	_, c := serve(t, "")
	ctx := t.Context()
	sil, err := c.AddSilence(ctx, client.SilenceRequest{Matchers: []string{"asset.id=~db-.*"}, Duration: "2h", CreatedBy: "alice", Comment: "maintenance"})
	require.NoError(t, err)
	require.Equal(t, "SIL-0001", sil.ID)
	require.Equal(t, incident.SilenceActive, sil.State)
	require.Equal(t, now.Add(2*time.Hour), sil.EndsAt)
	require.Equal(t, "alice", sil.CreatedBy)

	list, err := c.Silences(ctx, incident.SilenceActive)
	require.NoError(t, err)
	require.Len(t, list.Silences, 1)
	require.Equal(t, `asset.id=~"db-.*"`, list.Silences[0].Matchers[0].String())

	sil, err = c.ExpireSilence(ctx, "SIL-0001")
	require.NoError(t, err)
	require.Equal(t, incident.SilenceExpired, sil.State)
	list, err = c.Silences(ctx, incident.SilenceActive)
	require.NoError(t, err)
	require.Empty(t, list.Silences)
	list, err = c.Silences(ctx, "")
	require.NoError(t, err)
	require.Len(t, list.Silences, 1)

	_, err = c.AddSilence(ctx, client.SilenceRequest{Matchers: []string{"colour=red"}, Duration: "1h", Comment: "x"})
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusBadRequest, apiErr.Status)
	require.Contains(t, apiErr.Message, "matcher field")
}

func TestAlertsRoundTripThroughTheRealServer(t *testing.T) {
	_, c := serve(t, "")
	good := `{"id":"a-1","source":"s","kind":"k","time":"2026-03-10T14:00:00Z","severity":"high","title":"t","asset":{"id":"h","type":"host"}}`
	acc, err := c.PostAlerts(t.Context(), []byte(good))
	require.NoError(t, err)
	require.Equal(t, client.Accepted{Accepted: 1, IDs: []string{"a-1"}}, acc)

	_, err = c.PostAlerts(t.Context(), []byte(`[`+good+`, {"id": "a-2"}]`))
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusBadRequest, apiErr.Status)
	require.Equal(t, "1 of 2 alerts rejected; nothing was published", apiErr.Message)
	require.Len(t, apiErr.Rejected, 1)
	require.Equal(t, 1, apiErr.Rejected[0].Index)
	require.NotEmpty(t, apiErr.Rejected[0].Reason)
	require.NotEmpty(t, apiErr.Rejected[0].Error)
}

func TestAWrongTokenIsTheAPIsRefusal(t *testing.T) {
	st, c := serve(t, "s3cret-token")
	open(t, st, "db-1")
	_, err := newClient(t, c.Server(), "guessed-token").ListIncidents(t.Context(), client.ListOptions{})
	var apiErr *client.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusUnauthorized, apiErr.Status)
	require.Equal(t, "missing or wrong bearer token", apiErr.Message)
	_, err = newClient(t, c.Server(), "").ListIncidents(t.Context(), client.ListOptions{})
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusUnauthorized, apiErr.Status)
}
