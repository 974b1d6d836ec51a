package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Alaska sets no number of days: its duties are due from discovery with no
// due_at.

func TestAlaska(t *testing.T) {
	const ak = `"role":"controller","jurisdictions":["US-AK"]`
	runRegime(t, "us_ak_45_48_010_individuals", []regimeCase{
		{name: "most expeditious time possible: due now, no due_at",
			facts: ak, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted without the key",
			facts: ak + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key acquired",
			facts: ak + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "an information recipient notifies the distributor instead",
			facts: `"role":"processor","jurisdictions":["US-AK"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Alaska residents",
			facts: `"role":"controller","jurisdictions":["US-HI"]`, status: incident.ObligationNotApplicable},
		{name: "before 1 July 2009",
			facts: `"aware_at":"2009-06-30T12:00:00Z",` + ak, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ak_45_48_040_cra", []regimeCase{
		{name: "1,001 Alaskans",
			facts: ak + `,"residents_by_state":{"US-AK":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: ak + `,"residents_by_state":{"US-AK":1000,"US-WA":9000}`, status: incident.ObligationNotApplicable, reason: "1,000 exactly"},
		{name: "encrypted without the key",
			facts: ak + `,"residents_by_state":{"US-AK":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_ak_45_48_070_customer", []regimeCase{
		{name: "immediately after discovery",
			facts: `"role":"processor","jurisdictions":["US-AK"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the distributor does not owe it",
			facts: ak, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (AS 45.48.010(c)): the determination that harm is not
// likely exempts the notices it covers.
func TestAlaskaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-AK"]`
	runHarmNotLikely(t, "us_ak_45_48_010_individuals", facts, "AS 45.48.010(c)")
	runHarmNotLikely(t, "us_ak_45_48_040_cra", facts, "AS 45.48.010(c)")
	runHarmStillDue(t, "us_ak_45_48_070_customer", `"role":"processor","jurisdictions":["US-AK"]`)
}
