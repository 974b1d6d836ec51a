package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestRhodeIsland(t *testing.T) {
	const ri = `"role":"controller","jurisdictions":["US-RI"]`
	runRegime(t, "us_ri_11_49_3_individuals", []regimeCase{
		// 10 March + 45 days = 24 April, 23:59:59 EDT.
		{name: "45 calendar days after confirmation, ending in Eastern time",
			facts: ri, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z", clock: "breach_determined_at"},
		// Confirmed 10:00 EDT on 20 March: + 45 days = 4 May.
		{name: "the clock runs from confirmation",
			facts: ri + `,"breach_determined_at":"2026-03-20T14:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-05-05T03:59:59Z"},
		{name: "a processor of the data owes it too",
			facts: `"role":"processor","jurisdictions":["US-RI"]`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "encrypted with a safe key",
			facts: ri + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key",
			facts: ri + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "no Rhode Island residents",
			facts: `"role":"controller","jurisdictions":["US-CT"]`, status: incident.ObligationNotApplicable},
		{name: "before the 2015 act took effect",
			facts: `"aware_at":"2016-07-01T12:00:00Z",` + ri, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ri_11_49_3_ag", []regimeCase{
		{name: "501 residents: the Attorney General, no separate period",
			facts: ri + `,"residents_by_state":{"US-RI":501}`, status: incident.ObligationDue},
		{name: "500 residents exactly do not trigger it",
			facts: ri + `,"residents_by_state":{"US-RI":500}`, status: incident.ObligationNotApplicable, reason: "more than five hundred"},
		{name: "an unknown count is assumed to reach it",
			facts: ri, status: incident.ObligationDue, reason: "residents.US-RI"},
		{name: "encrypted with a safe key",
			facts: ri + `,"residents_by_state":{"US-RI":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_ri_11_49_3_cra", []regimeCase{
		{name: "501 residents: the credit reporting agencies",
			facts: ri + `,"residents_by_state":{"US-RI":501}`, status: incident.ObligationDue},
		{name: "500 do not",
			facts: ri + `,"residents_by_state":{"US-RI":500,"US-MA":9000}`, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (11-49.3-4(a)(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestRhodeIslandHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-RI"]`
	runHarmNotLikely(t, "us_ri_11_49_3_individuals", facts, "11-49.3-4(a)(1)")
	runHarmNotLikely(t, "us_ri_11_49_3_ag", facts, "11-49.3-4(a)(1)")
	runHarmNotLikely(t, "us_ri_11_49_3_cra", facts, "11-49.3-4(a)(1)")
}
