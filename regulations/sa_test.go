package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Saudi Arabia: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z (hours never depend on the zone; Asia/Riyadh has no
// DST).

const sa = `"role":"controller","jurisdictions":["SA"]`

func TestSaudiArabiaSDAIA(t *testing.T) {
	runRegime(t, "sa_pdpl_ir24_sdaia", []regimeCase{
		{name: "72 hours after becoming aware",
			facts: sa, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "an unassessed risk is assumed to reach the threshold",
			facts: sa, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", reason: "risk_to_rights"},
		{name: "potential harm",
			facts: sa + `,"risk_to_rights":true,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "no potential harm nor conflict with rights",
			facts: sa + `,"risk_to_rights":false`, status: incident.ObligationNotApplicable, reason: "harm"},
		{name: "encryption alone is no exemption",
			facts: sa + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["SA"]`, status: incident.ObligationNotApplicable, reason: "sa_pdpl_ir24_processor"},
		{name: "no Saudi link",
			facts: `"role":"controller","jurisdictions":["AE"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: sa + `,"submitted":{"sa_pdpl_ir24_sdaia":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the end of the compliance period",
			facts: `"aware_at":"2024-09-13T10:00:00Z",` + sa, status: incident.ObligationNotInForce},
	})
}

func TestSaudiArabiaDataSubjects(t *testing.T) {
	runRegime(t, "sa_pdpl_ir24_individuals", []regimeCase{
		{name: "without undue delay: due from awareness, no due_at",
			facts: sa + `,"risk_to_rights":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no high-risk condition",
			facts: sa + `,"high_risk":false`, status: incident.ObligationDue},
		{name: "no potential harm",
			facts: sa + `,"risk_to_rights":false`, status: incident.ObligationNotApplicable},
		{name: "no Saudi link",
			facts: `"role":"controller","jurisdictions":["TR"]`, status: incident.ObligationNotApplicable},
		{name: "before the end of the compliance period",
			facts: `"aware_at":"2024-09-13T10:00:00Z",` + sa, status: incident.ObligationNotInForce},
	})
}

func TestSaudiArabiaProcessor(t *testing.T) {
	runRegime(t, "sa_pdpl_ir24_processor", []regimeCase{
		{name: "a processor: without undue delay",
			facts: `"role":"processor","jurisdictions":["SA"],"risk_to_rights":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: sa, status: incident.ObligationNotApplicable},
	})
}
