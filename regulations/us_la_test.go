package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Louisiana: 60 days from 10 March 2026 is 9 May, 23:59:59 CDT =
// 2026-05-10T04:59:59Z.
func TestLouisiana(t *testing.T) {
	const la = `"role":"controller","jurisdictions":["US-LA"]`
	runRegime(t, "us_la_51_3074_individuals_2018", []regimeCase{
		{name: "60 days after discovery, ending in Central time",
			facts: la, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z", clock: "discovered_at"},
		{name: "encrypted with a safe key is not personal information",
			facts: la + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: la + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z"},
		{name: "a person maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-LA"]`, status: incident.ObligationNotApplicable},
		{name: "no Louisiana residents",
			facts: `"role":"controller","jurisdictions":["US-MS"]`, status: incident.ObligationNotApplicable},
		{name: "before Act 382",
			facts: `"aware_at":"2018-07-31T12:00:00Z",` + la, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_la_51_3074_individuals_2006", []regimeCase{
		{name: "before Act 382: most expedient time, no due_at",
			facts: `"aware_at":"2018-07-31T12:00:00Z",` + la, status: incident.ObligationDue},
		{name: "not in force today",
			facts: la, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_la_lac_16_701_ag", []regimeCase{
		// Residents notified 13:00 CDT on 20 March: + 10 days = 30 March, 23:59:59 CDT.
		{name: "10 days after the notice to residents",
			facts:  la + `,"submitted":{"us_la_51_3074_individuals_2018":"2026-03-20T18:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-31T04:59:59Z", clock: "submitted.us_la_51_3074_individuals_2018"},
		{name: "one Louisianan is enough; no deadline before the residents' notice",
			facts: la + `,"residents_by_state":{"US-LA":1}`, status: incident.ObligationDue, reason: "submitted.us_la_51_3074_individuals_2018"},
		{name: "encrypted with a safe key",
			facts: la + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no Louisiana residents",
			facts: `"role":"controller","jurisdictions":["US-TX"]`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_la_51_3074_owner", []regimeCase{
		{name: "a person maintaining the data: 60 days at the latest",
			facts: `"role":"processor","jurisdictions":["US-LA"]`, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z"},
		{name: "the owner does not",
			facts: la, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (51:3074): the determination that harm is not
// likely exempts the notices it covers.
func TestLouisianaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-LA"]`
	runHarmNotLikely(t, "us_la_51_3074_individuals_2018", facts, "51:3074")
	runHarmNotLikely(t, "us_la_lac_16_701_ag", facts, "51:3074")
	runHarmStillDue(t, "us_la_51_3074_owner", `"role":"processor","jurisdictions":["US-LA"]`)
}
