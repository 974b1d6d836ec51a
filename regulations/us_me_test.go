package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMaine(t *testing.T) {
	const me = `"role":"controller","jurisdictions":["US-ME"]`
	runRegime(t, "us_me_1348_individuals", []regimeCase{
		// 10 March + 30 days = 9 April, 23:59:59 EDT.
		{name: "30 days after becoming aware, ending in Eastern time",
			facts: me, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z", clock: "aware_at"},
		{name: "encrypted with a safe key",
			facts: me + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key",
			facts: me + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "a third party notifies its customer instead",
			facts: `"role":"processor","jurisdictions":["US-ME"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Maine residents",
			facts: `"role":"controller","jurisdictions":["US-NH"]`, status: incident.ObligationNotApplicable},
		{name: "before the 30-day rule",
			facts: `"aware_at":"2019-09-18T12:00:00Z",` + me, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_me_1348_regulator", []regimeCase{
		{name: "any count: the regulator with the residents' notice",
			facts: me + `,"residents_by_state":{"US-ME":1}`, status: incident.ObligationDue},
	})
	runRegime(t, "us_me_1348_cra", []regimeCase{
		{name: "1,001 persons: the consumer reporting agencies",
			facts: me + `,"residents_by_state":{"US-ME":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: me + `,"residents_by_state":{"US-ME":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_me_1348_owner", []regimeCase{
		{name: "a third party tells its customer immediately",
			facts: `"role":"processor","jurisdictions":["US-ME"]`, status: incident.ObligationDue},
		{name: "the maintainer does not",
			facts: me, status: incident.ObligationNotApplicable},
	})
}
