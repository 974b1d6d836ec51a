package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Arkansas: 45 days from 10 March 2026 is 24 April, 23:59:59 CDT =
// 2026-04-25T04:59:59Z.
func TestArkansas(t *testing.T) {
	const ar = `"role":"controller","jurisdictions":["US-AR"]`
	runRegime(t, "us_ar_4_110_105_individuals", []regimeCase{
		{name: "most expedient time: due with no due_at",
			facts: ar, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: ar + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: ar + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a person maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-AR"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Arkansas residents",
			facts: `"role":"controller","jurisdictions":["US-LA"]`, status: incident.ObligationNotApplicable},
		{name: "before Act 1526",
			facts: `"aware_at":"2005-08-11T12:00:00Z",` + ar, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ar_4_110_105_ag", []regimeCase{
		{name: "1,001 Arkansans: 45 days after the determination",
			facts: ar + `,"residents_by_state":{"US-AR":1001}`, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z", clock: "breach_determined_at"},
		{name: "1,000 individuals exactly do not",
			facts: ar + `,"data_subjects":1000,"residents_by_state":{"US-AR":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
		{name: "more than 1,000 individuals, few of them Arkansans",
			facts: ar + `,"data_subjects":5000,"residents_by_state":{"US-AR":10,"US-LA":4990}`, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z"},
		{name: "encrypted with a safe key",
			facts: ar + `,"residents_by_state":{"US-AR":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "before Act 1030",
			facts: `"aware_at":"2019-07-22T12:00:00Z",` + ar + `,"residents_by_state":{"US-AR":5000}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ar_4_110_105_owner", []regimeCase{
		{name: "immediately: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-AR"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ar, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (4-110-105(g)): the determination that harm is not
// likely exempts the notices it covers.
func TestArkansasHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-AR"]`
	runHarmNotLikely(t, "us_ar_4_110_105_individuals", facts, "4-110-105(g)")
	runHarmNotLikely(t, "us_ar_4_110_105_ag", facts, "4-110-105(g)")
	runHarmStillDue(t, "us_ar_4_110_105_owner", `"role":"processor","jurisdictions":["US-AR"]`)
}
