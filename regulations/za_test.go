package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// South Africa: POPIA s.22 has no number ("as soon as reasonably possible
// after the discovery"), so no due_at is shown; the notices are due from
// discovered_at, which defaults to aware_at.

const za = `"role":"controller","jurisdictions":["ZA"]`

func TestSouthAfricaRegulator(t *testing.T) {
	runRegime(t, "za_popia_22_regulator", []regimeCase{
		{name: "as soon as reasonably possible: due from discovery, no due_at",
			facts: za, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "no count threshold: one data subject",
			facts: za + `,"data_subjects":1`, status: incident.ObligationDue},
		{name: "no risk threshold",
			facts: za + `,"risk_to_rights":false,"high_risk":false`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: za + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a country named only in data_subjects_by_jurisdiction",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"ZA":3}`, status: incident.ObligationDue},
		{name: "an operator notifies the responsible party instead",
			facts: `"role":"processor","jurisdictions":["ZA"]`, status: incident.ObligationNotApplicable, reason: "za_popia_21_operator"},
		{name: "no South African link",
			facts: `"role":"controller","jurisdictions":["KE"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: za + `,"submitted":{"za_popia_22_regulator":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the end of the one-year conformity period",
			facts: `"aware_at":"2021-06-30T10:00:00Z",` + za, status: incident.ObligationNotInForce},
	})
}

func TestSouthAfricaDataSubjects(t *testing.T) {
	runRegime(t, "za_popia_22_individuals", []regimeCase{
		{name: "as soon as reasonably possible",
			facts: za, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "no high-risk condition",
			facts: za + `,"high_risk":false`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: za + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a law-enforcement determination holds it",
			facts: za + `,"holds":[{"regime":"za_popia_22_individuals","until":"2026-04-01T00:00:00Z","reason":"SAPS: would impede a criminal investigation"}]`, status: incident.ObligationHeld},
		{name: "no South African link",
			facts: `"role":"controller","jurisdictions":["NG"]`, status: incident.ObligationNotApplicable},
		{name: "before the end of the one-year conformity period",
			facts: `"aware_at":"2021-06-30T10:00:00Z",` + za, status: incident.ObligationNotInForce},
	})
}

func TestSouthAfricaOperator(t *testing.T) {
	runRegime(t, "za_popia_21_operator", []regimeCase{
		{name: "an operator: immediately",
			facts: `"role":"processor","jurisdictions":["ZA"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the responsible party does not owe it",
			facts: za, status: incident.ObligationNotApplicable},
	})
}
