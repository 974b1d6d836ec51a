package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestNebraska(t *testing.T) {
	const ne = `"role":"controller","jurisdictions":["US-NE"]`
	runRegime(t, "us_ne_87_803_individuals", []regimeCase{
		{name: "as soon as possible from discovery: no due_at",
			facts: ne, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: ne + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key acquired",
			facts: ne + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-NE"]`, status: incident.ObligationNotApplicable, reason: "87-803(3)"},
		{name: "no Nebraska residents",
			facts: `"role":"controller","jurisdictions":["US-IA"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2006-07-01T00:00:00Z",` + ne, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ne_87_803_ag", []regimeCase{
		{name: "one Nebraskan: the Attorney General no later than the residents",
			facts: ne + `,"residents_by_state":{"US-NE":1}`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: ne + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no Nebraska residents",
			facts: `"role":"controller","residents_by_state":{"US-KS":900}`, status: incident.ObligationNotApplicable},
		{name: "before LB 835",
			facts: `"aware_at":"2016-07-01T00:00:00Z",` + ne, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ne_87_803_processor", []regimeCase{
		{name: "a maintainer notifies the owner",
			facts: `"role":"processor","jurisdictions":["US-NE"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ne, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (87-803(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestNebraskaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-NE"]`
	runHarmNotLikely(t, "us_ne_87_803_individuals", facts, "87-803(1)")
	runHarmNotLikely(t, "us_ne_87_803_ag", facts, "87-803(1)")
	runHarmStillDue(t, "us_ne_87_803_processor", `"role":"processor","jurisdictions":["US-NE"]`)
}
