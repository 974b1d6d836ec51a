package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Regulation 611/2013: aware_at 2026-03-10T14:20:00Z; detection defaults to
// it; + 24 elapsed hours is 2026-03-11T14:20:00Z in any zone.

const eu611 = `"role":"controller","jurisdictions":["EU-FR"]`

func TestEUTelecomsAuthority(t *testing.T) {
	runRegimeIn(t, "electronic_communications", "eu_611_2013_art2_authority", []regimeCase{
		{name: "24 hours after detection",
			facts: eu611, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", clock: "discovered_at"},
		{name: "the clock runs from detection when recorded",
			facts: eu611 + `,"discovered_at":"2026-03-10T20:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-11T20:00:00Z"},
		{name: "no risk threshold: a breach unlikely to result in a risk is still notified",
			facts: eu611 + `,"risk_to_rights":false,"high_risk":false`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z"},
		{name: "encryption is no exemption for the authority notice",
			facts: eu611 + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z"},
		{name: "a member state's bare code",
			facts: `"jurisdictions":["DE"]`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z"},
		{name: "no subscribers in the EU",
			facts: `"role":"controller","jurisdictions":["UK"]`, status: incident.ObligationNotApplicable},
		{name: "no personal data",
			facts: eu611 + `,"personal_data_affected":false`, status: incident.ObligationNotApplicable},
		{name: "before the Regulation",
			facts: `"aware_at":"2013-08-24T10:00:00Z",` + eu611, status: incident.ObligationNotInForce},
	})
}

func TestEUTelecomsSubscribers(t *testing.T) {
	runRegimeIn(t, "electronic_communications", "eu_611_2013_art3_subscribers", []regimeCase{
		{name: "without undue delay, no due_at",
			facts: eu611, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "unintelligible data: encrypted, key safe",
			facts: eu611 + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt, reason: "Art. 4"},
		{name: "no safe harbour if the key was compromised",
			facts: eu611 + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "no subscribers in the EU",
			facts: `"role":"controller","jurisdictions":["CH"]`, status: incident.ObligationNotApplicable},
		{name: "before the Regulation",
			facts: `"aware_at":"2013-08-24T10:00:00Z",` + eu611, status: incident.ObligationNotInForce},
	})
}
