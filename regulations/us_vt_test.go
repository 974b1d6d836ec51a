package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestVermont(t *testing.T) {
	const vt = `"role":"controller","jurisdictions":["US-VT"]`
	runRegime(t, "us_vt_2435_individuals", []regimeCase{
		// 10 March + 45 days = 24 April, 23:59:59 EDT.
		{name: "45 days after discovery, ending in Eastern time",
			facts: vt, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z", clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: vt + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key",
			facts: vt + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-VT"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Vermont consumers",
			facts: `"role":"controller","jurisdictions":["US-NH"]`, status: incident.ObligationNotApplicable},
		{name: "before the 45-day rule",
			facts: `"aware_at":"2012-05-01T12:00:00Z",` + vt, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_vt_2435_ag_preliminary", []regimeCase{
		// Tuesday 10 March: the 14th business day is Monday 30 March, 23:59:59 EDT.
		{name: "14 business days after discovery",
			facts: vt, status: incident.ObligationDue, dueAt: "2026-03-31T03:59:59Z", clock: "discovered_at"},
		// Wednesday 20 May: Memorial Day (25 May) is skipped; the 14th business day is 10 June.
		{name: "a federal holiday is skipped",
			facts: `"aware_at":"2026-05-20T14:20:00Z",` + vt, status: incident.ObligationDue, dueAt: "2026-06-11T03:59:59Z"},
		{name: "any count of Vermonters",
			facts: vt + `,"residents_by_state":{"US-VT":1}`, status: incident.ObligationDue, dueAt: "2026-03-31T03:59:59Z"},
		{name: "encrypted with a safe key",
			facts: vt + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_vt_2435_cra", []regimeCase{
		{name: "1,001 consumers: the consumer reporting agencies",
			facts: vt + `,"residents_by_state":{"US-VT":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: vt + `,"residents_by_state":{"US-VT":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_vt_2435_owner", []regimeCase{
		{name: "a maintainer tells the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-VT"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: vt, status: incident.ObligationNotApplicable},
	})
}
