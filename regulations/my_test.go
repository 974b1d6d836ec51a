package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Malaysia: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z. The data-subject notice runs 7 calendar days from
// the notice to the Commissioner and ends 23:59:59 MYT (UTC+8, no DST),
// 15:59:59Z.

const my = `"role":"controller","jurisdictions":["MY"]`

func TestMalaysiaCommissioner(t *testing.T) {
	runRegime(t, "my_pdpa_12b_commissioner", []regimeCase{
		{name: "72 hours after awareness",
			facts: my + `,"significant_harm":true`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "an unassessed breach is assumed notifiable",
			facts: my, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "1,001 data subjects: significant scale without harm",
			facts: my + `,"significant_harm":false,"data_subjects":1001`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "1,000 exactly without harm is not notifiable",
			facts: my + `,"significant_harm":false,"data_subjects":1000`, status: incident.ObligationNotApplicable, reason: "exceeds 1,000"},
		{name: "sensitive personal data at any count",
			facts: my + `,"significant_harm":false,"data_subjects":3,"data_categories":["health"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "encryption alone is no exemption",
			facts: my + `,"significant_harm":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor has no statutory duty",
			facts: `"role":"processor","jurisdictions":["MY"]`, status: incident.ObligationNotApplicable, reason: "contractual"},
		{name: "no data subjects in Malaysia",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "before 1 June 2025",
			facts: `"aware_at":"2025-05-31T12:00:00Z",` + my, status: incident.ObligationNotInForce},
	})
}

func TestMalaysiaDataSubjects(t *testing.T) {
	runRegime(t, "my_pdpa_12b_individuals", []regimeCase{
		// Commissioner notified 12 March 10:00 MYT: + 7 days = 19 March, 23:59:59 MYT.
		{name: "7 days after the notice to the Commissioner",
			facts:  my + `,"significant_harm":true,"submitted":{"my_pdpa_12b_commissioner":"2026-03-12T02:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-19T15:59:59Z", clock: "submitted.my_pdpa_12b_commissioner"},
		{name: "before the Commissioner notice no deadline is shown",
			facts: my + `,"significant_harm":true`, status: incident.ObligationDue, reason: "submitted.my_pdpa_12b_commissioner"},
		{name: "scale alone does not require it",
			facts: my + `,"significant_harm":false,"data_subjects":50000`, status: incident.ObligationNotApplicable, reason: "scale alone"},
		{name: "no data subjects in Malaysia",
			facts: `"role":"controller","jurisdictions":["TH"],"significant_harm":true`, status: incident.ObligationNotApplicable},
		{name: "before 1 June 2025",
			facts: `"aware_at":"2025-05-31T12:00:00Z",` + my, status: incident.ObligationNotInForce},
	})
}
