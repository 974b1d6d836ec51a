package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Nigeria: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z (hours never depend on the zone; Africa/Lagos has
// no DST).

const ng = `"role":"controller","jurisdictions":["NG"]`

func TestNigeriaCommission(t *testing.T) {
	runRegime(t, "ng_ndpa_40_commission", []regimeCase{
		{name: "72 hours after becoming aware",
			facts: ng + `,"risk_to_rights":true`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "an unassessed risk is assumed",
			facts: ng, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", reason: "risk_to_rights"},
		{name: "not likely to result in a risk",
			facts: ng + `,"risk_to_rights":false`, status: incident.ObligationNotApplicable, reason: "s.40(2)"},
		{name: "no count threshold",
			facts: ng + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "encryption alone is no exemption",
			facts: ng + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["NG"]`, status: incident.ObligationNotApplicable, reason: "ng_ndpa_40_processor"},
		{name: "no Nigerian link",
			facts: `"role":"controller","jurisdictions":["KE"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: ng + `,"submitted":{"ng_ndpa_40_commission":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the Act",
			facts: `"aware_at":"2023-06-11T10:00:00Z",` + ng, status: incident.ObligationNotInForce},
	})
}

func TestNigeriaDataSubjects(t *testing.T) {
	runRegime(t, "ng_ndpa_40_individuals", []regimeCase{
		{name: "high risk: immediately, no due_at",
			facts: ng + `,"high_risk":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "an unassessed risk is assumed high",
			facts: ng, status: incident.ObligationDue},
		{name: "not high risk",
			facts: ng + `,"high_risk":false`, status: incident.ObligationNotApplicable, reason: "high risk"},
		{name: "encryption alone is no exemption",
			facts: ng + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "no Nigerian link",
			facts: `"role":"controller","jurisdictions":["ZA"],"high_risk":true`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2023-06-11T10:00:00Z",` + ng, status: incident.ObligationNotInForce},
	})
}

func TestNigeriaProcessor(t *testing.T) {
	runRegime(t, "ng_ndpa_40_processor", []regimeCase{
		{name: "a processor: on becoming aware",
			facts: `"role":"processor","jurisdictions":["NG"],"risk_to_rights":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: ng, status: incident.ObligationNotApplicable},
	})
}
