package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Tennessee: 45 days from 10 March 2026 is 24 April, 23:59:59 EDT =
// 2026-04-25T03:59:59Z (Eastern, the earlier of its zones).
func TestTennessee(t *testing.T) {
	const tn = `"role":"controller","jurisdictions":["US-TN"]`
	runRegime(t, "us_tn_47_18_2107_individuals_2017", []regimeCase{
		{name: "45 days after discovery, ending in Eastern time",
			facts: tn, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z", clock: "discovered_at"},
		// 23:59:59 CDT on 24 April.
		{name: "the entity's own zone when given",
			facts: tn + `,"timezones":{"US-TN":"America/Chicago"}`, status: incident.ObligationDue, dueAt: "2026-04-25T04:59:59Z"},
		{name: "FIPS-encrypted with a safe key is not personal information",
			facts: tn + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key leaked",
			facts: tn + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "a holder maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-TN"]`, status: incident.ObligationNotApplicable},
		{name: "no Tennessee residents",
			facts: `"role":"controller","jurisdictions":["US-KY"]`, status: incident.ObligationNotApplicable},
		{name: "before S.B. 547",
			facts: `"aware_at":"2017-04-03T12:00:00Z",` + tn, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_tn_47_18_2107_individuals_2016", []regimeCase{
		// 10 January 2017 (EST) + 45 days = 24 February, 23:59:59 EST.
		{name: "2016 text: 45 days and encrypted data still covered",
			facts:  `"aware_at":"2017-01-10T15:00:00Z",` + tn + `,"encrypted":true,"encryption_key_compromised":false`,
			status: incident.ObligationDue, dueAt: "2017-02-25T04:59:59Z"},
		{name: "not after S.B. 547",
			facts: tn, status: incident.ObligationNotInForce},
		{name: "not before S.B. 2005",
			facts: `"aware_at":"2016-06-30T12:00:00Z",` + tn, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_tn_47_18_2107_individuals_2005", []regimeCase{
		{name: "2005 text: most expedient time, no due_at",
			facts: `"aware_at":"2016-06-30T12:00:00Z",` + tn, status: incident.ObligationDue},
		{name: "not in force today",
			facts: tn, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_tn_47_18_2107_cra_2017", []regimeCase{
		{name: "1,001 persons",
			facts: tn + `,"residents_by_state":{"US-TN":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: tn + `,"residents_by_state":{"US-TN":1000,"US-KY":5000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
		{name: "encrypted with a safe key",
			facts: tn + `,"residents_by_state":{"US-TN":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_tn_47_18_2107_cra_2005", []regimeCase{
		{name: "before 2017, over 1,000",
			facts: `"aware_at":"2016-08-01T12:00:00Z",` + tn + `,"residents_by_state":{"US-TN":1001}`, status: incident.ObligationDue},
		{name: "not in force today",
			facts: tn + `,"residents_by_state":{"US-TN":1001}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_tn_47_18_2107_owner", []regimeCase{
		{name: "a holder maintaining the data has 45 days",
			facts: `"role":"processor","jurisdictions":["US-TN"]`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "the owner does not",
			facts: tn, status: incident.ObligationNotApplicable},
	})
}
