package playbooks

import (
	"time"

	"github.com/breachd/breachd/incident"
)

// SimulateIncident returns the incident that triage would open for a first
// alert, with the breach facts the alert and the data map give it, as of
// now: what a playbook sees when the alert opens an incident. It is for
// trying playbooks offline; nothing is stored.
func SimulateIncident(a *incident.Alert, dataMap incident.DataMap, now time.Time) (*incident.Incident, error) {
	policy := incident.DefaultPolicy()
	policy.DataMap = dataMap
	t := incident.NewTriage(policy, emptyLedger{})
	out, err := t.Add(a, now)
	if err != nil {
		return nil, err
	}
	for _, inc := range t.Changes().Incidents {
		if inc.ID == out.Incident {
			return inc, nil
		}
	}
	return nil, incident.Invalidf("triage opened no incident")
}

// emptyLedger is a store with no incidents yet.
type emptyLedger struct{}

func (emptyLedger) Incident(string) (*incident.Incident, error)     { return nil, nil }
func (emptyLedger) IncidentByFingerprint(string) (string, error)    { return "", nil }
func (emptyLedger) IncidentByCorrelation(string) (string, error)    { return "", nil }
func (emptyLedger) AlertTaken(string, string) (bool, error)         { return false, nil }
func (emptyLedger) NextIncidentNumber(int) (uint64, error)          { return 1, nil }
func (emptyLedger) Silences(time.Time) ([]*incident.Silence, error) { return nil, nil }
