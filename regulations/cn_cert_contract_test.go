package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// aware_at is 2026-03-10T14:20:00Z unless a case sets its own; China
// Standard Time is UTC+8 without DST.

const cn = `"role":"controller","jurisdictions":["CN"]`

func TestPIPLArt57(t *testing.T) {
	runRegime(t, "cn_pipl_art57_remediation", []regimeCase{
		{name: "remediation is due immediately",
			facts: cn, status: incident.ObligationDue, clock: "aware_at"},
		{name: "not in China",
			facts: `"role":"controller","jurisdictions":["JP"]`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "cn_pipl_art57_authority", []regimeCase{
		{name: "the authority immediately, at any count",
			facts: cn + `,"data_subjects":1`, status: incident.ObligationDue},
		{name: "effective measures do not remove the authority notice",
			facts: cn + `,"remedial_action_prevented_harm":true`, status: incident.ObligationDue},
		{name: "a submission fulfils it",
			facts: cn + `,"submitted":{"cn_pipl_art57_authority":"2026-03-10T15:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the PIPL",
			facts: `"aware_at":"2021-06-01T00:00:00Z",` + cn, status: incident.ObligationNotInForce},
	})
	runRegime(t, "cn_pipl_art57_individuals", []regimeCase{
		{name: "individuals immediately",
			facts: cn, status: incident.ObligationDue},
		{name: "effective measures may remove the notice to individuals",
			facts: cn + `,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt, reason: "57(2)"},
	})
}

// The Cybersecurity Law duty has no count, risk or role threshold: any
// possible leak of personal information in China triggers it, due from
// awareness without a numeric limit.
func TestCSLArt42(t *testing.T) {
	runRegime(t, "cn_csl_art42", []regimeCase{
		{name: "a possible leak is due immediately from awareness, without a number",
			facts: cn, status: incident.ObligationDue, clock: "aware_at"},
		{name: "one affected user is enough",
			facts: cn + `,"data_subjects":1`, status: incident.ObligationDue},
		{name: "a processor running the network owes it too",
			facts: `"role":"processor","jurisdictions":["CN"]`, status: incident.ObligationDue},
		{name: "an unrecorded jurisdiction makes it possible, and the reason says so",
			facts: `"role":"controller"`, status: incident.ObligationPossible, reason: "jurisdictions not yet known"},
		{name: "effective remedial measures do not remove it",
			facts: cn + `,"remedial_action_prevented_harm":true`, status: incident.ObligationDue},
		{name: "encryption does not remove it",
			facts: cn + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "no personal information",
			facts: cn + `,"personal_data_affected":false`, status: incident.ObligationNotApplicable, reason: "personal_data_affected"},
		{name: "not in China",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable, reason: "China"},
		{name: "a submission fulfils it",
			facts: cn + `,"submitted":{"cn_csl_art42":"2026-03-10T15:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "the Law is in force on 1 June 2017",
			facts: `"aware_at":"2017-06-01T00:00:00Z",` + cn, status: incident.ObligationDue},
		{name: "not before it",
			facts: `"aware_at":"2017-05-31T23:59:59Z",` + cn, status: incident.ObligationNotInForce, reason: "2017-06-01"},
	})
}

func TestCACMeasures(t *testing.T) {
	runRegime(t, "cn_cac_2025_report_cii_1h", []regimeCase{
		// 2026-03-10T14:20Z + 1 h.
		{name: "a CII operator reports within 1 hour of discovery",
			facts: cn + `,"cii_operator":true,"incident_grade":"relatively_major"`, status: incident.ObligationDue, dueAt: "2026-03-10T15:20:00Z"},
		{name: "1,000,000 citizens exactly are relatively major",
			facts: cn + `,"cii_operator":true,"data_subjects":1000000`, status: incident.ObligationDue, dueAt: "2026-03-10T15:20:00Z"},
		{name: "an ungraded incident below the count is assumed reportable",
			facts: cn + `,"cii_operator":true,"data_subjects":999999`, status: incident.ObligationDue, dueAt: "2026-03-10T15:20:00Z", reason: "incident_grade not yet known"},
		{name: "not a CII operator",
			facts: cn + `,"incident_grade":"major"`, status: incident.ObligationNotApplicable},
		{name: "before 1 November 2025",
			facts: `"aware_at":"2025-10-01T00:00:00Z",` + cn + `,"cii_operator":true`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "cn_cac_2025_report_provincial_4h", []regimeCase{
		// 2026-03-10T14:20Z + 4 h.
		{name: "other operators report within 4 hours",
			facts: cn + `,"incident_grade":"major"`, status: incident.ObligationDue, dueAt: "2026-03-10T18:20:00Z"},
		{name: "a CII operator reports elsewhere",
			facts: cn + `,"cii_operator":true,"incident_grade":"major"`, status: incident.ObligationNotApplicable, reason: "cn_cac_2025_report_cii_1h"},
		{name: "a central or state organ reports elsewhere",
			facts: cn + `,"central_state_organ":true,"incident_grade":"major"`, status: incident.ObligationNotApplicable, reason: "2 hours"},
		{name: "a submission fulfils it",
			facts: cn + `,"incident_grade":"major","submitted":{"cn_cac_2025_report_provincial_4h":"2026-03-10T16:00:00Z"}`, status: incident.ObligationFulfilled},
	})
	runRegime(t, "cn_cac_2025_final_summary", []regimeCase{
		// Handling ended 10:00 CST on 1 April: + 30 days = 1 May, 23:59:59 CST.
		{name: "30 days after handling ends",
			facts: cn + `,"incident_grade":"major","handling_concluded_at":"2026-04-01T02:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-05-01T15:59:59Z", clock: "handling_concluded_at"},
		{name: "while handling goes on no deadline is shown",
			facts: cn + `,"incident_grade":"major"`, status: incident.ObligationDue, reason: "handling_concluded_at"},
	})
}

const proc = `"role":"processor","jurisdictions":["EU-IE"]`

func TestCertificationsAndContract(t *testing.T) {
	runRegime(t, "iso27018_a10_1_customer", []regimeCase{
		{name: "an ISO 27018 processor notifies the customer promptly",
			facts: proc + `,"certifications":["iso27018"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no ISO 27018 commitment",
			facts: proc + `,"certifications":["iso27701"]`, status: incident.ObligationNotApplicable},
		{name: "a controller does not",
			facts: `"role":"controller","certifications":["iso27018"]`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "iso27018_a10_1_record", []regimeCase{
		{name: "every PII incident is recorded",
			facts: proc + `,"certifications":["iso27018"]`, status: incident.ObligationDue},
	})
	runRegime(t, "cispe_coc_customer", []regimeCase{
		{name: "a CISPE adherent notifies the customer without undue delay",
			facts: proc + `,"certifications":["cispe"]`, status: incident.ObligationDue},
		{name: "no adherence",
			facts: proc, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "contract_dpa_sla", []regimeCase{
		// 2026-03-10T14:20Z + 24 h.
		{name: "the agreement's 24 hours from our awareness",
			facts: proc + `,"contract_notification_sla_hours":24`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z"},
		// 2026-03-10T14:20Z + 36 h.
		{name: "any number of hours",
			facts: proc + `,"contract_notification_sla_hours":36`, status: incident.ObligationDue, dueAt: "2026-03-12T02:20:00Z"},
		{name: "no contractual period recorded",
			facts: proc, status: incident.ObligationNotApplicable, reason: "contract_notification_sla_hours"},
		{name: "a controller owes no processor notice",
			facts: `"role":"controller","contract_notification_sla_hours":24`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: proc + `,"contract_notification_sla_hours":24,"submitted":{"contract_dpa_sla":"2026-03-10T20:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}
