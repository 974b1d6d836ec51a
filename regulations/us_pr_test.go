package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Puerto Rico keeps Atlantic Standard Time (UTC-4) all year: 10 days from
// 10 March 2026 is 20 March, 23:59:59 AST = 2026-03-21T03:59:59Z.
func TestPuertoRico(t *testing.T) {
	const pr = `"role":"controller","jurisdictions":["US-PR"]`
	runRegime(t, "us_pr_10_4052_individuals", []regimeCase{
		{name: "as expeditiously as possible: due with no due_at",
			facts: pr, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: pr + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: pr + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a reseller of the data bank tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-PR"]`, status: incident.ObligationNotApplicable},
		{name: "no Puerto Rico residents",
			facts: `"role":"controller","jurisdictions":["US-FL"]`, status: incident.ObligationNotApplicable},
		{name: "before Law 111",
			facts: `"aware_at":"2005-09-06T12:00:00Z",` + pr, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_pr_10_4052_daco", []regimeCase{
		{name: "10 days after detection, ending in Atlantic time",
			facts: pr, status: incident.ObligationDue, dueAt: "2026-03-21T03:59:59Z", clock: "discovered_at"},
		{name: "one resident is enough",
			facts: pr + `,"residents_by_state":{"US-PR":1}`, status: incident.ObligationDue, dueAt: "2026-03-21T03:59:59Z"},
		// Detected 22:30 AST on 11 March: + 10 days = 21 March, 23:59:59 AST.
		{name: "the clock runs from detection",
			facts: pr + `,"discovered_at":"2026-03-12T02:30:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-22T03:59:59Z"},
		{name: "encrypted with a safe key",
			facts: pr + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "before Law 111",
			facts: `"aware_at":"2005-09-06T12:00:00Z",` + pr, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_pr_10_4052_owner", []regimeCase{
		{name: "a reseller notifies the owner: no due_at",
			facts: `"role":"processor","jurisdictions":["US-PR"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: pr, status: incident.ObligationNotApplicable},
	})
}
