package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestIowa(t *testing.T) {
	const ia = `"role":"controller","jurisdictions":["US-IA"]`
	runRegime(t, "us_ia_715c_2_individuals", []regimeCase{
		{name: "most expeditious manner from discovery: no due_at",
			facts: ia, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the keys safe",
			facts: ia + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the keys obtained",
			facts: ia + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-IA"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Iowa residents",
			facts: `"role":"controller","jurisdictions":["US-NE"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2008-06-01T00:00:00Z",` + ia, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ia_715c_2_ag", []regimeCase{
		// Consumers notified Thursday 19 March 2026: 5 business days =
		// Thursday 26 March, 23:59:59 EDT on the US calendar.
		{name: "5 business days after the consumer notice",
			facts:  ia + `,"residents_by_state":{"US-IA":500},"submitted":{"us_ia_715c_2_individuals":"2026-03-19T16:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-27T03:59:59Z", clock: "submitted.us_ia_715c_2_individuals"},
		// Notified Friday 15 January 2027: Monday 18 January (MLK Day) is
		// skipped, so 5 business days end Monday 25 January.
		{name: "a holiday is not a business day",
			facts:  `"aware_at":"2027-01-10T12:00:00Z",` + ia + `,"residents_by_state":{"US-IA":700},"submitted":{"us_ia_715c_2_individuals":"2027-01-15T16:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2027-01-26T04:59:59Z"},
		{name: "before the consumer notice no deadline is shown",
			facts: ia + `,"residents_by_state":{"US-IA":700}`, status: incident.ObligationDue, reason: "submitted.us_ia_715c_2_individuals"},
		{name: "499 do not",
			facts: ia + `,"residents_by_state":{"US-IA":499}`, status: incident.ObligationNotApplicable, reason: "fewer than 500"},
		{name: "encrypted with the keys safe",
			facts: ia + `,"residents_by_state":{"US-IA":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "before S.F. 2259",
			facts: `"aware_at":"2014-06-01T00:00:00Z",` + ia + `,"residents_by_state":{"US-IA":900}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ia_715c_2_processor", []regimeCase{
		{name: "a maintainer notifies the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-IA"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ia, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (715C.2(6)): the determination that harm is not
// likely exempts the notices it covers.
func TestIowaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-IA"]`
	runHarmNotLikely(t, "us_ia_715c_2_individuals", facts, "715C.2(6)")
	runHarmNotLikely(t, "us_ia_715c_2_ag", facts, "715C.2(6)")
	runHarmStillDue(t, "us_ia_715c_2_processor", `"role":"processor","jurisdictions":["US-IA"]`)
}
