package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Arizona keeps MST (UTC-7) all year: aware_at 2026-03-10T14:20:00Z is
// 07:20 MST on 10 March; 45 days end 23:59:59 MST on 24 April.

func TestArizona(t *testing.T) {
	const az = `"role":"controller","jurisdictions":["US-AZ"]`
	runRegime(t, "us_az_18_552_individuals", []regimeCase{
		{name: "45 days after determination, ending in Arizona time",
			facts: az, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z", clock: "breach_determined_at"},
		// Determined 18:00 MST on 12 March: + 45 days = 26 April.
		{name: "the clock runs from the determination",
			facts: az + `,"breach_determined_at":"2026-03-13T01:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-27T06:59:59Z"},
		// Determined 2 November (after the US DST switch): Arizona does not move.
		{name: "no daylight saving time",
			facts: `"aware_at":"2026-11-02T15:00:00Z",` + az, status: incident.ObligationDue, dueAt: "2026-12-18T06:59:59Z"},
		{name: "encrypted with a safe key",
			facts: az + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key was acquired",
			facts: az + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z"},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-AZ"]`, status: incident.ObligationNotApplicable, reason: "owner or licensee"},
		{name: "no Arizona individuals",
			facts: `"role":"controller","jurisdictions":["US-NM"]`, status: incident.ObligationNotApplicable},
		{name: "before the 45-day rule",
			facts: `"aware_at":"2018-08-02T12:00:00Z",` + az, status: incident.ObligationNotInForce},
	})
	for _, id := range []string{"us_az_18_552_ag", "us_az_18_552_cra", "us_az_18_552_dhs"} {
		runRegime(t, id, []regimeCase{
			{name: id + ": 1,001 Arizonans",
				facts: az + `,"residents_by_state":{"US-AZ":1001}`, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z"},
			{name: id + ": 1,000 exactly do not",
				facts: az + `,"residents_by_state":{"US-AZ":1000,"US-CA":5000}`, status: incident.ObligationNotApplicable, reason: "1,000 exactly"},
			{name: id + ": encrypted with a safe key",
				facts: az + `,"residents_by_state":{"US-AZ":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
			{name: id + ": key acquired",
				facts: az + `,"residents_by_state":{"US-AZ":5000},"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z"},
		})
	}
	runRegime(t, "us_az_18_552_dhs", []regimeCase{
		{name: "not before the 2022 amendment",
			facts: `"aware_at":"2021-06-01T00:00:00Z",` + az + `,"residents_by_state":{"US-AZ":5000}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_az_18_552_customer", []regimeCase{
		{name: "the maintainer notifies the owner as soon as practicable: no due_at",
			facts: `"role":"processor","jurisdictions":["US-AZ"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: az, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (18-552(J)): the determination that harm is not
// likely exempts the notices it covers.
func TestArizonaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-AZ"]`
	runHarmNotLikely(t, "us_az_18_552_individuals", facts, "18-552(J)")
	runHarmNotLikely(t, "us_az_18_552_ag", facts, "18-552(J)")
	runHarmNotLikely(t, "us_az_18_552_dhs", facts, "18-552(J)")
	runHarmNotLikely(t, "us_az_18_552_cra", facts, "18-552(J)")
	runHarmStillDue(t, "us_az_18_552_customer", `"role":"processor","jurisdictions":["US-AZ"]`)
}
