package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestNorthCarolina(t *testing.T) {
	const nc = `"role":"controller","jurisdictions":["US-NC"]`
	runRegime(t, "us_nc_75_65_individuals", []regimeCase{
		{name: "without unreasonable delay: due with no due_at",
			facts: nc, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is no security breach",
			facts: nc + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted records taken with the key are",
			facts: nc + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a business maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-NC"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no North Carolina residents",
			facts: `"role":"controller","jurisdictions":["US-SC"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2005-11-30T12:00:00Z",` + nc, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nc_75_65_ag", []regimeCase{
		{name: "one North Carolinian is enough",
			facts: nc + `,"residents_by_state":{"US-NC":1}`, status: incident.ObligationDue},
		{name: "encrypted with a safe key",
			facts: nc + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "before S.B. 1017",
			facts: `"aware_at":"2009-07-01T12:00:00Z",` + nc, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nc_75_65_cra", []regimeCase{
		{name: "1,001 persons",
			facts: nc + `,"residents_by_state":{"US-NC":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: nc + `,"residents_by_state":{"US-NC":1000,"US-SC":5000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_nc_75_65_owner", []regimeCase{
		{name: "immediately: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-NC"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: nc, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (75-61(14)): the determination that harm is not
// likely exempts the notices it covers.
func TestNorthCarolinaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-NC"]`
	runHarmNotLikely(t, "us_nc_75_65_individuals", facts, "75-61(14)")
	runHarmNotLikely(t, "us_nc_75_65_ag", facts, "75-61(14)")
	runHarmNotLikely(t, "us_nc_75_65_cra", facts, "75-61(14)")
	runHarmStillDue(t, "us_nc_75_65_owner", `"role":"processor","jurisdictions":["US-NC"]`)
}
