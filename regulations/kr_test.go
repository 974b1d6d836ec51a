package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Korea before the 2026 amendments (15 September 2023 to 10 September
// 2026). A breach known on 10 March 2026 (14:20Z, 23:20 KST) falls under
// this text; + 72 elapsed hours is 2026-03-13T14:20:00Z (Asia/Seoul has no
// DST).

const kr23 = `"role":"controller","jurisdictions":["KR"]`

func TestKoreaDataSubjects2023(t *testing.T) {
	runRegime(t, "kr_pipa_34_notify_subjects_2023", []regimeCase{
		{name: "72 hours after awareness",
			facts: kr23, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "one data subject is enough",
			facts: kr23 + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "no data subjects in Korea",
			facts: `"role":"controller","jurisdictions":["JP"]`, status: incident.ObligationNotApplicable},
		{name: "a processor does not owe it",
			facts: `"role":"processor","jurisdictions":["KR"]`, status: incident.ObligationNotApplicable},
		{name: "in force on 15 September 2023",
			facts: `"aware_at":"2023-09-15T03:00:00Z",` + kr23, status: incident.ObligationDue, dueAt: "2023-09-18T03:00:00Z"},
		{name: "not before 15 September 2023",
			facts: `"aware_at":"2023-09-14T03:00:00Z",` + kr23, status: incident.ObligationNotInForce},
		{name: "the last day, 10 September 2026",
			facts: `"aware_at":"2026-09-10T03:00:00Z",` + kr23, status: incident.ObligationDue, dueAt: "2026-09-13T03:00:00Z"},
		{name: "replaced from 11 September 2026",
			facts: `"aware_at":"2026-09-11T03:00:00Z",` + kr23, status: incident.ObligationNotInForce},
	})
	runRegime(t, "kr_pipa_34_notify_subjects", []regimeCase{
		{name: "the current text is not in force on 10 March 2026",
			facts: kr23, status: incident.ObligationNotInForce},
		{name: "and takes over on 11 September 2026",
			facts: `"aware_at":"2026-09-11T03:00:00Z",` + kr23, status: incident.ObligationDue, dueAt: "2026-09-14T03:00:00Z"},
	})
}

func TestKoreaReport2023(t *testing.T) {
	runRegime(t, "kr_pipa_34_report_pipc_2023", []regimeCase{
		{name: "1,000 data subjects exactly: 72 hours",
			facts: kr23 + `,"data_subjects":1000`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "999 data subjects, no other category",
			facts: kr23 + `,"data_subjects":999,"cause":"misdelivery","data_categories":["email"]`, status: incident.ObligationNotApplicable, reason: "1,000"},
		{name: "unique identifying information at any count",
			facts: kr23 + `,"data_subjects":3,"cause":"misdelivery","data_categories":["national_id"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "sensitive information at any count",
			facts: kr23 + `,"data_subjects":3,"cause":"loss","data_categories":["health"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "unlawful access from outside at any count",
			facts: kr23 + `,"data_subjects":3,"cause":"external_unlawful_access","data_categories":["email"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "an unknown count is assumed to reach it",
			facts: kr23 + `,"cause":"misdelivery","data_categories":["email"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", reason: "data_subjects"},
		{name: "retrieved or deleted so the risk is much lower",
			facts: kr23 + `,"data_subjects":5000,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt, reason: "retrieved or deleted"},
		{name: "encryption is no exemption",
			facts: kr23 + `,"data_subjects":5000,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "no data subjects in Korea",
			facts: `"role":"controller","jurisdictions":["CN"],"data_subjects":5000`, status: incident.ObligationNotApplicable},
		{name: "not before 15 September 2023",
			facts: `"aware_at":"2023-09-14T03:00:00Z",` + kr23 + `,"data_subjects":5000`, status: incident.ObligationNotInForce},
		{name: "replaced from 11 September 2026",
			facts: `"aware_at":"2026-09-11T03:00:00Z",` + kr23 + `,"data_subjects":5000`, status: incident.ObligationNotInForce},
	})
}
