package api

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// Every change a request makes goes through the use cases, whose hooks
// are told of it inside its transaction, and mounted routes are served
// beside the API without its token.
func TestChangesAreToldInTheirTransactionAndMountsAreServed(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "breachd.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	var told []incident.Changes
	mounted := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	log := zerolog.New(zerolog.NewTestWriter(t))
	svc, err := respond.New(st, respond.Options{Now: func() time.Time { return now }}, log)
	require.NoError(t, err)
	svc.Wire(respond.Wiring{Hooks: respond.Hooks{respond.HookFunc(func(tx *store.Tx, c *incident.Changes, _ time.Time) error {
		told = append(told, *c)
		return tx.PutSlackMessage(c.Incidents[0].ID, store.SlackMessage{Want: 1}) // written in the same transaction
	})}})
	s := New(Options{Token: "tok", Now: func() time.Time { return now }, Respond: svc,
		Mount: map[string]http.Handler{"POST /slack/commands": mounted}},
		st, &recordingPublisher{}, prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	f := &fixture{t: t, srv: srv, store: st, token: "tok"}
	id := f.open(1, incident.SeverityHigh)[0]

	code, body := f.do("POST", "/api/v1/incidents/"+id+"/ack", `{"actor":"alice"}`)
	require.Equal(t, http.StatusOK, code, body)
	code, body = f.do("PATCH", "/api/v1/incidents/"+id+"/facts?actor=alice", `{"data_subjects": 10}`)
	require.Equal(t, http.StatusOK, code, body)
	require.Len(t, told, 2)
	require.Equal(t, incident.EventAcknowledged, told[0].Events[0].Type)
	require.NoError(t, st.View(func(tx *store.Tx) error {
		m, err := tx.SlackMessage(id)
		require.Equal(t, uint64(1), m.Want)
		return err
	}))

	f.token = ""
	code, _ = f.do("POST", "/slack/commands", "")
	require.Equal(t, http.StatusTeapot, code, "a mounted route needs no API token")
}
