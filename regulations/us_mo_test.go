package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMissouri(t *testing.T) {
	const mo = `"role":"controller","jurisdictions":["US-MO"]`
	runRegime(t, "us_mo_407_1500_individuals", []regimeCase{
		{name: "without unreasonable delay from discovery: no due_at",
			facts: mo, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: mo + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key acquired",
			facts: mo + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MO"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Missouri residents",
			facts: `"role":"controller","jurisdictions":["US-KS"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2009-08-01T00:00:00Z",` + mo, status: incident.ObligationNotInForce},
	})
	for _, id := range []string{"us_mo_407_1500_ag", "us_mo_407_1500_cra"} {
		runRegime(t, id, []regimeCase{
			{name: "1,001 consumers: without unreasonable delay",
				facts: mo + `,"residents_by_state":{"US-MO":1001}`, status: incident.ObligationDue},
			{name: "1,000 exactly do not",
				facts: mo + `,"residents_by_state":{"US-MO":1000}`, status: incident.ObligationNotApplicable, reason: "more than one thousand"},
			{name: "encrypted with the key safe",
				facts: mo + `,"residents_by_state":{"US-MO":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
			{name: "no Missouri residents",
				facts: `"role":"controller","residents_by_state":{"US-IL":5000}`, status: incident.ObligationNotApplicable},
		})
	}
	runRegime(t, "us_mo_407_1500_processor", []regimeCase{
		{name: "a maintainer notifies the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-MO"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: mo, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (407.1500.2(5)): the determination that harm is not
// likely exempts the notices it covers.
func TestMissouriHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-MO"]`
	runHarmNotLikely(t, "us_mo_407_1500_individuals", facts, "407.1500.2(5)")
	runHarmNotLikely(t, "us_mo_407_1500_ag", facts, "407.1500.2(5)")
	runHarmNotLikely(t, "us_mo_407_1500_cra", facts, "407.1500.2(5)")
	runHarmStillDue(t, "us_mo_407_1500_processor", `"role":"processor","jurisdictions":["US-MO"]`)
}
