package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Japan: aware_at 2026-03-10T14:20:00Z is 23:20 JST on 10 March, which is
// day 1 of the APPI periods (Asia/Tokyo, no DST); day n ends 23:59:59 JST,
// 14:59:59Z. Korea and India need awareness after their rules commence, so
// their cases set aware_at.

const jp = `"role":"controller","jurisdictions":["JP"]`

func TestAPPIPreliminaryReport(t *testing.T) {
	runRegime(t, "jp_appi_26_preliminary", []regimeCase{
		// Days 1-3: 10, 11, 12 March.
		{name: "the 3rd day counting the day of knowledge",
			facts: jp + `,"cause":"external_unlawful_access"`, status: incident.ObligationDue, dueAt: "2026-03-12T14:59:59Z"},
		{name: "more than 1,000 principals",
			facts: jp + `,"cause":"misdelivery","data_subjects":1001`, status: incident.ObligationDue, dueAt: "2026-03-12T14:59:59Z"},
		{name: "1,000 exactly are not reportable on count alone",
			facts: jp + `,"cause":"misdelivery","data_subjects":1000,"data_categories":["name","email"]`, status: incident.ObligationNotApplicable, reason: "1,000"},
		{name: "special-care-required data at any count",
			facts: jp + `,"cause":"misdelivery","data_subjects":2,"data_categories":["health"]`, status: incident.ObligationDue, dueAt: "2026-03-12T14:59:59Z"},
		{name: "an entrusted party notifies the entrusting operator instead",
			facts: `"role":"processor","jurisdictions":["JP"],"cause":"external_unlawful_access"`, status: incident.ObligationNotApplicable, reason: "proviso"},
		{name: "a submission fulfils it",
			facts: jp + `,"cause":"external_unlawful_access","submitted":{"jp_appi_26_preliminary":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before mandatory reporting",
			facts: `"aware_at":"2021-01-01T00:00:00Z",` + jp, status: incident.ObligationNotInForce},
	})
}

func TestAPPIFinalReport(t *testing.T) {
	runRegime(t, "jp_appi_26_final", []regimeCase{
		// Day 30 counting 10 March as day 1: 8 April.
		{name: "30 days counting the day of knowledge",
			facts: jp + `,"cause":"misdelivery","data_subjects":1500`, status: incident.ObligationDue, dueAt: "2026-04-08T14:59:59Z"},
		// Day 60: 21 more in March, 30 in April (day 52 is 30 April), 8 in May.
		{name: "60 days for the wrongful-purpose category alone",
			facts: jp + `,"cause":"external_unlawful_access","data_subjects":200,"data_categories":["name","email"]`, status: incident.ObligationDue, dueAt: "2026-05-08T14:59:59Z", reason: "wrongful-purpose"},
		{name: "30 days when another category applies too",
			facts: jp + `,"cause":"external_unlawful_access","data_subjects":5000`, status: incident.ObligationDue, dueAt: "2026-04-08T14:59:59Z"},
		{name: "30 days while the count is unknown: an unknown never lengthens a period",
			facts: jp + `,"cause":"external_unlawful_access"`, status: incident.ObligationDue, dueAt: "2026-04-08T14:59:59Z"},
		{name: "not reportable",
			facts: jp + `,"cause":"loss","data_subjects":10,"data_categories":["email"]`, status: incident.ObligationNotApplicable},
	})
}

func TestAPPIPrincipals(t *testing.T) {
	runRegime(t, "jp_appi_26_individuals", []regimeCase{
		{name: "promptly: no due_at",
			facts: jp + `,"cause":"wrongful_purpose"`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "not reportable",
			facts: jp + `,"cause":"loss","data_subjects":10`, status: incident.ObligationNotApplicable},
	})
}

// Monday 14 September 2026, 01:00Z; + 72 h.
const kr = `"aware_at":"2026-09-14T01:00:00Z","role":"controller","jurisdictions":["KR"]`

func TestPIPANotifySubjects(t *testing.T) {
	runRegime(t, "kr_pipa_34_notify_subjects", []regimeCase{
		{name: "72 hours after awareness",
			facts: kr, status: incident.ObligationDue, dueAt: "2026-09-17T01:00:00Z"},
		{name: "encryption is no exemption",
			facts: kr + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-09-17T01:00:00Z"},
		{name: "a submission fulfils it",
			facts: kr + `,"submitted":{"kr_pipa_34_notify_subjects":"2026-09-15T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 2026 text",
			facts: `"role":"controller","jurisdictions":["KR"]`, status: incident.ObligationNotInForce, reason: "2026-09-11"},
	})
}

func TestPIPAReportToPIPC(t *testing.T) {
	runRegime(t, "kr_pipa_34_report_pipc", []regimeCase{
		{name: "1,000 data subjects exactly",
			facts: kr + `,"cause":"misdelivery","data_subjects":1000`, status: incident.ObligationDue, dueAt: "2026-09-17T01:00:00Z"},
		{name: "999 misdelivered are not reported",
			facts: kr + `,"cause":"misdelivery","data_subjects":999,"data_categories":["email"]`, status: incident.ObligationNotApplicable},
		{name: "external unlawful access at any count",
			facts: kr + `,"cause":"external_unlawful_access","data_subjects":3`, status: incident.ObligationDue, dueAt: "2026-09-17T01:00:00Z"},
		{name: "unique identifying information at any count",
			facts: kr + `,"cause":"misdelivery","data_subjects":3,"data_categories":["national_id"]`, status: incident.ObligationDue, dueAt: "2026-09-17T01:00:00Z"},
		{name: "data recovered or deleted",
			facts: kr + `,"cause":"external_unlawful_access","remedial_action_prevented_harm":true`, status: incident.ObligationExempt},
	})
}

// Tuesday 1 June 2027, 10:00Z, after Rule 7 commences.
const in = `"aware_at":"2027-06-01T10:00:00Z","role":"controller","jurisdictions":["IN"]`

func TestDPDPRule7(t *testing.T) {
	runRegime(t, "in_dpdp_r7_principals", []regimeCase{
		{name: "every breach, without delay",
			facts: in + `,"data_subjects":1`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no encryption exemption",
			facts: in + `,"encrypted":true,"encryption_key_compromised":false,"remedial_action_prevented_harm":true`, status: incident.ObligationDue},
		{name: "not before 13 May 2027",
			facts: `"role":"controller","jurisdictions":["IN"]`, status: incident.ObligationNotInForce, reason: "2027-05-13"},
		{name: "a processor is not the Data Fiduciary",
			facts: `"aware_at":"2027-06-01T10:00:00Z","role":"processor","jurisdictions":["IN"]`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "in_dpdp_r7_board_initial", []regimeCase{
		{name: "the Board without delay",
			facts: in, status: incident.ObligationDue},
	})
	runRegime(t, "in_dpdp_r7_board_detailed", []regimeCase{
		// 2027-06-01T10:00Z + 72 h.
		{name: "the detailed report within 72 hours",
			facts: in, status: incident.ObligationDue, dueAt: "2027-06-04T10:00:00Z"},
		{name: "a Board extension recorded as a hold",
			facts:  in + `,"holds":[{"regime":"in_dpdp_r7_board_detailed","until":"2027-06-20T00:00:00Z","reason":"Board extension on written request"}]`,
			status: incident.ObligationHeld},
	})
}

func TestCERTIn(t *testing.T) {
	runRegime(t, "in_certin_2022_6h", []regimeCase{
		// 2026-03-10T14:20Z + 6 h.
		{name: "6 hours after noticing",
			facts: `"jurisdictions":["IN"]`, status: incident.ObligationDue, dueAt: "2026-03-10T20:20:00Z"},
		{name: "personal data need not be involved",
			facts: `"jurisdictions":["IN"],"personal_data_affected":false`, status: incident.ObligationDue, dueAt: "2026-03-10T20:20:00Z"},
		{name: "not in India",
			facts: `"jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "before the Directions took effect",
			facts: `"aware_at":"2022-05-01T00:00:00Z","jurisdictions":["IN"]`, status: incident.ObligationNotInForce},
	})
}
