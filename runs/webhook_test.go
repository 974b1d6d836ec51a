package runs

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// A step with a webhook is POSTed there with its key: a 503 is retried, a
// 2xx reply settles it, and a 4xx refusal fails the run.
func TestAWebhookActionIsRetriedOnA5xxAndRefusedOnA4xx(t *testing.T) {
	var calls atomic.Int32
	status := http.StatusServiceUnavailable
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req playbooks.ActionRequest
		require.NoError(t, json.NewDecoder(r.Body).Decode(&req))
		require.Equal(t, req.IdempotencyKey, r.Header.Get(IdempotencyHeader))
		require.Equal(t, "revoke_credentials", req.Action)
		calls.Add(1)
		w.WriteHeader(status)
		if status == http.StatusOK {
			_, _ = w.Write([]byte(`{"ok": true, "detail": "revoked by the IdP"}`))
		}
	}))
	t.Cleanup(srv.Close)
	f := setup(t, nil)
	pbs, err := playbooks.Load("hook.yaml", []byte(strings.Replace(contain, "    timeout: 300ms\n", "    timeout: 300ms\n    webhook: "+srv.URL+"\n", 1)), playbooks.DefaultRegistry())
	require.NoError(t, err)
	f.engine.Swap(&playbooks.Set{Playbooks: pbs})

	id := f.ingest("credential_leak", "service_account")
	f.deliver()
	require.Equal(t, incident.StepRunning, f.run(id).Steps[0].Status, "a 503 is retried")
	status = http.StatusOK
	f.deliver()
	s := f.run(id).Steps[0]
	require.Equal(t, incident.StepDone, s.Status)
	require.Equal(t, "revoked by the IdP", s.Detail)
	require.EqualValues(t, 2, calls.Load())
	require.Empty(t, f.act.seen(), "nothing went over NATS")

	status = http.StatusForbidden
	id = f.ingestAsset("credential_leak", "service_account", "svc-other")
	f.deliver()
	require.Equal(t, incident.RunFailed, f.run(id).Status)
}
