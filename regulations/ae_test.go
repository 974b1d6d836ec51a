package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// UAE (federal): Art. 9 says "immediately" and leaves the period to
// Executive Regulations not yet issued, so no due_at is shown; the notices
// are due from aware_at.

const ae = `"role":"controller","jurisdictions":["AE"]`

func TestUAEDataOffice(t *testing.T) {
	runRegime(t, "ae_pdpl_9_data_office", []regimeCase{
		{name: "immediately: due from awareness, no due_at",
			facts: ae, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no count or risk threshold",
			facts: ae + `,"data_subjects":1,"risk_to_rights":false`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: ae + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["AE"]`, status: incident.ObligationNotApplicable, reason: "ae_pdpl_9_processor"},
		{name: "no UAE link",
			facts: `"role":"controller","jurisdictions":["SA"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: ae + `,"submitted":{"ae_pdpl_9_data_office":"2026-03-10T20:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the Decree-Law came into force",
			facts: `"aware_at":"2022-01-01T10:00:00Z",` + ae, status: incident.ObligationNotInForce},
	})
}

func TestUAEDataSubjects(t *testing.T) {
	runRegime(t, "ae_pdpl_9_individuals", []regimeCase{
		{name: "no period until the Executive Regulations",
			facts: ae, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no high-risk condition",
			facts: ae + `,"high_risk":false`, status: incident.ObligationDue},
		{name: "no UAE link",
			facts: `"role":"controller","jurisdictions":["TR"]`, status: incident.ObligationNotApplicable},
		{name: "before the Decree-Law came into force",
			facts: `"aware_at":"2022-01-01T10:00:00Z",` + ae, status: incident.ObligationNotInForce},
	})
}

func TestUAEProcessor(t *testing.T) {
	runRegime(t, "ae_pdpl_9_processor", []regimeCase{
		{name: "a processor: immediately",
			facts: `"role":"processor","jurisdictions":["AE"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: ae, status: incident.ObligationNotApplicable},
	})
}
