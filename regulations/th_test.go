package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Thailand: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z whatever the zone (Asia/Bangkok has no DST).

const th = `"role":"controller","jurisdictions":["TH"]`

func TestThailandPDPC(t *testing.T) {
	runRegime(t, "th_pdpa_37_pdpc", []regimeCase{
		{name: "72 hours after awareness",
			facts: th, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "the count does not matter: one data subject",
			facts: th + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a country named only in data_subjects_by_jurisdiction",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"TH":3}`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "unlikely to result in a risk",
			facts: th + `,"risk_to_rights":false`, status: incident.ObligationExempt, reason: "unlikely"},
		{name: "encryption alone is no exemption",
			facts: th + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["TH"]`, status: incident.ObligationNotApplicable, reason: "th_pdpa_40_controller"},
		{name: "no data subjects in Thailand",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: th + `,"submitted":{"th_pdpa_37_pdpc":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the PDPA duties commenced",
			facts: `"aware_at":"2022-05-31T10:00:00Z",` + th, status: incident.ObligationNotInForce},
	})
}

func TestThailandDataSubjects(t *testing.T) {
	runRegime(t, "th_pdpa_37_individuals", []regimeCase{
		{name: "high risk: without delay, no due_at",
			facts: th + `,"high_risk":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "an unassessed risk is assumed high",
			facts: th, status: incident.ObligationDue},
		{name: "not high risk",
			facts: th + `,"high_risk":false`, status: incident.ObligationNotApplicable, reason: "high risk"},
		{name: "encryption alone is no exemption",
			facts: th + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "no data subjects in Thailand",
			facts: `"role":"controller","jurisdictions":["MY"],"high_risk":true`, status: incident.ObligationNotApplicable},
		{name: "before the PDPA duties commenced",
			facts: `"aware_at":"2022-05-31T10:00:00Z",` + th, status: incident.ObligationNotInForce},
	})
}

func TestThailandProcessor(t *testing.T) {
	runRegime(t, "th_pdpa_40_controller", []regimeCase{
		{name: "a processor: without delay",
			facts: `"role":"processor","jurisdictions":["TH"],"risk_to_rights":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: th, status: incident.ObligationNotApplicable},
	})
}
