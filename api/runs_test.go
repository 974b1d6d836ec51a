package api

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/apitest"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

func TestRunsEndpointsWithoutPlaybooks(t *testing.T) {
	f := newFixture(t, "")
	id := f.open(1, 3)[0]
	code, body := f.do("GET", "/api/v1/incidents/"+id+"/runs", "")
	require.Equal(t, http.StatusOK, code, body)
	require.JSONEq(t, `{"incident": "`+id+`", "runs": []}`, body)
	code, _ = f.do("GET", "/api/v1/incidents/INC-2026-0999/runs", "")
	require.Equal(t, http.StatusNotFound, code)
	code, body = f.do("POST", "/api/v1/incidents/"+id+"/approvals", `{"run": "x", "step": "y", "decision": "approve", "approver": "a"}`)
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, body, "playbooks are not running")
	code, _ = f.do("POST", "/api/v1/playbooks/reload", "")
	require.Equal(t, http.StatusNotFound, code)
}

func TestAReloadAnswersWithThePlaybooksOrEveryProblem(t *testing.T) {
	f := newFixture(t, "")
	problems := &playbooks.LoadError{Problems: []playbooks.Problem{{File: "p.yaml", Line: 3, Col: 9, Playbook: "p", Message: "unknown action", Err: playbooks.ErrUnknownAction}}}
	pbs, err := playbooks.Load("q.yaml", []byte("name: q\nmatch: false\nsteps:\n  - name: w\n    wait: 1h\n"), nil)
	require.NoError(t, err)
	answers := []struct {
		set *playbooks.Set
		err error
	}{{nil, problems}, {nil, errors.New("read playbooks: no such directory")}, {&playbooks.Set{Playbooks: pbs}, nil}}
	s := New(Options{Now: func() time.Time { return now }, ReloadPlaybooks: func() (*playbooks.Set, error) {
		a := answers[0]
		answers = answers[1:]
		return a.set, a.err
	}}, f.store, f.pub, prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	f.srv = srv

	code, body := f.do("POST", "/api/v1/playbooks/reload", "")
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.JSONEq(t, `{"error": {"code": "invalid_playbooks", "message": "the playbook set is invalid; the set in force keeps running"},
		"problems": [{"file": "p.yaml", "line": 3, "col": 9, "playbook": "p", "message": "unknown action"}]}`, body)
	code, body = f.do("POST", "/api/v1/playbooks/reload", "")
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Contains(t, body, "no such directory")
	code, body = f.do("POST", "/api/v1/playbooks/reload", "")
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `{"playbooks": ["q"]}`, body)
}

// refusingApprovals refuses every decision as the run engine does someone
// outside the step's approvers.
type refusingApprovals struct{}

func (refusingApprovals) Decide(_ *store.Tx, _ *incident.Incident, d respond.Decision, _ time.Time) (*incident.Run, []incident.Event, error) {
	return nil, nil, &playbooks.NotApproverError{Approver: d.Approver, Run: d.Run, Step: d.Step,
		Approvers: []string{"alice@example.com", "slack:S0LEADS"}}
}

func TestARefusedApprovalNamesWhoMayApprove(t *testing.T) {
	f := newFixture(t, "")
	id := f.open(1, incident.SeverityHigh)[0]
	svc, err := respond.New(f.store, respond.Options{Now: func() time.Time { return now }}, zerolog.Nop())
	require.NoError(t, err)
	svc.Wire(respond.Wiring{Approvals: refusingApprovals{}})
	s := New(Options{Now: func() time.Time { return now }, Respond: svc}, f.store, f.pub, prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	srv := apitest.Serve(t, s.Handler())
	f.srv = srv

	code, body := f.do("POST", "/api/v1/incidents/"+id+"/approvals",
		`{"run": "`+id+`/p", "step": "gate", "decision": "approve", "approver": "mallory@example.com"}`)
	require.Equal(t, http.StatusForbidden, code, body)
	require.JSONEq(t, `{"error": {"code": "not_approver", "field": "approver",
		"message": "not an allowed approver: mallory@example.com may not decide on gate of `+id+`/p; its approvers are alice@example.com and any member of the Slack user group slack:S0LEADS"},
		"approvers": ["alice@example.com", "slack:S0LEADS"]}`, body)
}
