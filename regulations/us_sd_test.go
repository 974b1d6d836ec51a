package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// South Dakota: 10 March 2026 + 60 days = 9 May, 23:59:59 CDT = 04:59:59Z on
// 10 May.

func TestSouthDakota(t *testing.T) {
	const sd = `"role":"controller","jurisdictions":["US-SD"]`
	runRegime(t, "us_sd_22_40_20_individuals", []regimeCase{
		{name: "60 days after discovery, ending in Central time",
			facts: sd, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z", clock: "discovered_at"},
		// Discovered 20:00 MDT on 12 March in Rapid City (02:00Z on 13 March): + 60 days = 11 May, 23:59:59 MDT.
		{name: "the entity's own zone when given",
			facts: sd + `,"discovered_at":"2026-03-13T02:00:00Z","timezones":{"US-SD":"America/Denver"}`, status: incident.ObligationDue, dueAt: "2026-05-12T05:59:59Z"},
		{name: "encrypted with the key safe",
			facts: sd + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key acquired",
			facts: sd + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z"},
		{name: "not the information holder",
			facts: `"role":"processor","jurisdictions":["US-SD"]`, status: incident.ObligationNotApplicable},
		{name: "no South Dakota residents",
			facts: `"role":"controller","jurisdictions":["US-ND"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2018-06-01T00:00:00Z",` + sd, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_sd_22_40_20_ag", []regimeCase{
		{name: "251 South Dakotans: 60 days",
			facts: sd + `,"residents_by_state":{"US-SD":251}`, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z"},
		{name: "250 exactly do not",
			facts: sd + `,"residents_by_state":{"US-SD":250}`, status: incident.ObligationNotApplicable, reason: "exceeds two hundred fifty"},
		{name: "encrypted with the key safe",
			facts: sd + `,"residents_by_state":{"US-SD":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_sd_22_40_24_cra", []regimeCase{
		{name: "any count: without unreasonable delay",
			facts: sd + `,"residents_by_state":{"US-SD":3}`, status: incident.ObligationDue},
		{name: "no South Dakota residents",
			facts: `"role":"controller","residents_by_state":{"US-ND":3000}`, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (22-40-20): the determination that harm is not
// likely exempts the notices it covers.
func TestSouthDakotaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-SD"]`
	runHarmNotLikely(t, "us_sd_22_40_20_individuals", facts, "22-40-20")
	runHarmNotLikely(t, "us_sd_22_40_24_cra", facts, "22-40-20")
}
