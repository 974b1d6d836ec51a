package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Ohio: 10 March 2026 + 45 days = 24 April, 23:59:59 EDT = 03:59:59Z on
// 25 April.

func TestOhio(t *testing.T) {
	const oh = `"role":"controller","jurisdictions":["US-OH"]`
	runRegime(t, "us_oh_1349_19_individuals", []regimeCase{
		{name: "45 days after discovery, ending in Eastern time",
			facts: oh, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z", clock: "discovered_at"},
		// Discovered 18:00 CDT on 15 March for an entity in Chicago: + 45 days = 29 April, 23:59:59 CDT.
		{name: "the entity's own zone when given",
			facts: oh + `,"discovered_at":"2026-03-15T23:00:00Z","timezones":{"US-OH":"America/Chicago"}`, status: incident.ObligationDue, dueAt: "2026-04-30T04:59:59Z"},
		{name: "encrypted with the key safe",
			facts: oh + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted with the key taken",
			facts: oh + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "no Ohio residents",
			facts: `"role":"controller","jurisdictions":["US-MI"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2006-01-01T00:00:00Z",` + oh, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_oh_1349_19_cra", []regimeCase{
		{name: "1,001 Ohio residents: without unreasonable delay",
			facts: oh + `,"residents_by_state":{"US-OH":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: oh + `,"residents_by_state":{"US-OH":1000}`, status: incident.ObligationNotApplicable, reason: "more than one thousand"},
		{name: "encrypted with the key safe",
			facts: oh + `,"residents_by_state":{"US-OH":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_oh_1349_19_processor", []regimeCase{
		{name: "a custodian notifies the owner expeditiously",
			facts: `"role":"processor","jurisdictions":["US-OH"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not",
			facts: oh, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (1349.19(A)(1)(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestOhioHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-OH"]`
	runHarmNotLikely(t, "us_oh_1349_19_individuals", facts, "1349.19(A)(1)(a)")
	runHarmNotLikely(t, "us_oh_1349_19_cra", facts, "1349.19(A)(1)(a)")
	runHarmStillDue(t, "us_oh_1349_19_processor", `"role":"processor","jurisdictions":["US-OH"]`)
}
