package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestKansas(t *testing.T) {
	const ks = `"role":"controller","jurisdictions":["US-KS"]`
	runRegime(t, "us_ks_50_7a02_individuals", []regimeCase{
		{name: "most expedient time from discovery: no due_at",
			facts: ks, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: ks + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key taken",
			facts: ks + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-KS"]`, status: incident.ObligationNotApplicable, reason: "50-7a02(b)"},
		{name: "no Kansas residents",
			facts: `"role":"controller","jurisdictions":["US-MO"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2006-12-01T00:00:00Z",` + ks, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ks_50_7a02_cra", []regimeCase{
		{name: "1,001 consumers: without unreasonable delay",
			facts: ks + `,"residents_by_state":{"US-KS":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: ks + `,"residents_by_state":{"US-KS":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
		{name: "encrypted with the key safe",
			facts: ks + `,"residents_by_state":{"US-KS":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_ks_50_7a02_processor", []regimeCase{
		{name: "a maintainer notifies the owner following discovery",
			facts: `"role":"processor","jurisdictions":["US-KS"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ks, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (50-7a02(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestKansasHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-KS"]`
	runHarmNotLikely(t, "us_ks_50_7a02_individuals", facts, "50-7a02(a)")
	runHarmNotLikely(t, "us_ks_50_7a02_cra", facts, "50-7a02(a)")
	runHarmStillDue(t, "us_ks_50_7a02_processor", `"role":"processor","jurisdictions":["US-KS"]`)
}
