package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Utah sets no number of days: every Utah duty is due from discovery with
// no due_at.

func TestUtah(t *testing.T) {
	const ut = `"role":"controller","jurisdictions":["US-UT"]`
	runRegime(t, "us_ut_13_44_202_individuals", []regimeCase{
		{name: "most expedient time possible: due now, no due_at",
			facts: ut, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: ut + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "the key was taken too",
			facts: ut + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-UT"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Utah residents",
			facts: `"role":"controller","jurisdictions":["US-NV"]`, status: incident.ObligationNotApplicable},
		{name: "before the chapter",
			facts: `"aware_at":"2006-12-01T00:00:00Z",` + ut, status: incident.ObligationNotInForce},
	})
	for _, id := range []string{"us_ut_13_44_202_ag", "us_ut_13_44_202_cyber_center"} {
		runRegime(t, id, []regimeCase{
			{name: id + ": 500 Utahns exactly",
				facts: ut + `,"residents_by_state":{"US-UT":500}`, status: incident.ObligationDue},
			{name: id + ": 499 do not",
				facts: ut + `,"residents_by_state":{"US-UT":499,"US-CA":5000}`, status: incident.ObligationNotApplicable, reason: "500 or more"},
			{name: id + ": encrypted with a safe key",
				facts: ut + `,"residents_by_state":{"US-UT":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
			{name: id + ": before S.B. 127",
				facts: `"aware_at":"2023-05-02T12:00:00Z",` + ut + `,"residents_by_state":{"US-UT":900}`, status: incident.ObligationNotInForce},
		})
	}
	runRegime(t, "us_ut_13_44_202_cra", []regimeCase{
		{name: "1,000 Utahns exactly",
			facts: ut + `,"residents_by_state":{"US-UT":1000}`, status: incident.ObligationDue},
		{name: "999 do not",
			facts: ut + `,"residents_by_state":{"US-UT":999}`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_ut_13_44_202_customer", []regimeCase{
		{name: "immediately following discovery",
			facts: `"role":"processor","jurisdictions":["US-UT"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: ut, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (13-44-202(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestUtahHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-UT"]`
	runHarmNotLikely(t, "us_ut_13_44_202_individuals", facts, "13-44-202(1)")
	runHarmNotLikely(t, "us_ut_13_44_202_ag", facts, "13-44-202(1)")
	runHarmNotLikely(t, "us_ut_13_44_202_cyber_center", facts, "13-44-202(1)")
	runHarmNotLikely(t, "us_ut_13_44_202_cra", facts, "13-44-202(1)")
	runHarmStillDue(t, "us_ut_13_44_202_customer", `"role":"processor","jurisdictions":["US-UT"]`)
}
