package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// UK PECR and NIS: hour periods are elapsed time. aware_at
// 2026-03-10T14:20:00Z + 72 hours is 2026-03-13T14:20:00Z (the GMT/BST
// change on 29 March 2026 is not in between, and would not matter).

const ukp = `"role":"controller","jurisdictions":["UK"]`

func TestUKPECRInformationCommissioner(t *testing.T) {
	runRegimeIn(t, "electronic_communications", "uk_pecr_5a_ico_2025", []regimeCase{
		{name: "72 hours after awareness since the DUAA",
			facts: ukp, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "no risk threshold",
			facts: ukp + `,"risk_to_rights":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "encryption is no exemption for the ICO notice",
			facts: ukp + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "GB is the UK",
			facts: `"jurisdictions":["GB"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "no UK subscribers",
			facts: `"role":"controller","jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable},
		{name: "not yet in force on 19 August 2025",
			facts: `"aware_at":"2025-08-19T12:00:00Z",` + ukp, status: incident.ObligationNotInForce},
		{name: "in force on 20 August 2025",
			facts: `"aware_at":"2025-08-20T12:00:00Z",` + ukp, status: incident.ObligationDue, dueAt: "2025-08-23T12:00:00Z"},
	})
	runRegimeIn(t, "electronic_communications", "uk_pecr_5a_ico_2013", []regimeCase{
		{name: "24 hours after detection before the DUAA",
			facts: `"aware_at":"2025-08-19T12:00:00Z",` + ukp, status: incident.ObligationDue, dueAt: "2025-08-20T12:00:00Z", clock: "discovered_at"},
		{name: "from the recorded detection",
			facts: `"aware_at":"2024-06-01T10:00:00Z","discovered_at":"2024-06-01T16:30:00Z",` + ukp, status: incident.ObligationDue, dueAt: "2024-06-02T16:30:00Z"},
		{name: "replaced on 20 August 2025",
			facts: `"aware_at":"2025-08-20T12:00:00Z",` + ukp, status: incident.ObligationNotInForce},
		{name: "and for a breach known now",
			facts: ukp, status: incident.ObligationNotInForce},
		{name: "before Regulation 611/2013",
			facts: `"aware_at":"2013-08-24T12:00:00Z",` + ukp, status: incident.ObligationNotInForce},
	})
}

func TestUKPECRSubscribers(t *testing.T) {
	runRegimeIn(t, "electronic_communications", "uk_pecr_5a_subscribers", []regimeCase{
		{name: "without undue delay, no due_at",
			facts: ukp, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "unintelligible data: encrypted, key safe",
			facts: ukp + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt, reason: "unintelligible"},
		{name: "no safe harbour if the key was compromised",
			facts: ukp + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "no UK subscribers",
			facts: `"role":"controller","jurisdictions":["CH"]`, status: incident.ObligationNotApplicable},
	})
}

func TestUKNIS(t *testing.T) {
	runRegimeIn(t, "essential_service_operator", "uk_nis_11_oes", []regimeCase{
		{name: "72 hours after awareness",
			facts: ukp, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "a NIS incident need not involve personal data",
			facts: ukp + `,"personal_data_affected":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "not in the UK",
			facts: `"jurisdictions":["EU-FR"]`, status: incident.ObligationNotApplicable},
		{name: "before the NIS Regulations",
			facts: `"aware_at":"2018-05-09T12:00:00Z",` + ukp, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "digital_service_provider", "uk_nis_12_rdsp_ico", []regimeCase{
		{name: "72 hours after awareness",
			facts: `"role":"processor","jurisdictions":["UK"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "not in the UK",
			facts: `"jurisdictions":["US-CA"]`, status: incident.ObligationNotApplicable},
		{name: "before the NIS Regulations",
			facts: `"aware_at":"2018-05-09T12:00:00Z",` + ukp, status: incident.ObligationNotInForce},
		{name: "in force on 10 May 2018",
			facts: `"aware_at":"2018-05-10T12:00:00Z",` + ukp, status: incident.ObligationDue, dueAt: "2018-05-13T12:00:00Z"},
	})
}
