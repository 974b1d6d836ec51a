package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// DIFC: Arts. 41-42 say "as soon as practicable in the circumstances", so
// no due_at is shown; the notices are due from aware_at.

const difc = `"role":"controller","jurisdictions":["AE-DIFC"]`

func TestDIFCCommissioner(t *testing.T) {
	runRegime(t, "ae_difc_dpl_41_commissioner", []regimeCase{
		{name: "as soon as practicable: due from awareness, no due_at",
			facts: difc, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no risk or count threshold",
			facts: difc + `,"data_subjects":1,"risk_to_rights":false,"high_risk":false`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: difc + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["AE-DIFC"]`, status: incident.ObligationNotApplicable, reason: "ae_difc_dpl_41_processor"},
		{name: "mainland UAE only",
			facts: `"role":"controller","jurisdictions":["AE"]`, status: incident.ObligationNotApplicable},
		{name: "ADGM is not DIFC",
			facts: `"role":"controller","jurisdictions":["AE-ADGM"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: difc + `,"submitted":{"ae_difc_dpl_41_commissioner":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 2020 Law",
			facts: `"aware_at":"2020-06-30T10:00:00Z",` + difc, status: incident.ObligationNotInForce},
	})
}

func TestDIFCDataSubjects(t *testing.T) {
	runRegime(t, "ae_difc_dpl_42_individuals", []regimeCase{
		{name: "high risk: as soon as practicable",
			facts: difc + `,"high_risk":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "an unassessed risk is assumed high",
			facts: difc, status: incident.ObligationDue},
		{name: "not high risk",
			facts: difc + `,"high_risk":false`, status: incident.ObligationNotApplicable, reason: "high risk"},
		{name: "no DIFC link",
			facts: `"role":"controller","jurisdictions":["SA"],"high_risk":true`, status: incident.ObligationNotApplicable},
		{name: "before the 2020 Law",
			facts: `"aware_at":"2020-06-30T10:00:00Z",` + difc, status: incident.ObligationNotInForce},
	})
}

func TestDIFCProcessor(t *testing.T) {
	runRegime(t, "ae_difc_dpl_41_processor", []regimeCase{
		{name: "a processor: without undue delay",
			facts: `"role":"processor","jurisdictions":["AE-DIFC"],"high_risk":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: difc, status: incident.ObligationNotApplicable},
	})
}
