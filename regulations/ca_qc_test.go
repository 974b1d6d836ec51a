package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Quebec: "promptly" has no number, so no due_at.

const qc = `"role":"controller","jurisdictions":["CA-QC"]`

func TestQuebecCAI(t *testing.T) {
	runRegime(t, "ca_qc_p39_1_3_5_cai", []regimeCase{
		{name: "promptly, no due_at",
			facts: qc, status: incident.ObligationDue, clock: "aware_at"},
		{name: "risk of serious injury assessed",
			facts: qc + `,"real_risk_of_significant_harm":true`, status: incident.ObligationDue},
		{name: "no risk of serious injury",
			facts: qc + `,"real_risk_of_significant_harm":false`, status: incident.ObligationNotApplicable, reason: "register"},
		{name: "encryption alone is no exemption",
			facts: qc + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a province named only in data_subjects_by_jurisdiction",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"CA-QC":4}`, status: incident.ObligationDue},
		{name: "other provinces are not Quebec",
			facts: `"role":"controller","jurisdictions":["CA-ON"]`, status: incident.ObligationNotApplicable},
		{name: "before Law 25's incident provisions",
			facts: `"aware_at":"2022-09-21T10:00:00Z",` + qc, status: incident.ObligationNotInForce},
	})
}

func TestQuebecPersonsConcerned(t *testing.T) {
	runRegime(t, "ca_qc_p39_1_3_5_individuals", []regimeCase{
		{name: "promptly, no due_at",
			facts: qc, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no risk of serious injury",
			facts: qc + `,"real_risk_of_significant_harm":false`, status: incident.ObligationNotApplicable},
		{name: "an investigation holds it",
			facts: qc + `,"holds":[{"regime":"ca_qc_p39_1_3_5_individuals","until":"2026-04-01T00:00:00Z","reason":"police investigation"}]`, status: incident.ObligationHeld},
	})
}
