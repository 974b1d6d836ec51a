package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestGuam(t *testing.T) {
	const gu = `"role":"controller","jurisdictions":["US-GU"]`
	runRegime(t, "us_gu_9_48_30_individuals", []regimeCase{
		{name: "without unreasonable delay: due with no due_at",
			facts: gu, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: gu + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key leaked",
			facts: gu + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "an entity maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-GU"]`, status: incident.ObligationNotApplicable, reason: "as soon as practicable"},
		{name: "no Guam residents",
			facts: `"role":"controller","jurisdictions":["US-HI"]`, status: incident.ObligationNotApplicable},
		{name: "before Chapter 48",
			facts: `"aware_at":"2009-08-09T12:00:00Z",` + gu, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_gu_9_48_30_owner", []regimeCase{
		{name: "as soon as practicable: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-GU"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: gu, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (48.20(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestGuamHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-GU"]`
	runHarmNotLikely(t, "us_gu_9_48_30_individuals", facts, "48.20(a)")
	runHarmStillDue(t, "us_gu_9_48_30_owner", `"role":"processor","jurisdictions":["US-GU"]`)
}
