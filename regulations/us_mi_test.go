package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMichigan(t *testing.T) {
	const mi = `"role":"controller","jurisdictions":["US-MI"]`
	runRegime(t, "us_mi_445_72_individuals", []regimeCase{
		{name: "without unreasonable delay from discovery: no due_at",
			facts: mi, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: mi + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key accessed",
			facts: mi + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a database maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MI"]`, status: incident.ObligationNotApplicable, reason: "445.72(2)"},
		{name: "no Michigan residents",
			facts: `"role":"controller","jurisdictions":["US-OH"]`, status: incident.ObligationNotApplicable},
		{name: "before the notice duty",
			facts: `"aware_at":"2007-01-01T00:00:00Z",` + mi, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_mi_445_72_cra", []regimeCase{
		{name: "1,000 exactly (the earlier reading of a conflict)",
			facts: mi + `,"residents_by_state":{"US-MI":1000}`, status: incident.ObligationDue},
		{name: "999 do not",
			facts: mi + `,"residents_by_state":{"US-MI":999}`, status: incident.ObligationNotApplicable, reason: "fewer than 1,000"},
		{name: "encrypted with the key safe",
			facts: mi + `,"residents_by_state":{"US-MI":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_mi_445_72_processor", []regimeCase{
		{name: "a maintainer notifies the owner without unreasonable delay",
			facts: `"role":"processor","jurisdictions":["US-MI"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: mi, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (445.72(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestMichiganHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-MI"]`
	runHarmNotLikely(t, "us_mi_445_72_individuals", facts, "445.72(1)")
	runHarmNotLikely(t, "us_mi_445_72_cra", facts, "445.72(1)")
	runHarmStillDue(t, "us_mi_445_72_processor", `"role":"processor","jurisdictions":["US-MI"]`)
}
