package api

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/ingest/formats"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/store"
)

var _ AlertmanagerPublisher = (*ingest.Publisher)(nil)

// amPublisher validates Alertmanager webhooks like the real publisher and
// records the alert ids it would publish.
type amPublisher struct {
	recordingPublisher
	published [][]string
}

func (p *amPublisher) PublishAlertmanager(_ context.Context, body []byte) ([]string, []ingest.Rejected, error) {
	if p.fail != nil {
		return nil, nil, p.fail
	}
	w, err := formats.ParseAlertmanager(body)
	if err != nil {
		p.CountRejected(err.(*ingest.RejectError).Reason)
		return nil, nil, err
	}
	var ids []string
	var rejected []ingest.Rejected
	for i := range w.Alerts {
		d, err := w.Alert(i, nil)
		if err != nil {
			rej := err.(*ingest.RejectError)
			rejected = append(rejected, ingest.Rejected{Index: i, Reason: rej.Reason, Error: rej.Err.Error()})
			continue
		}
		ids = append(ids, d.Alert.ID)
	}
	if len(ids) > 0 {
		p.published = append(p.published, ids)
	}
	return ids, rejected, nil
}

func amSample(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "ingest", "formats", "testdata", name))
	require.NoError(t, err)
	return string(data)
}

func TestPostAlertmanagerWebhook(t *testing.T) {
	const token = "s3cret"
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	pub := &amPublisher{}
	s := New(Options{Token: token, Now: func() time.Time { return now }}, st, pub, prometheus.NewRegistry(),
		zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	f := &fixture{t: t, srv: srv, store: st, token: token}
	const path = "/api/v1/ingest/alertmanager"

	firing := amSample(t, "alertmanager.resolved-and-firing.json")
	cases := []struct {
		name   string
		body   string
		status int
		says   string
	}{
		{"a group of firing and resolved alerts is accepted, one id each", firing, http.StatusAccepted, `"accepted": 2`},
		{"a group whose only alert has no severity is refused", amSample(t, "alertmanager.missing-severity.json"), http.StatusBadRequest, "alerts[0].labels.severity is missing"},
		{"another payload version is refused", amSample(t, "alertmanager.wrong-version.json"), http.StatusBadRequest, "is not supported"},
		{"a body that is not JSON is refused", "hello", http.StatusBadRequest, "not JSON"},
		{"an oversized body is refused", strings.Repeat(" ", maxAlertsBody+1), http.StatusRequestEntityTooLarge, "over the limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.do(http.MethodPost, path, tc.body)
			require.Equal(t, tc.status, status, body)
			require.Contains(t, body, tc.says)
		})
	}
	require.Len(t, pub.published, 1, "only the valid group was published")
	require.Equal(t, []string{"am-a1b2c3d4e5f60718@2026-11-20T12:00:00Z/resolved", "am-0f1e2d3c4b5a6978@2026-11-20T12:30:00Z"}, pub.published[0])

	t.Run("it needs the bearer token like every /api/ route", func(t *testing.T) {
		anon := &fixture{t: t, srv: srv}
		status, _ := anon.do(http.MethodPost, path, firing)
		require.Equal(t, http.StatusUnauthorized, status)
	})
	t.Run("an unreachable stream answers 503 so Alertmanager retries", func(t *testing.T) {
		pub.fail = errors.New("nats: no responders")
		defer func() { pub.fail = nil }()
		status, body := f.do(http.MethodPost, path, firing)
		require.Equal(t, http.StatusServiceUnavailable, status, body)
	})
}
