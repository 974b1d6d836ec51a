package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// ADGM: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z (Asia/Dubai has no DST, and hours never depend on
// the zone).

const adgm = `"role":"controller","jurisdictions":["AE-ADGM"]`

func TestADGMCommissioner(t *testing.T) {
	runRegime(t, "ae_adgm_dpr_32_commissioner", []regimeCase{
		{name: "72 hours after awareness",
			facts: adgm, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "no count threshold",
			facts: adgm + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "unlikely to result in a risk",
			facts: adgm + `,"risk_to_rights":false`, status: incident.ObligationExempt, reason: "unlikely"},
		{name: "encryption alone does not exempt the Commissioner notice",
			facts: adgm + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["AE-ADGM"]`, status: incident.ObligationNotApplicable, reason: "ae_adgm_dpr_32_processor"},
		{name: "DIFC is not ADGM",
			facts: `"role":"controller","jurisdictions":["AE-DIFC"]`, status: incident.ObligationNotApplicable},
		{name: "mainland UAE only",
			facts: `"role":"controller","jurisdictions":["AE"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: adgm + `,"submitted":{"ae_adgm_dpr_32_commissioner":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 2021 Regulations commenced",
			facts: `"aware_at":"2021-08-13T10:00:00Z",` + adgm, status: incident.ObligationNotInForce},
	})
}

func TestADGMDataSubjects(t *testing.T) {
	runRegime(t, "ae_adgm_dpr_33_individuals", []regimeCase{
		{name: "high risk: without undue delay",
			facts: adgm + `,"high_risk":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "not high risk",
			facts: adgm + `,"high_risk":false`, status: incident.ObligationNotApplicable, reason: "high risk"},
		{name: "encrypted with a safe key",
			facts: adgm + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt, reason: "encryption"},
		{name: "no safe harbour if the key was compromised",
			facts: adgm + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "remedial action removed the high risk",
			facts: adgm + `,"high_risk":true,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt},
		{name: "no ADGM link",
			facts: `"role":"controller","jurisdictions":["SA"],"high_risk":true`, status: incident.ObligationNotApplicable},
		{name: "before the 2021 Regulations commenced",
			facts: `"aware_at":"2021-08-13T10:00:00Z",` + adgm, status: incident.ObligationNotInForce},
	})
}

func TestADGMProcessor(t *testing.T) {
	runRegime(t, "ae_adgm_dpr_32_processor", []regimeCase{
		{name: "a processor: without undue delay",
			facts: `"role":"processor","jurisdictions":["AE-ADGM"],"risk_to_rights":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: adgm, status: incident.ObligationNotApplicable},
	})
}
