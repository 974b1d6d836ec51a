package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestIllinois(t *testing.T) {
	const il = `"role":"controller","jurisdictions":["US-IL"]`
	runRegime(t, "us_il_530_10_individuals", []regimeCase{
		{name: "most expedient time from discovery: no due_at",
			facts: il, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with the keys safe is not personal information",
			facts: il + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the keys were acquired",
			facts: il + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a data collector that only maintains the data notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-IL"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Illinois residents",
			facts: `"role":"controller","jurisdictions":["US-IN"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2006-01-01T00:00:00Z",` + il, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_il_530_10_ag", []regimeCase{
		{name: "501 Illinois residents: no later than the consumer notice",
			facts: il + `,"residents_by_state":{"US-IL":501}`, status: incident.ObligationDue},
		{name: "500 exactly do not trigger it",
			facts: il + `,"residents_by_state":{"US-IL":500}`, status: incident.ObligationNotApplicable, reason: "more than 500"},
		{name: "encrypted with the keys safe",
			facts: il + `,"residents_by_state":{"US-IL":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no Illinois residents",
			facts: `"role":"controller","residents_by_state":{"US-WI":900}`, status: incident.ObligationNotApplicable},
		{name: "before SB 1624",
			facts: `"aware_at":"2019-12-31T12:00:00Z",` + il + `,"residents_by_state":{"US-IL":900}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_il_530_10_processor", []regimeCase{
		{name: "a processor tells the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-IL"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not",
			facts: il, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_il_530_50_hipaa_ag", []regimeCase{
		// HHS notified Thursday 12 March 2026: 5 business days = Thursday
		// 19 March, 23:59:59 EDT: the US calendar ends days in Eastern time.
		{name: "5 business days after notifying the HHS Secretary",
			facts:  `"role":"covered_entity","jurisdictions":["US-IL"],"submitted":{"hipaa_164_408_hhs_contemporaneous":"2026-03-12T15:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-20T03:59:59Z", clock: "submitted.hipaa_164_408_hhs_contemporaneous"},
		{name: "before the HHS notice no deadline is shown",
			facts: `"role":"covered_entity","jurisdictions":["US-IL"]`, status: incident.ObligationDue, reason: "submitted.hipaa_164_408_hhs_contemporaneous"},
		{name: "not a covered entity",
			facts: il, status: incident.ObligationNotApplicable},
		{name: "before HB 1260",
			facts: `"aware_at":"2016-06-01T00:00:00Z","role":"covered_entity","jurisdictions":["US-IL"]`, status: incident.ObligationNotInForce},
	})
}
