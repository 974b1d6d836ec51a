package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Vietnam: Decree 13 was in force from 1 July 2023 to 31 December 2025, so
// the deadline cases use aware_at 2025-03-10T14:20:00Z; + 72 elapsed hours
// is 2025-03-13T14:20:00Z (Asia/Ho_Chi_Minh has no DST).

const vn = `"aware_at":"2025-03-10T14:20:00Z","role":"controller","jurisdictions":["VN"]`

func TestVietnamMPS(t *testing.T) {
	runRegime(t, "vn_decree13_23_mps", []regimeCase{
		{name: "72 hours",
			facts: vn, status: incident.ObligationDue, dueAt: "2025-03-13T14:20:00Z", clock: "aware_at"},
		{name: "encryption is no exemption",
			facts: vn + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2025-03-13T14:20:00Z"},
		{name: "a processor notifies the controller instead",
			facts: `"aware_at":"2025-03-10T14:20:00Z","role":"processor","jurisdictions":["VN"]`, status: incident.ObligationNotApplicable, reason: "vn_decree13_23_controller"},
		{name: "no data subjects in Vietnam",
			facts: `"aware_at":"2025-03-10T14:20:00Z","role":"controller","jurisdictions":["TH"]`, status: incident.ObligationNotApplicable},
		{name: "before Decree 13",
			facts: `"aware_at":"2023-06-30T12:00:00Z","role":"controller","jurisdictions":["VN"]`, status: incident.ObligationNotInForce},
		{name: "replaced by Law 91/2025 from 1 January 2026",
			facts: `"role":"controller","jurisdictions":["VN"]`, status: incident.ObligationNotInForce},
	})
}

func TestVietnamProcessor(t *testing.T) {
	runRegime(t, "vn_decree13_23_controller", []regimeCase{
		{name: "as soon as possible",
			facts: `"aware_at":"2025-03-10T14:20:00Z","role":"processor","jurisdictions":["VN"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: vn, status: incident.ObligationNotApplicable},
	})
}
