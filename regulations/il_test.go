package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Israel: reg. 11 says "immediately", so no due_at is shown; the report is
// due from aware_at.

const il = `"role":"controller","jurisdictions":["IL"]`

func TestIsraelPPA(t *testing.T) {
	runRegime(t, "il_dsr_11_ppa", []regimeCase{
		{name: "immediately: due from awareness, no due_at",
			facts: il, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no count or risk threshold",
			facts: il + `,"data_subjects":1,"risk_to_rights":false,"high_risk":false`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: il + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a holder reports to the owner instead",
			facts: `"role":"processor","jurisdictions":["IL"]`, status: incident.ObligationNotApplicable, reason: "holder"},
		{name: "no Israeli database",
			facts: `"role":"controller","jurisdictions":["TR"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: il + `,"submitted":{"il_dsr_11_ppa":"2026-03-10T18:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the Regulations came into force",
			facts: `"aware_at":"2018-05-07T10:00:00Z",` + il, status: incident.ObligationNotInForce},
	})
}
