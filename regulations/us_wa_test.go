package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Washington ends its days in Pacific time: aware_at 2026-03-10T14:20:00Z is
// 07:20 PDT on 10 March, so 30 days end 23:59:59 PDT on 9 April.

func TestWashington(t *testing.T) {
	const wa = `"role":"controller","jurisdictions":["US-WA"]`
	runRegime(t, "us_wa_19_255_individuals_2020", []regimeCase{
		{name: "30 calendar days after discovery, ending in Pacific time",
			facts: wa, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z", clock: "discovered_at"},
		// Discovered 17:00 PDT on 12 March: + 30 days = 11 April.
		{name: "the clock runs from discovery",
			facts: wa + `,"discovered_at":"2026-03-13T00:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-12T06:59:59Z"},
		{name: "secured data with a safe key needs no notice",
			facts: wa + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key was acquired",
			facts: wa + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z"},
		{name: "a law-enforcement delay holds it",
			facts: wa + `,"holds":[{"regime":"us_wa_19_255_individuals_2020","until":"2026-04-01T00:00:00Z","reason":"police request"}]`, status: incident.ObligationHeld},
		{name: "the maintainer of the data notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-WA"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Washington residents",
			facts: `"role":"controller","jurisdictions":["US-OR"]`, status: incident.ObligationNotApplicable},
		{name: "before HB 1071 (1 March 2020)",
			facts: `"aware_at":"2020-02-29T23:00:00Z",` + wa, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_wa_19_255_individuals_2015", []regimeCase{
		// 09:00 PDT on 3 June 2019: + 45 days = 18 July, 23:59:59 PDT.
		{name: "45 days before HB 1071",
			facts: `"aware_at":"2019-06-03T16:00:00Z",` + wa, status: incident.ObligationDue, dueAt: "2019-07-19T06:59:59Z"},
		{name: "no longer in force from 1 March 2020",
			facts: wa, status: incident.ObligationNotInForce},
		{name: "not yet in force before HB 1078",
			facts: `"aware_at":"2015-07-01T00:00:00Z",` + wa, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_wa_19_255_ag_2020", []regimeCase{
		{name: "501 Washingtonians: 30 days after discovery",
			facts: wa + `,"residents_by_state":{"US-WA":501}`, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z"},
		{name: "500 exactly do not trigger it",
			facts: wa + `,"residents_by_state":{"US-WA":500,"US-CA":5000}`, status: incident.ObligationNotApplicable, reason: "500 exactly"},
		{name: "an unknown count of Washingtonians is assumed to reach it",
			facts: wa, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z", reason: "residents.US-WA not yet known"},
		{name: "secured data with a safe key",
			facts: wa + `,"residents_by_state":{"US-WA":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key was acquired",
			facts: wa + `,"residents_by_state":{"US-WA":900},"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z"},
		{name: "no Washington residents",
			facts: `"role":"controller","jurisdictions":["US-OR"]`, status: incident.ObligationNotApplicable},
		{name: "before HB 1071",
			facts: `"aware_at":"2020-01-15T00:00:00Z",` + wa + `,"residents_by_state":{"US-WA":900}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_wa_19_255_ag_2015", []regimeCase{
		{name: "45 days before HB 1071",
			facts: `"aware_at":"2019-06-03T16:00:00Z",` + wa + `,"residents_by_state":{"US-WA":501}`, status: incident.ObligationDue, dueAt: "2019-07-19T06:59:59Z"},
		{name: "500 exactly do not trigger it",
			facts: `"aware_at":"2019-06-03T16:00:00Z",` + wa + `,"residents_by_state":{"US-WA":500}`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_wa_19_255_customer", []regimeCase{
		{name: "the maintainer notifies the owner immediately: no due_at",
			facts: `"role":"processor","jurisdictions":["US-WA"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: wa, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (RCW 19.255.010(1)): the determination that harm is not
// likely exempts the notices it covers.
func TestWashingtonHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-WA"]`
	runHarmNotLikely(t, "us_wa_19_255_individuals_2020", facts, "RCW 19.255.010(1)")
	runHarmNotLikely(t, "us_wa_19_255_ag_2020", facts, "RCW 19.255.010(1)")
	runHarmStillDue(t, "us_wa_19_255_customer", `"role":"processor","jurisdictions":["US-WA"]`)
}
