package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestDistrictOfColumbia(t *testing.T) {
	const dc = `"role":"controller","jurisdictions":["US-DC"]`
	runRegime(t, "us_dc_28_3852_individuals", []regimeCase{
		{name: "most expedient time possible: due from discovery, no due_at",
			facts: dc, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: dc + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key",
			facts: dc + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-DC"]`, status: incident.ObligationNotApplicable, reason: "owner or licensee"},
		{name: "no District residents",
			facts: `"role":"controller","jurisdictions":["US-MD"]`, status: incident.ObligationNotApplicable},
		{name: "before the act",
			facts: `"aware_at":"2007-06-30T12:00:00Z",` + dc, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_dc_28_3852_ag", []regimeCase{
		{name: "50 residents: the Attorney General, no later than the residents",
			facts: dc + `,"residents_by_state":{"US-DC":50}`, status: incident.ObligationDue},
		{name: "49 do not",
			facts: dc + `,"residents_by_state":{"US-DC":49}`, status: incident.ObligationNotApplicable, reason: "fewer than 50"},
		{name: "an unknown count is assumed to reach it",
			facts: dc, status: incident.ObligationDue, reason: "residents.US-DC"},
		{name: "not before the 2019 Amendment Act took effect",
			facts: `"aware_at":"2020-06-07T12:00:00Z",` + dc + `,"residents_by_state":{"US-DC":500}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_dc_28_3852_cra", []regimeCase{
		{name: "1,001 persons: the consumer reporting agencies",
			facts: dc + `,"residents_by_state":{"US-DC":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: dc + `,"residents_by_state":{"US-DC":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_dc_28_3852_owner", []regimeCase{
		{name: "a maintainer tells the owner following discovery",
			facts: `"role":"processor","jurisdictions":["US-DC"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: dc, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (28-3852): the determination that harm is not
// likely exempts the notices it covers.
func TestDistrictOfColumbiaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-DC"]`
	runHarmNotLikely(t, "us_dc_28_3852_individuals", facts, "28-3852")
	runHarmNotLikely(t, "us_dc_28_3852_ag", facts, "28-3852")
	runHarmNotLikely(t, "us_dc_28_3852_cra", facts, "28-3852")
	runHarmStillDue(t, "us_dc_28_3852_owner", `"role":"processor","jurisdictions":["US-DC"]`)
}
