package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMinnesota(t *testing.T) {
	const mn = `"role":"controller","jurisdictions":["US-MN"]`
	runRegime(t, "us_mn_325e_61_individuals", []regimeCase{
		{name: "most expedient time from discovery: no due_at",
			facts: mn, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the key safe",
			facts: mn + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key acquired",
			facts: mn + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MN"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Minnesota residents",
			facts: `"role":"controller","jurisdictions":["US-WI"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2005-12-01T00:00:00Z",` + mn, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_mn_325e_61_cra", []regimeCase{
		// 2026-03-10T14:20Z + 48 h, exact elapsed time.
		{name: "501 persons: consumer reporting agencies within 48 hours",
			facts: mn + `,"residents_by_state":{"US-MN":501}`, status: incident.ObligationDue, dueAt: "2026-03-12T14:20:00Z", clock: "discovered_at"},
		{name: "500 exactly do not",
			facts: mn + `,"residents_by_state":{"US-MN":500}`, status: incident.ObligationNotApplicable, reason: "more than 500"},
		{name: "the 48 hours run from discovery",
			facts: mn + `,"residents_by_state":{"US-MN":800},"discovered_at":"2026-03-11T09:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-13T09:00:00Z"},
		{name: "encrypted with the key safe",
			facts: mn + `,"residents_by_state":{"US-MN":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_mn_325e_61_processor", []regimeCase{
		{name: "a maintainer notifies the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-MN"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: mn, status: incident.ObligationNotApplicable},
	})
}
