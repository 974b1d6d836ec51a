package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Hong Kong: aware_at 2026-03-10T14:20:00Z; + 12 elapsed hours is
// 2026-03-11T02:20:00Z. The written report runs 14 calendar days from the
// notice and ends 23:59:59 HKT (UTC+8, no DST), 15:59:59Z.

const hk = `"role":"controller","jurisdictions":["HK"]`

func TestHongKongCap653Notice(t *testing.T) {
	runRegimeIn(t, "critical_infrastructure", "hk_cap653_commissioner", []regimeCase{
		{name: "12 hours after awareness",
			facts: hk, status: incident.ObligationDue, dueAt: "2026-03-11T02:20:00Z", clock: "aware_at"},
		{name: "personal data or not",
			facts: hk + `,"personal_data_affected":false`, status: incident.ObligationDue, dueAt: "2026-03-11T02:20:00Z"},
		{name: "whatever our role for the data",
			facts: `"role":"processor","jurisdictions":["HK"]`, status: incident.ObligationDue, dueAt: "2026-03-11T02:20:00Z"},
		{name: "no Hong Kong link",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "before Cap. 653 commenced",
			facts: `"aware_at":"2025-12-31T12:00:00Z",` + hk, status: incident.ObligationNotInForce},
	})
}

func TestHongKongCap653Report(t *testing.T) {
	runRegimeIn(t, "critical_infrastructure", "hk_cap653_report", []regimeCase{
		// Notice 11 March 09:00 HKT: + 14 days = 25 March, 23:59:59 HKT.
		{name: "14 days after the notice",
			facts: hk + `,"submitted":{"hk_cap653_commissioner":"2026-03-11T01:00:00Z"}`, status: incident.ObligationDue, dueAt: "2026-03-25T15:59:59Z", clock: "submitted.hk_cap653_commissioner"},
		{name: "before the notice no deadline is shown",
			facts: hk, status: incident.ObligationDue, reason: "submitted.hk_cap653_commissioner"},
	})
}
