package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestNorthDakota(t *testing.T) {
	const nd = `"role":"controller","jurisdictions":["US-ND"]`
	runRegime(t, "us_nd_51_30_02_individuals", []regimeCase{
		{name: "most expedient time from discovery: no due_at",
			facts: nd, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: nd + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key taken",
			facts: nd + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-ND"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no North Dakota residents",
			facts: `"role":"controller","jurisdictions":["US-SD"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2005-05-01T00:00:00Z",` + nd, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nd_51_30_02_ag", []regimeCase{
		{name: "251 North Dakotans",
			facts: nd + `,"residents_by_state":{"US-ND":251},"data_subjects":251`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "250 exactly do not",
			facts: nd + `,"residents_by_state":{"US-ND":250},"data_subjects":250`, status: incident.ObligationNotApplicable, reason: "exceeds two hundred fifty"},
		{name: "a breach of more than 250 individuals in all, few in North Dakota",
			facts: nd + `,"residents_by_state":{"US-ND":10,"US-MN":400}`, status: incident.ObligationDue},
		{name: "encrypted with the key safe",
			facts: nd + `,"residents_by_state":{"US-ND":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no North Dakota residents",
			facts: `"role":"controller","residents_by_state":{"US-MN":900}`, status: incident.ObligationNotApplicable},
		{name: "before S.B. 2214",
			facts: `"aware_at":"2015-07-01T00:00:00Z",` + nd + `,"residents_by_state":{"US-ND":900}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nd_51_30_03_processor", []regimeCase{
		{name: "a maintainer notifies the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-ND"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: nd, status: incident.ObligationNotApplicable},
	})
}
