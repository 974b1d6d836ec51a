package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Wyoming sets no number of days and no encryption safe harbour.

func TestWyoming(t *testing.T) {
	const wy = `"role":"controller","jurisdictions":["US-WY"]`
	runRegime(t, "us_wy_40_12_502_individuals", []regimeCase{
		{name: "most expedient time possible: due now, no due_at",
			facts: wy, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encryption is no exemption in Wyoming",
			facts: wy + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a written law-enforcement delay holds it",
			facts: wy + `,"holds":[{"regime":"us_wy_40_12_502_individuals","until":"2026-04-01T00:00:00Z","reason":"police request in writing"}]`, status: incident.ObligationHeld},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-WY"]`, status: incident.ObligationNotApplicable, reason: "as soon as practicable"},
		{name: "no Wyoming residents",
			facts: `"role":"controller","jurisdictions":["US-MT"]`, status: incident.ObligationNotApplicable},
		{name: "before 1 July 2007",
			facts: `"aware_at":"2007-06-30T12:00:00Z",` + wy, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_wy_40_12_502_customer", []regimeCase{
		{name: "as soon as practicable after the determination",
			facts: `"role":"processor","jurisdictions":["US-WY"]`, status: incident.ObligationDue, clock: "breach_determined_at"},
		{name: "the owner does not owe it",
			facts: wy, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (40-12-502(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestWyomingHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-WY"]`
	runHarmNotLikely(t, "us_wy_40_12_502_individuals", facts, "40-12-502(a)")
	runHarmStillDue(t, "us_wy_40_12_502_customer", `"role":"processor","jurisdictions":["US-WY"]`)
}
