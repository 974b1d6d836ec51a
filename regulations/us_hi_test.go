package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Hawaii sets no number of days: its duties are due from discovery with no
// due_at.

func TestHawaii(t *testing.T) {
	const hi = `"role":"controller","jurisdictions":["US-HI"]`
	runRegime(t, "us_hi_487n_2_individuals", []regimeCase{
		{name: "without unreasonable delay: due now, no due_at",
			facts: hi, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted without the key is no breach",
			facts: hi + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key is a breach",
			facts: hi + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a written law-enforcement delay holds it",
			facts: hi + `,"holds":[{"regime":"us_hi_487n_2_individuals","until":"2026-04-01T00:00:00Z","reason":"police request in writing"}]`, status: incident.ObligationHeld},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-HI"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Hawaii residents",
			facts: `"role":"controller","jurisdictions":["US-AK"]`, status: incident.ObligationNotApplicable},
		{name: "before 1 January 2007",
			facts: `"aware_at":"2006-12-31T12:00:00Z",` + hi, status: incident.ObligationNotInForce},
	})
	for _, id := range []string{"us_hi_487n_2_ocp", "us_hi_487n_2_cra"} {
		runRegime(t, id, []regimeCase{
			{name: id + ": 1,001 persons in Hawaii",
				facts: hi + `,"residents_by_state":{"US-HI":1001}`, status: incident.ObligationDue},
			{name: id + ": 1,000 exactly do not",
				facts: hi + `,"residents_by_state":{"US-HI":1000,"US-CA":9000}`, status: incident.ObligationNotApplicable, reason: "1,000 exactly"},
			{name: id + ": encrypted without the key",
				facts: hi + `,"residents_by_state":{"US-HI":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		})
	}
	runRegime(t, "us_hi_487n_2_customer", []regimeCase{
		{name: "immediately following discovery",
			facts: `"role":"processor","jurisdictions":["US-HI"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: hi, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (HRS 487N-1): the determination that harm is not
// likely exempts the notices it covers.
func TestHawaiiHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-HI"]`
	runHarmNotLikely(t, "us_hi_487n_2_individuals", facts, "HRS 487N-1")
	runHarmNotLikely(t, "us_hi_487n_2_ocp", facts, "HRS 487N-1")
	runHarmNotLikely(t, "us_hi_487n_2_cra", facts, "HRS 487N-1")
	runHarmStillDue(t, "us_hi_487n_2_customer", `"role":"processor","jurisdictions":["US-HI"]`)
}
