package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Wisconsin: 10 March 2026 + 45 days = 24 April, 23:59:59 CDT = 04:59:59Z on
// 25 April.

func TestWisconsin(t *testing.T) {
	const wi = `"role":"controller","jurisdictions":["US-WI"]`
	runRegime(t, "us_wi_134_98_individuals", []regimeCase{
		{name: "45 days after learning of the acquisition, ending in Central time",
			facts: wi, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z", clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: wi + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key taken",
			facts: wi + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z"},
		{name: "a storing person notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-WI"]`, status: incident.ObligationNotApplicable, reason: "as soon as practicable"},
		{name: "no Wisconsin residents",
			facts: `"role":"controller","jurisdictions":["US-MN"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2006-03-01T00:00:00Z",` + wi, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_wi_134_98_cra", []regimeCase{
		{name: "1,000 exactly",
			facts: wi + `,"residents_by_state":{"US-WI":1000}`, status: incident.ObligationDue},
		{name: "999 do not",
			facts: wi + `,"residents_by_state":{"US-WI":999}`, status: incident.ObligationNotApplicable, reason: "fewer than 1,000"},
		{name: "encrypted with the key safe",
			facts: wi + `,"residents_by_state":{"US-WI":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_wi_134_98_processor", []regimeCase{
		{name: "a storing person notifies the owner as soon as practicable",
			facts: `"role":"processor","jurisdictions":["US-WI"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: wi, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (134.98(2)(cm)): the determination that harm is not
// likely exempts the notices it covers.
func TestWisconsinHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-WI"]`
	runHarmNotLikely(t, "us_wi_134_98_individuals", facts, "134.98(2)(cm)")
	runHarmNotLikely(t, "us_wi_134_98_cra", facts, "134.98(2)(cm)")
	runHarmStillDue(t, "us_wi_134_98_processor", `"role":"processor","jurisdictions":["US-WI"]`)
}
