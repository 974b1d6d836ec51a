package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestConnecticut(t *testing.T) {
	const ct = `"role":"controller","jurisdictions":["US-CT"]`
	runRegime(t, "us_ct_36a_701b_individuals_2021", []regimeCase{
		// 10 March + 60 days = 9 May, 23:59:59 EDT.
		{name: "60 days after discovery, ending in Eastern time",
			facts: ct, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", clock: "discovered_at"},
		// Discovered 22:00 EDT on 11 March (02:00Z on 12 March): + 60 days = 10 May.
		{name: "the clock runs from discovery in Eastern time",
			facts: ct + `,"discovered_at":"2026-03-12T02:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-05-11T03:59:59Z"},
		{name: "encrypted with a safe key is no breach of security",
			facts: ct + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key was taken",
			facts: ct + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-CT"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Connecticut residents",
			facts: `"role":"controller","jurisdictions":["US-NY"]`, status: incident.ObligationNotApplicable},
		{name: "the 90-day rule governs before 1 October 2021",
			facts: `"aware_at":"2021-09-30T12:00:00Z",` + ct, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ct_36a_701b_individuals_2018", []regimeCase{
		// 10 March 2020 (EDT since 8 March) + 90 days = 8 June, 23:59:59 EDT.
		{name: "90 days after discovery before Public Act 21-59",
			facts: `"aware_at":"2020-03-10T14:20:00Z",` + ct, status: incident.ObligationDue, dueAt: "2020-06-09T03:59:59Z"},
		{name: "replaced on 1 October 2021",
			facts: ct, status: incident.ObligationNotInForce},
		{name: "not before Public Act 18-90",
			facts: `"aware_at":"2018-09-30T12:00:00Z",` + ct, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ct_36a_701b_ag", []regimeCase{
		{name: "one resident: the Attorney General no later than the residents, no due_at",
			facts: ct + `,"residents_by_state":{"US-CT":1}`, status: incident.ObligationDue},
		{name: "a submission fulfils it",
			facts: ct + `,"submitted":{"us_ct_36a_701b_ag":"2026-03-20T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "no Connecticut residents",
			facts: `"role":"controller","residents_by_state":{"US-MA":900}`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_ct_36a_701b_owner", []regimeCase{
		{name: "a maintainer tells the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-CT"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ct, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (36a-701b(b)(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestConnecticutHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-CT"]`
	runHarmNotLikely(t, "us_ct_36a_701b_individuals_2021", facts, "36a-701b(b)(1)")
	runHarmNotLikely(t, "us_ct_36a_701b_ag", facts, "36a-701b(b)(1)")
	runHarmStillDue(t, "us_ct_36a_701b_owner", `"role":"processor","jurisdictions":["US-CT"]`)
}
