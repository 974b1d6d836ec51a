package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMississippi(t *testing.T) {
	const ms = `"role":"controller","jurisdictions":["US-MS"]`
	runRegime(t, "us_ms_75_24_29_individuals", []regimeCase{
		{name: "without unreasonable delay: due with no due_at",
			facts: ms, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is no breach of security",
			facts: ms + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: ms + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a person maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MS"]`, status: incident.ObligationNotApplicable, reason: "as soon as practicable"},
		{name: "no Mississippi residents",
			facts: `"role":"controller","jurisdictions":["US-AL"]`, status: incident.ObligationNotApplicable},
		{name: "before H.B. 582",
			facts: `"aware_at":"2011-06-30T12:00:00Z",` + ms, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ms_75_24_29_owner", []regimeCase{
		{name: "as soon as practicable: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-MS"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ms, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (75-24-29(3)): the determination that harm is not
// likely exempts the notices it covers.
func TestMississippiHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-MS"]`
	runHarmNotLikely(t, "us_ms_75_24_29_individuals", facts, "75-24-29(3)")
	runHarmStillDue(t, "us_ms_75_24_29_owner", `"role":"processor","jurisdictions":["US-MS"]`)
}
