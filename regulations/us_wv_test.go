package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestWestVirginia(t *testing.T) {
	const wv = `"role":"controller","jurisdictions":["US-WV"]`
	runRegime(t, "us_wv_46a_2a_102_individuals", []regimeCase{
		{name: "without unreasonable delay: due from discovery, no due_at",
			facts: wv, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: wv + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "a person with access to the key was involved",
			facts: wv + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-WV"]`, status: incident.ObligationNotApplicable, reason: "as soon as practicable"},
		{name: "no West Virginia residents",
			facts: `"role":"controller","jurisdictions":["US-VA"]`, status: incident.ObligationNotApplicable},
		{name: "before the act",
			facts: `"aware_at":"2008-06-05T12:00:00Z",` + wv, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_wv_46a_2a_102_cra", []regimeCase{
		{name: "1,001 persons: the consumer reporting agencies",
			facts: wv + `,"residents_by_state":{"US-WV":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: wv + `,"residents_by_state":{"US-WV":1000}`, status: incident.ObligationNotApplicable, reason: "more than one thousand"},
	})
	runRegime(t, "us_wv_46a_2a_102_owner", []regimeCase{
		{name: "a maintainer tells the owner as soon as practicable",
			facts: `"role":"processor","jurisdictions":["US-WV"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: wv, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (46A-2A-101): the determination that harm is not
// likely exempts the notices it covers.
func TestWestVirginiaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-WV"]`
	runHarmNotLikely(t, "us_wv_46a_2a_102_individuals", facts, "46A-2A-101")
	runHarmNotLikely(t, "us_wv_46a_2a_102_cra", facts, "46A-2A-101")
	runHarmStillDue(t, "us_wv_46a_2a_102_owner", `"role":"processor","jurisdictions":["US-WV"]`)
}
