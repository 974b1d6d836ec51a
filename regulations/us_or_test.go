package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Oregon ends its days in Pacific time: aware_at 2026-03-10T14:20:00Z is
// 07:20 PDT on 10 March; 45 days end 23:59:59 PDT on 24 April, 10 days on
// 20 March.

func TestOregon(t *testing.T) {
	const or = `"role":"controller","jurisdictions":["US-OR"]`
	runRegime(t, "us_or_646a_604_individuals", []regimeCase{
		{name: "45 days after discovery, ending in Pacific time",
			facts: or, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z", clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: or + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key was acquired",
			facts: or + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z"},
		{name: "a vendor tells the covered entity instead",
			facts: `"role":"processor","jurisdictions":["US-OR"]`, status: incident.ObligationNotApplicable, reason: "10 days"},
		{name: "no Oregon consumers",
			facts: `"role":"controller","jurisdictions":["US-WA"]`, status: incident.ObligationNotApplicable},
		{name: "before the 45-day rule",
			facts: `"aware_at":"2018-05-01T00:00:00Z",` + or, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_or_646a_604_ag", []regimeCase{
		{name: "251 Oregonians: 45 days",
			facts: or + `,"residents_by_state":{"US-OR":251}`, status: incident.ObligationDue, dueAt: "2026-04-25T06:59:59Z"},
		{name: "250 exactly do not exceed 250",
			facts: or + `,"residents_by_state":{"US-OR":250,"US-WA":9000}`, status: incident.ObligationNotApplicable, reason: "250 exactly"},
		{name: "encrypted with a safe key",
			facts: or + `,"residents_by_state":{"US-OR":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_or_646a_604_cra", []regimeCase{
		{name: "1,001 Oregonians: without unreasonable delay",
			facts: or + `,"residents_by_state":{"US-OR":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: or + `,"residents_by_state":{"US-OR":1000}`, status: incident.ObligationNotApplicable},
	})
	const vendor = `"role":"processor","jurisdictions":["US-OR"]`
	runRegime(t, "us_or_646a_604_customer", []regimeCase{
		{name: "a vendor has 10 days from discovery",
			facts: vendor, status: incident.ObligationDue, dueAt: "2026-03-21T06:59:59Z", clock: "discovered_at"},
		{name: "the covered entity does not owe it",
			facts: or, status: incident.ObligationNotApplicable},
		{name: "before 2020",
			facts: `"aware_at":"2019-12-01T00:00:00Z",` + vendor, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_or_646a_604_vendor_ag", []regimeCase{
		{name: "251 consumers at the vendor",
			facts: vendor + `,"residents_by_state":{"US-OR":251}`, status: incident.ObligationDue},
		{name: "an undetermined number applies",
			facts: vendor, status: incident.ObligationDue},
		{name: "250 exactly do not",
			facts: vendor + `,"residents_by_state":{"US-OR":250}`, status: incident.ObligationNotApplicable},
		{name: "the covered entity has notified the Attorney General",
			facts: vendor + `,"residents_by_state":{"US-OR":900},"submitted":{"us_or_646a_604_ag":"2026-03-12T00:00:00Z"}`, status: incident.ObligationExempt},
	})
}

// The risk-of-harm exception (ORS 646A.604): the determination that harm is not
// likely exempts the notices it covers.
func TestOregonHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-OR"]`
	runHarmNotLikely(t, "us_or_646a_604_individuals", facts, "ORS 646A.604")
	runHarmNotLikely(t, "us_or_646a_604_ag", facts, "ORS 646A.604")
	runHarmStillDue(t, "us_or_646a_604_customer", `"role":"processor","jurisdictions":["US-OR"]`)
}
