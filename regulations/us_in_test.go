package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Indiana: 10 March 2026 + 45 days = 24 April, 23:59:59 EDT = 03:59:59Z on
// 25 April.

func TestIndiana(t *testing.T) {
	const in = `"role":"controller","jurisdictions":["US-IN"]`
	runRegime(t, "us_in_24_4_9_individuals_2022", []regimeCase{
		{name: "45 days after discovery, ending in Eastern time",
			facts: in, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z", clock: "discovered_at"},
		// Discovered 23:30 EDT on 11 March (03:30Z on 12 March): + 45 days = 25 April.
		{name: "the clock runs from discovery in the local day",
			facts: in + `,"discovered_at":"2026-03-12T03:30:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-26T03:59:59Z"},
		{name: "encrypted without access to the key",
			facts: in + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key taken",
			facts: in + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "no Indiana residents",
			facts: `"role":"controller","jurisdictions":["US-IL"]`, status: incident.ObligationNotApplicable},
		{name: "before P.L.171-2022 the later rule is not in force",
			facts: `"aware_at":"2022-06-15T12:00:00Z",` + in, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_in_24_4_9_individuals_2006", []regimeCase{
		{name: "before July 2022: without unreasonable delay",
			facts: `"aware_at":"2022-06-15T12:00:00Z",` + in, status: incident.ObligationDue},
		{name: "since July 2022 the 45-day rule replaces it",
			facts: in, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_in_24_4_9_ag_2022", []regimeCase{
		{name: "the Attorney General at any count, 45 days",
			facts: in + `,"residents_by_state":{"US-IN":1}`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "not before the 2009 amendment",
			facts: `"aware_at":"2009-01-15T12:00:00Z",` + in, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_in_24_4_9_ag_2006", []regimeCase{
		{name: "not before the 2009 amendment",
			facts: `"aware_at":"2009-01-15T12:00:00Z",` + in, status: incident.ObligationNotInForce},
		{name: "between 2009 and 2022",
			facts: `"aware_at":"2015-01-15T12:00:00Z",` + in, status: incident.ObligationDue},
	})
	runRegime(t, "us_in_24_4_9_cra_2022", []regimeCase{
		{name: "1,001 Indiana residents: consumer reporting agencies within 45 days",
			facts: in + `,"residents_by_state":{"US-IN":1001}`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "1,000 exactly do not",
			facts: in + `,"residents_by_state":{"US-IN":1000}`, status: incident.ObligationNotApplicable, reason: "more than one thousand"},
		{name: "encrypted without access to the key",
			facts: in + `,"residents_by_state":{"US-IN":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_in_24_4_9_processor_2022", []regimeCase{
		{name: "a person that maintains the data notifies the owner within 45 days",
			facts: `"role":"processor","jurisdictions":["US-IN"]`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "the owner does not",
			facts: in, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_in_24_4_9_processor_2006", []regimeCase{
		{name: "before July 2022: without unreasonable delay",
			facts: `"aware_at":"2020-06-15T12:00:00Z","role":"processor","jurisdictions":["US-IN"]`, status: incident.ObligationDue},
	})
}
