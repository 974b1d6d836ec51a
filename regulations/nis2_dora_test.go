package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// The facts of these tests have aware_at 2026-03-10T14:20:00Z (a Tuesday)
// unless they set their own. Hour deadlines are aware_at plus the hours in
// UTC; month deadlines are the submission's UTC clock time on the same date
// of the next month.

const nis2 = `"nis2_entity":"essential","jurisdictions":["EU-DE"]`

func TestNIS2EarlyWarning(t *testing.T) {
	runRegime(t, "nis2_art23_early_warning", []regimeCase{
		// 2026-03-10T14:20Z + 24 h.
		{name: "a significant incident is due within 24 hours of awareness",
			facts: nis2 + `,"significant_incident":true`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", clock: "aware_at"},
		{name: "an important entity owes it too",
			facts: `"nis2_entity":"important","jurisdictions":["EU-FR"],"significant_incident":true`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z"},
		{name: "significance not yet assessed: due, and the reason says so",
			facts: nis2, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", reason: "significant_incident not yet known"},
		{name: "an incident that is not significant",
			facts: nis2 + `,"significant_incident":false`, status: incident.ObligationNotApplicable, reason: "Art. 23(3)"},
		{name: "not a NIS2 entity",
			facts: `"jurisdictions":["EU-DE"],"significant_incident":true`, status: incident.ObligationNotApplicable, reason: "nis2_entity"},
		{name: "outside the EU",
			facts: `"nis2_entity":"essential","jurisdictions":["US"],"significant_incident":true`, status: incident.ObligationNotApplicable},
		{name: "personal data is not needed",
			facts: nis2 + `,"significant_incident":true,"personal_data_affected":false`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z"},
		{name: "a submission fulfils it",
			facts: nis2 + `,"significant_incident":true,"submitted":{"nis2_art23_early_warning":"2026-03-11T09:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "a hold in effect",
			facts: nis2 + `,"significant_incident":true,"holds":[{"regime":"nis2_art23_early_warning","until":"2026-03-12T00:00:00Z","reason":"BKA request"}]`, status: incident.ObligationHeld},
		{name: "before 18 October 2024",
			facts: `"aware_at":"2024-06-01T00:00:00Z",` + nis2, status: incident.ObligationNotInForce, reason: "2024-10-18"},
	})
}

func TestNIS2IncidentNotification(t *testing.T) {
	runRegime(t, "nis2_art23_incident_notification", []regimeCase{
		// 2026-03-10T14:20Z + 72 h.
		{name: "72 hours after awareness",
			facts: nis2 + `,"significant_incident":true`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		// 2026-03-10T14:20Z + 24 h.
		{name: "a trust service provider has 24 hours",
			facts: nis2 + `,"significant_incident":true,"trust_service_provider":true`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", reason: "trust service provider"},
		{name: "not a trust service provider: 72 hours",
			facts: nis2 + `,"significant_incident":true,"trust_service_provider":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		// 2026-03-27T10:00Z + 72 h = 2026-03-30T10:00Z, whatever the DST change of 29 March.
		{name: "72 hours across the DST change are elapsed hours",
			facts: `"aware_at":"2026-03-27T10:00:00Z",` + nis2 + `,"significant_incident":true`, status: incident.ObligationDue, dueAt: "2026-03-30T10:00:00Z"},
		{name: "a submission fulfils it",
			facts: nis2 + `,"significant_incident":true,"submitted":{"nis2_art23_incident_notification":"2026-03-12T09:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "not significant",
			facts: nis2 + `,"significant_incident":false`, status: incident.ObligationNotApplicable},
	})
}

func TestNIS2FinalReport(t *testing.T) {
	runRegime(t, "nis2_art23_final_report", []regimeCase{
		// Submitted 2026-03-12T09:00Z: same time, 12 April.
		{name: "one month after the actual submission of the incident notification",
			facts:  nis2 + `,"significant_incident":true,"submitted":{"nis2_art23_incident_notification":"2026-03-12T09:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-04-12T09:00:00Z", clock: "submitted.nis2_art23_incident_notification"},
		// Submitted 2026-01-31T10:00Z: February has no 31st, so 28 February at 10:00Z.
		{name: "a submission on 31 January is due on 28 February",
			facts:  `"aware_at":"2026-01-30T10:00:00Z",` + nis2 + `,"significant_incident":true,"submitted":{"nis2_art23_incident_notification":"2026-01-31T10:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-02-28T10:00:00Z"},
		{name: "before the incident notification is filed no deadline is shown",
			facts: nis2 + `,"significant_incident":true`, status: incident.ObligationDue, clock: "submitted.nis2_art23_incident_notification", reason: "actually submitted"},
		{name: "a final report fulfils it",
			facts: nis2 + `,"significant_incident":true,"submitted":{"nis2_art23_incident_notification":"2026-03-12T09:00:00Z","nis2_art23_final_report":"2026-04-01T09:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "not a NIS2 entity",
			facts: `"jurisdictions":["EU-DE"],"significant_incident":true`, status: incident.ObligationNotApplicable},
	})
}

func TestNIS2Recipients(t *testing.T) {
	runRegime(t, "nis2_art23_recipients", []regimeCase{
		{name: "service recipients are told without undue delay: no due_at",
			facts: nis2 + `,"significant_incident":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "not significant",
			facts: nis2 + `,"significant_incident":false`, status: incident.ObligationNotApplicable},
	})
}

const dora = `"dora_financial_entity":true,"jurisdictions":["EU-IE"]`

func TestDORAInitialNotification(t *testing.T) {
	runRegime(t, "dora_art19_initial", []regimeCase{
		// Classified 16:00Z: + 4 h = 20:00Z, before aware_at + 24 h (2026-03-11T14:20Z).
		{name: "4 hours after classification",
			facts: dora + `,"classified_major_at":"2026-03-10T16:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-10T20:00:00Z", clock: "classified_major_at"},
		// Classified 2026-03-11T12:00Z: + 4 h = 16:00Z, after the cap 2026-03-11T14:20Z.
		{name: "no later than 24 hours after awareness",
			facts: dora + `,"classified_major_at":"2026-03-11T12:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", reason: "24 hours from awareness"},
		// Classified 2026-03-12T09:00Z, after the cap: 13:00Z that day, and the cap is reported missed.
		{name: "a classification after 24 hours shows classification + 4 h and the missed cap",
			facts: dora + `,"classified_major_at":"2026-03-12T09:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-12T13:00:00Z", reason: "already passed"},
		// Unclassified: the cap alone, aware_at + 24 h.
		{name: "before classification the 24-hour cap is the deadline",
			facts: dora, status: incident.ObligationDue, dueAt: "2026-03-11T14:20:00Z", clock: "classified_major_at", reason: "not yet classified"},
		// Aware Friday 08:00Z, classified 21:00Z: + 4 h = Saturday 01:00Z, before the cap (Saturday 08:00Z).
		{name: "without weekend relief a Saturday deadline stays",
			facts:  `"aware_at":"2026-03-13T08:00:00Z",` + dora + `,"classified_major_at":"2026-03-13T21:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-14T01:00:00Z"},
		// Same: Saturday in Dublin, so Monday 16 March 12:00 GMT.
		{name: "weekend relief moves a Saturday deadline to noon on Monday",
			facts:  `"aware_at":"2026-03-13T08:00:00Z",` + dora + `,"dora_weekend_relief":true,"classified_major_at":"2026-03-13T21:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-16T12:00:00Z", reason: "weekend relief"},
		// Ireland gives Monday 12:00Z, Germany Monday 12:00 CET = 11:00Z: the earlier wins.
		{name: "with several Member States the earliest relieved deadline wins",
			facts:  `"aware_at":"2026-03-13T08:00:00Z","dora_financial_entity":true,"jurisdictions":["EU-IE","EU-DE"],"dora_weekend_relief":true,"classified_major_at":"2026-03-13T21:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-16T11:00:00Z"},
		{name: "relief for a Member State without a holiday calendar is not applied",
			facts:  `"aware_at":"2026-03-13T08:00:00Z","dora_financial_entity":true,"jurisdictions":["EU-PL"],"dora_weekend_relief":true,"classified_major_at":"2026-03-13T21:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-14T01:00:00Z", reason: "no holiday calendar"},
		{name: "not a financial entity",
			facts: `"dora_financial_entity":false,"jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable, reason: "dora_financial_entity"},
		{name: "a submission fulfils it",
			facts: dora + `,"classified_major_at":"2026-03-10T16:00:00Z","submitted":{"dora_art19_initial":"2026-03-10T19:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before 17 January 2025",
			facts: `"aware_at":"2024-12-01T00:00:00Z",` + dora, status: incident.ObligationNotInForce, reason: "2025-01-17"},
	})
}

func TestDORAIntermediateReport(t *testing.T) {
	runRegime(t, "dora_art19_intermediate", []regimeCase{
		// Initial submitted 2026-03-10T19:00Z + 72 h = Friday 2026-03-13T19:00Z.
		{name: "72 hours after the actual submission of the initial notification",
			facts:  dora + `,"submitted":{"dora_art19_initial":"2026-03-10T19:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-13T19:00:00Z", clock: "submitted.dora_art19_initial"},
		// Initial submitted Wednesday 2026-03-11T10:00Z + 72 h = Saturday 14 March; relieved to Monday 12:00 GMT.
		{name: "weekend relief applies to the intermediate report",
			facts:  dora + `,"dora_weekend_relief":true,"submitted":{"dora_art19_initial":"2026-03-11T10:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-03-16T12:00:00Z"},
		{name: "before the initial notification is filed no deadline is shown",
			facts: dora, status: incident.ObligationDue, reason: "submitted.dora_art19_initial"},
		{name: "a submission fulfils it",
			facts: dora + `,"submitted":{"dora_art19_initial":"2026-03-10T19:00:00Z","dora_art19_intermediate":"2026-03-12T19:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

func TestDORAFinalReport(t *testing.T) {
	runRegime(t, "dora_art19_final", []regimeCase{
		// Intermediate (latest update) submitted 2026-03-13T19:00Z: 13 April 19:00Z, a Monday.
		{name: "one month after the latest intermediate report",
			facts:  dora + `,"submitted":{"dora_art19_initial":"2026-03-10T19:00:00Z","dora_art19_intermediate":"2026-03-13T19:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-04-13T19:00:00Z", clock: "submitted.dora_art19_intermediate"},
		{name: "before the intermediate report no deadline is shown",
			facts: dora + `,"submitted":{"dora_art19_initial":"2026-03-10T19:00:00Z"}`, status: incident.ObligationDue, reason: "latest updated"},
		{name: "not a financial entity",
			facts: `"jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable},
	})
}
