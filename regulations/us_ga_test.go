package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestGeorgia(t *testing.T) {
	const ga = `"role":"controller","jurisdictions":["US-GA"]`
	runRegime(t, "us_ga_10_1_912_individuals", []regimeCase{
		{name: "most expedient time: due with no due_at",
			facts: ga, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: ga + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: ga + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a party maintaining the data for the owner tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-GA"]`, status: incident.ObligationNotApplicable, reason: "24 hours"},
		{name: "no Georgia residents",
			facts: `"role":"controller","jurisdictions":["US-AL"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2005-05-01T12:00:00Z",` + ga, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ga_10_1_912_cra", []regimeCase{
		{name: "10,001 Georgians: without unreasonable delay",
			facts: ga + `,"residents_by_state":{"US-GA":10001}`, status: incident.ObligationDue},
		{name: "10,000 exactly do not",
			facts: ga + `,"residents_by_state":{"US-GA":10000,"US-AL":50000}`, status: incident.ObligationNotApplicable, reason: "more than 10,000"},
		{name: "encrypted with a safe key",
			facts: ga + `,"residents_by_state":{"US-GA":20000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_ga_10_1_912_owner", []regimeCase{
		// 2026-03-10T14:20Z + 24 h.
		{name: "24 hours after discovery",
			facts: `"role":"processor","jurisdictions":["US-GA"]`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", clock: "discovered_at"},
		{name: "the clock runs from discovery",
			facts: `"role":"processor","jurisdictions":["US-GA"],"discovered_at":"2026-03-12T08:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-13T08:00:00Z"},
		{name: "the owner does not",
			facts: ga, status: incident.ObligationNotApplicable},
	})
}
