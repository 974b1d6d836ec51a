package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Idaho sets no number of days for businesses: its duties are due from
// discovery with no due_at.

func TestIdaho(t *testing.T) {
	const id = `"role":"controller","jurisdictions":["US-ID"]`
	runRegime(t, "us_id_28_51_105_individuals", []regimeCase{
		{name: "most expedient time possible: due now, no due_at",
			facts: id, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: id + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "the key was taken too",
			facts: id + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a law-enforcement delay holds it",
			facts: id + `,"holds":[{"regime":"us_id_28_51_105_individuals","until":"2026-04-01T00:00:00Z","reason":"police request"}]`, status: incident.ObligationHeld},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-ID"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Idaho residents",
			facts: `"role":"controller","jurisdictions":["US-MT"]`, status: incident.ObligationNotApplicable},
		{name: "before 1 July 2006",
			facts: `"aware_at":"2006-06-30T12:00:00Z",` + id, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_id_28_51_105_customer", []regimeCase{
		{name: "immediately following discovery",
			facts: `"role":"processor","jurisdictions":["US-ID"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: id, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (28-51-105(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestIdahoHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-ID"]`
	runHarmNotLikely(t, "us_id_28_51_105_individuals", facts, "28-51-105(1)")
	runHarmStillDue(t, "us_id_28_51_105_customer", `"role":"processor","jurisdictions":["US-ID"]`)
}
