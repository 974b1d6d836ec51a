package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// New Mexico ends its days in Mountain time: aware_at 2026-03-10T14:20:00Z
// is 08:20 MDT on 10 March; 45 days end 23:59:59 MDT on 24 April.

func TestNewMexico(t *testing.T) {
	const nm = `"role":"controller","jurisdictions":["US-NM"]`
	runRegime(t, "us_nm_57_12c_6_individuals", []regimeCase{
		{name: "45 calendar days after discovery, ending in Mountain time",
			facts: nm, status: incident.ObligationDue, dueAt: "2026-04-25T05:59:59Z", clock: "discovered_at"},
		{name: "encrypted data without its key is no breach",
			facts: nm + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data with its key is a breach",
			facts: nm + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T05:59:59Z"},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-NM"]`, status: incident.ObligationNotApplicable, reason: "45 days"},
		{name: "no New Mexico residents",
			facts: `"role":"controller","jurisdictions":["US-AZ"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act (16 June 2017)",
			facts: `"aware_at":"2017-06-15T12:00:00Z",` + nm, status: incident.ObligationNotInForce},
	})
	for _, id := range []string{"us_nm_57_12c_10_ag", "us_nm_57_12c_10_cra"} {
		runRegime(t, id, []regimeCase{
			{name: id + ": 1,001 New Mexicans",
				facts: nm + `,"residents_by_state":{"US-NM":1001}`, status: incident.ObligationDue, dueAt: "2026-04-25T05:59:59Z"},
			{name: id + ": 1,000 exactly do not",
				facts: nm + `,"residents_by_state":{"US-NM":1000,"US-TX":5000}`, status: incident.ObligationNotApplicable, reason: "1,000 exactly"},
			{name: id + ": encrypted without the key",
				facts: nm + `,"residents_by_state":{"US-NM":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		})
	}
	runRegime(t, "us_nm_57_12c_6_customer", []regimeCase{
		{name: "the maintainer has 45 days from discovery",
			facts: `"role":"processor","jurisdictions":["US-NM"]`, status: incident.ObligationDue, dueAt: "2026-04-25T05:59:59Z"},
		{name: "the owner does not owe it",
			facts: nm, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (57-12C-6(C)): the determination that harm is not
// likely exempts the notices it covers.
func TestNewMexicoHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-NM"]`
	runHarmNotLikely(t, "us_nm_57_12c_6_individuals", facts, "57-12C-6(C)")
	runHarmNotLikely(t, "us_nm_57_12c_10_ag", facts, "57-12C-6(C)")
	runHarmNotLikely(t, "us_nm_57_12c_10_cra", facts, "57-12C-6(C)")
	runHarmStillDue(t, "us_nm_57_12c_6_customer", `"role":"processor","jurisdictions":["US-NM"]`)
}
