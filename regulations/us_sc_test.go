package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestSouthCarolina(t *testing.T) {
	const sc = `"role":"controller","jurisdictions":["US-SC"]`
	runRegime(t, "us_sc_39_1_90_individuals", []regimeCase{
		{name: "most expedient time: due with no due_at",
			facts: sc, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "rendered unusable by encryption with a safe key",
			facts: sc + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: sc + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a party maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-SC"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no South Carolina residents",
			facts: `"role":"controller","jurisdictions":["US-NC"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2009-06-30T12:00:00Z",` + sc, status: incident.ObligationNotInForce},
	})
	for _, id := range []string{"us_sc_39_1_90_dca", "us_sc_39_1_90_cra"} {
		runRegime(t, id, []regimeCase{
			{name: "1,000 South Carolinians (the Department's reading)",
				facts: sc + `,"residents_by_state":{"US-SC":1000}`, status: incident.ObligationDue},
			{name: "999 do not",
				facts: sc + `,"residents_by_state":{"US-SC":999,"US-NC":5000}`, status: incident.ObligationNotApplicable, reason: "fewer than 1,000"},
			{name: "encrypted with a safe key",
				facts: sc + `,"residents_by_state":{"US-SC":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
			{name: "before the Act",
				facts: `"aware_at":"2009-06-30T12:00:00Z",` + sc + `,"residents_by_state":{"US-SC":5000}`, status: incident.ObligationNotInForce},
		})
	}
	runRegime(t, "us_sc_39_1_90_owner", []regimeCase{
		{name: "immediately: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-SC"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: sc, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (39-1-90(A)): the determination that harm is not
// likely exempts the notices it covers.
func TestSouthCarolinaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-SC"]`
	runHarmNotLikely(t, "us_sc_39_1_90_individuals", facts, "39-1-90(A)")
	runHarmNotLikely(t, "us_sc_39_1_90_dca", facts, "39-1-90(A)")
	runHarmNotLikely(t, "us_sc_39_1_90_cra", facts, "39-1-90(A)")
	runHarmStillDue(t, "us_sc_39_1_90_owner", `"role":"processor","jurisdictions":["US-SC"]`)
}
