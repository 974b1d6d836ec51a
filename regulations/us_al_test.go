package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Alabama: 45 days from 10 March 2026 (CDT) is 24 April, 23:59:59 CDT =
// 2026-04-25T04:59:59Z; 10 days is 20 March = 2026-03-21T04:59:59Z.
func TestAlabama(t *testing.T) {
	const al = `"role":"controller","jurisdictions":["US-AL"]`
	runRegime(t, "us_al_8_38_individuals", []regimeCase{
		{name: "45 days after determination, ending in Central time",
			facts: al, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z", clock: "breach_determined_at"},
		{name: "the clock runs from the determination",
			facts: al + `,"breach_determined_at":"2026-03-12T20:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-27T04:59:59Z"},
		{name: "encrypted with a safe key is not sensitive personally identifying information",
			facts: al + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key leaked",
			facts: al + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z"},
		{name: "a third-party agent tells the covered entity instead",
			facts: `"role":"processor","jurisdictions":["US-AL"]`, status: incident.ObligationNotApplicable, reason: "10 days"},
		{name: "no Alabama residents",
			facts: `"role":"controller","jurisdictions":["US-GA"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2018-04-30T12:00:00Z",` + al, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_al_8_38_ag", []regimeCase{
		{name: "1,001 Alabamians: 45 days after determination",
			facts: al + `,"residents_by_state":{"US-AL":1001}`, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z"},
		{name: "1,000 exactly do not exceed 1,000",
			facts: al + `,"residents_by_state":{"US-AL":1000,"US-GA":5000}`, status: incident.ObligationNotApplicable, reason: "exceeds 1,000"},
		{name: "encrypted with a safe key",
			facts: al + `,"residents_by_state":{"US-AL":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "before the Act",
			facts: `"aware_at":"2018-04-30T12:00:00Z",` + al + `,"residents_by_state":{"US-AL":5000}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_al_8_38_cra", []regimeCase{
		{name: "more than 1,000: without unreasonable delay, no due_at",
			facts: al + `,"residents_by_state":{"US-AL":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: al + `,"residents_by_state":{"US-AL":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_al_8_38_8_covered_entity", []regimeCase{
		{name: "a third-party agent has 10 days",
			facts: `"role":"processor","jurisdictions":["US-AL"]`, status: incident.ObligationDue, dueAt: "2026-03-21T04:59:59Z"},
		{name: "the owner does not",
			facts: al, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (8-38-5(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestAlabamaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-AL"]`
	runHarmNotLikely(t, "us_al_8_38_individuals", facts, "8-38-5(a)")
	runHarmNotLikely(t, "us_al_8_38_ag", facts, "8-38-5(a)")
	runHarmNotLikely(t, "us_al_8_38_cra", facts, "8-38-5(a)")
	runHarmStillDue(t, "us_al_8_38_8_covered_entity", `"role":"processor","jurisdictions":["US-AL"]`)
}
