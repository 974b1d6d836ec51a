package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestKentucky(t *testing.T) {
	const ky = `"role":"controller","jurisdictions":["US-KY"]`
	runRegime(t, "us_ky_365_732_individuals", []regimeCase{
		{name: "most expedient time: due with no due_at",
			facts: ky, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: ky + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: ky + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a holder maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-KY"]`, status: incident.ObligationNotApplicable, reason: "as soon as reasonably practicable"},
		{name: "no Kentucky residents",
			facts: `"role":"controller","jurisdictions":["US-TN"]`, status: incident.ObligationNotApplicable},
		{name: "before H.B. 232",
			facts: `"aware_at":"2014-07-14T12:00:00Z",` + ky, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ky_365_732_cra", []regimeCase{
		{name: "1,001 persons",
			facts: ky + `,"residents_by_state":{"US-KY":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: ky + `,"residents_by_state":{"US-KY":1000,"US-TN":5000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
		{name: "encrypted with a safe key",
			facts: ky + `,"residents_by_state":{"US-KY":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_ky_365_732_owner", []regimeCase{
		{name: "as soon as reasonably practicable: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-KY"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ky, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (365.732(1)(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestKentuckyHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-KY"]`
	runHarmNotLikely(t, "us_ky_365_732_individuals", facts, "365.732(1)(a)")
	runHarmNotLikely(t, "us_ky_365_732_cra", facts, "365.732(1)(a)")
	runHarmStillDue(t, "us_ky_365_732_owner", `"role":"processor","jurisdictions":["US-KY"]`)
}
