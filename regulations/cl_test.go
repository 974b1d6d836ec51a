package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Chile: Ley 21.719 is in force from 1 December 2026, so the cases set
// aware_at 2026-12-10T14:20:00Z. "Without undue delay": no due_at.

const cl = `"aware_at":"2026-12-10T14:20:00Z","role":"controller","jurisdictions":["CL"]`

func TestChileAgency(t *testing.T) {
	runRegime(t, "cl_21719_14sexies_agency", []regimeCase{
		{name: "without undue delay, no due_at",
			facts: cl, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no reasonable risk",
			facts: cl + `,"risk_to_rights":false`, status: incident.ObligationExempt, reason: "reasonable risk"},
		{name: "encryption alone is no exemption",
			facts: cl + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a processor does not owe it",
			facts: `"aware_at":"2026-12-10T14:20:00Z","role":"processor","jurisdictions":["CL"]`, status: incident.ObligationNotApplicable},
		{name: "no data subjects in Chile",
			facts: `"aware_at":"2026-12-10T14:20:00Z","role":"controller","jurisdictions":["PE"]`, status: incident.ObligationNotApplicable},
		{name: "not in force before 1 December 2026",
			facts: `"role":"controller","jurisdictions":["CL"]`, status: incident.ObligationNotInForce},
		{name: "in force on 1 December 2026",
			facts: `"aware_at":"2026-12-01T03:00:00Z","role":"controller","jurisdictions":["CL"]`, status: incident.ObligationDue},
	})
}

func TestChileDataSubjects(t *testing.T) {
	runRegime(t, "cl_21719_14sexies_individuals", []regimeCase{
		{name: "financial data",
			facts: cl + `,"data_categories":["name","financial"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "health data",
			facts: cl + `,"data_categories":["health"]`, status: incident.ObligationDue},
		{name: "children's data",
			facts: cl + `,"data_categories":["children"]`, status: incident.ObligationDue},
		{name: "contact data only",
			facts: cl + `,"data_categories":["name","email"]`, status: incident.ObligationNotApplicable, reason: "sensitive"},
		{name: "no reasonable risk",
			facts: cl + `,"data_categories":["financial"],"risk_to_rights":false`, status: incident.ObligationNotApplicable, reason: "reasonable risk"},
		{name: "not in force before 1 December 2026",
			facts: `"role":"controller","jurisdictions":["CL"],"data_categories":["health"]`, status: incident.ObligationNotInForce},
	})
}
