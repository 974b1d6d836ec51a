package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// aware_at is 2026-03-10T14:20:00Z unless a case sets its own: Tuesday 11:20
// in Brasília (UTC-3, no DST), Wednesday 11 March 01:20 in Sydney (AEDT,
// UTC+11; daylight time ends 5 April 2026).

const br = `"role":"controller","jurisdictions":["BR"]`

func TestLGPDNotifyANPD(t *testing.T) {
	runRegime(t, "lgpd_anpd_res15_anpd", []regimeCase{
		// Tuesday 10 March: Wed 11, Thu 12, Fri 13; 23:59:59 BRT is 02:59:59Z on the 14th.
		{name: "3 working days after knowledge, ending 23:59:59 in Brasília",
			facts: br + `,"risk_or_relevant_damage":true`, status: incident.ObligationDue, dueAt: "2026-03-14T02:59:59Z", clock: "personal_data_known_at"},
		// 6 working days: Wed 11, Thu 12, Fri 13, Mon 16, Tue 17, Wed 18.
		{name: "a small processing agent has double",
			facts: br + `,"risk_or_relevant_damage":true,"small_processing_agent":true`, status: incident.ObligationDue, dueAt: "2026-03-19T02:59:59Z", reason: "small processing agent"},
		// Tuesday 17 November: Wed 18, Thu 19, Fri 20 is a holiday, Mon 23.
		{name: "20 November is a national holiday since 2024",
			facts: `"aware_at":"2026-11-17T15:00:00Z",` + br + `,"risk_or_relevant_damage":true`, status: incident.ObligationDue, dueAt: "2026-11-24T02:59:59Z"},
		// Friday 13 February: Carnival Monday 16 and Tuesday 17 count, then Wednesday 18.
		{name: "Carnival is a working day",
			facts: `"aware_at":"2026-02-13T15:00:00Z",` + br + `,"risk_or_relevant_damage":true`, status: incident.ObligationDue, dueAt: "2026-02-19T02:59:59Z"},
		// 02:00Z on Wednesday 11 March is 23:00 on Tuesday in Brasília: counted from Tuesday.
		{name: "the day of knowledge is the Brasília one",
			facts: `"aware_at":"2026-03-11T02:00:00Z",` + br + `,"risk_or_relevant_damage":true`, status: incident.ObligationDue, dueAt: "2026-03-14T02:59:59Z"},
		// Knowledge on Wednesday 11 March: Thu 12, Fri 13, Mon 16.
		{name: "the clock runs from knowing that personal data was affected",
			facts: br + `,"risk_or_relevant_damage":true,"personal_data_known_at":"2026-03-11T13:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-17T02:59:59Z", clock: "personal_data_known_at"},
		{name: "relevant risk not yet assessed: due, and the reason says so",
			facts: br, status: incident.ObligationDue, dueAt: "2026-03-14T02:59:59Z", reason: "risk_or_relevant_damage not yet known"},
		{name: "no relevant risk or damage",
			facts: br + `,"risk_or_relevant_damage":false`, status: incident.ObligationNotApplicable, reason: "lgpd_res15_register"},
		{name: "the processor informs the controller instead",
			facts: `"role":"processor","jurisdictions":["BR"],"risk_or_relevant_damage":true`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: br + `,"risk_or_relevant_damage":true,"submitted":{"lgpd_anpd_res15_anpd":"2026-03-12T12:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before Resolution 15/2024",
			facts: `"aware_at":"2024-01-10T00:00:00Z",` + br, status: incident.ObligationNotInForce},
	})
}

func TestLGPDNotifyDataSubjects(t *testing.T) {
	runRegime(t, "lgpd_anpd_res15_titulares", []regimeCase{
		{name: "3 working days, as for the ANPD",
			facts: br + `,"risk_or_relevant_damage":true`, status: incident.ObligationDue, dueAt: "2026-03-14T02:59:59Z"},
		{name: "doubled for a small processing agent",
			facts: br + `,"risk_or_relevant_damage":true,"small_processing_agent":true`, status: incident.ObligationDue, dueAt: "2026-03-19T02:59:59Z"},
		{name: "no relevant risk",
			facts: br + `,"risk_or_relevant_damage":false`, status: incident.ObligationNotApplicable},
		{name: "a hold in effect",
			facts: br + `,"risk_or_relevant_damage":true,"holds":[{"regime":"lgpd_anpd_res15_titulares","until":"2026-03-20T00:00:00Z","reason":"Polícia Federal request"}]`, status: incident.ObligationHeld},
	})
}

func TestLGPDDeclarationToANPD(t *testing.T) {
	runRegime(t, "lgpd_anpd_res15_declaration", []regimeCase{
		// Communicated on Thursday 12 March, 09:00 in Brasília: Fri 13, Mon 16, Tue 17.
		{name: "3 working days after the data subjects are informed",
			facts:  br + `,"risk_or_relevant_damage":true,"submitted":{"lgpd_anpd_res15_titulares":"2026-03-12T12:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-18T02:59:59Z", clock: "submitted.lgpd_anpd_res15_titulares"},
		// Communicated on Thursday 19 November: Fri 20 is a holiday, Mon 23, Tue 24, Wed 25.
		{name: "national holidays are skipped",
			facts:  `"aware_at":"2026-11-17T15:00:00Z",` + br + `,"risk_or_relevant_damage":true,"submitted":{"lgpd_anpd_res15_titulares":"2026-11-19T15:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-11-26T02:59:59Z"},
		{name: "pending until the data subjects are informed",
			facts: br + `,"risk_or_relevant_damage":true`, status: incident.ObligationDue, reason: "submitted.lgpd_anpd_res15_titulares"},
		{name: "no relevant risk",
			facts: br + `,"risk_or_relevant_damage":false`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts:  br + `,"risk_or_relevant_damage":true,"submitted":{"lgpd_anpd_res15_titulares":"2026-03-12T12:00:00Z","lgpd_anpd_res15_declaration":"2026-03-13T12:00:00Z"}`,
			status: incident.ObligationFulfilled},
	})
}

func TestLGPDRegister(t *testing.T) {
	runRegime(t, "lgpd_res15_register", []regimeCase{
		{name: "every incident is registered, even without relevant risk",
			facts: br + `,"risk_or_relevant_damage":false`, status: incident.ObligationDue},
		{name: "a register entry fulfils it",
			facts: br + `,"submitted":{"lgpd_res15_register":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

const au = `"role":"controller","jurisdictions":["AU"]`

func TestNDBAssessment(t *testing.T) {
	runRegime(t, "au_ndb_26wh_assessment", []regimeCase{
		// 01:20 AEDT on 11 March: + 30 days = 10 April, 23:59:59 AEST (UTC+10).
		{name: "30 days after the grounds to suspect, ending in Sydney time",
			facts: au + `,"suspected_at":"2026-03-10T14:20:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-10T13:59:59Z", clock: "suspected_at"},
		{name: "awareness stands in for the suspicion until it is recorded",
			facts: au, status: incident.ObligationDue, dueAt: "2026-04-10T13:59:59Z", clock: "aware_at", reason: "suspected_at not being recorded"},
		// 22:20 AWST on 10 March: + 30 days = 9 April, 23:59:59 AWST (UTC+8).
		{name: "the entity's own zone when given",
			facts: au + `,"suspected_at":"2026-03-10T14:20:00Z","timezones":{"AU":"Australia/Perth"}`, status: incident.ObligationDue, dueAt: "2026-04-09T15:59:59Z"},
		{name: "grounds to believe complete it",
			facts: au + `,"suspected_at":"2026-03-10T14:20:00Z","believed_at":"2026-03-20T00:00:00Z"`, status: incident.ObligationFulfilled, reason: "believed_at"},
		{name: "not in Australia",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "before the NDB scheme",
			facts: `"aware_at":"2017-12-01T00:00:00Z",` + au, status: incident.ObligationNotInForce},
	})
}

func TestNDBStatementToTheCommissioner(t *testing.T) {
	runRegime(t, "au_ndb_26wk_oaic_statement", []regimeCase{
		{name: "as soon as practicable after grounds to believe: no due_at",
			facts: au + `,"likely_serious_harm":true,"believed_at":"2026-03-12T00:00:00Z"`, status: incident.ObligationDue, clock: "believed_at"},
		{name: "before grounds to believe the reason says to assess",
			facts: au + `,"likely_serious_harm":true`, status: incident.ObligationDue, reason: "au_ndb_26wh_assessment"},
		{name: "no likely serious harm",
			facts: au + `,"likely_serious_harm":false`, status: incident.ObligationNotApplicable, reason: "serious harm"},
		{name: "an assessment that found no grounds to believe",
			facts: au + `,"assessed_not_notifiable_at":"2026-03-12T00:00:00Z"`, status: incident.ObligationNotApplicable},
		{name: "remedial action before serious harm",
			facts: au + `,"likely_serious_harm":true,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt, reason: "26WF"},
		{name: "a Commissioner declaration holds it",
			facts: au + `,"likely_serious_harm":true,"holds":[{"regime":"au_ndb_26wk_oaic_statement","reason":"s.26WQ declaration"}]`, status: incident.ObligationHeld},
		{name: "a submission fulfils it",
			facts: au + `,"likely_serious_harm":true,"submitted":{"au_ndb_26wk_oaic_statement":"2026-03-13T00:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

func TestNDBIndividuals(t *testing.T) {
	runRegime(t, "au_ndb_26wl_individuals", []regimeCase{
		{name: "as soon as practicable after the statement",
			facts: au + `,"likely_serious_harm":true,"believed_at":"2026-03-12T00:00:00Z"`, status: incident.ObligationDue, clock: "believed_at"},
		{name: "remedial action",
			facts: au + `,"likely_serious_harm":true,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt},
	})
}

const ca = `"role":"controller","jurisdictions":["CA"]`

func TestPIPEDA(t *testing.T) {
	runRegime(t, "ca_pipeda_10_1_opc", []regimeCase{
		{name: "a real risk of significant harm: as soon as feasible after determination",
			facts: ca + `,"real_risk_of_significant_harm":true,"breach_determined_at":"2026-03-11T10:00:00Z"`, status: incident.ObligationDue, clock: "breach_determined_at"},
		{name: "no real risk of significant harm",
			facts: ca + `,"real_risk_of_significant_harm":false`, status: incident.ObligationNotApplicable, reason: "ca_pipeda_10_3_record"},
		{name: "a submission fulfils it",
			facts: ca + `,"real_risk_of_significant_harm":true,"submitted":{"ca_pipeda_10_1_opc":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before 1 November 2018",
			facts: `"aware_at":"2018-06-01T00:00:00Z",` + ca, status: incident.ObligationNotInForce},
	})
	runRegime(t, "ca_pipeda_10_1_individuals", []regimeCase{
		{name: "individuals too",
			facts: ca + `,"real_risk_of_significant_harm":true`, status: incident.ObligationDue},
		{name: "not without a real risk",
			facts: ca + `,"real_risk_of_significant_harm":false`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "ca_pipeda_10_3_record", []regimeCase{
		{name: "every breach is recorded, whatever the risk",
			facts: ca + `,"real_risk_of_significant_harm":false`, status: incident.ObligationDue},
		{name: "not outside Canada",
			facts: `"role":"controller","jurisdictions":["US"]`, status: incident.ObligationNotApplicable},
	})
}
