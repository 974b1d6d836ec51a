package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// Each event kind the daemon records reads as a few words, not as its JSON.
func TestEveryEventKindReadsAsWords(t *testing.T) {
	for _, tc := range []struct {
		typ  incident.EventType
		data string
		want string
	}{
		{incident.EventOpened, `{"alert_id":"a1","source":"s","kind":"k","severity":"high","title":"t","asset":{"id":"h","type":"host"}}`, "alert a1 (s/k, high): t"},
		{incident.EventAlertAttached, `{"alert_id":"a1","source":"s","kind":"k","severity":"low","title":"t","correlated":true}`, "correlated alert a1 (s/k, low): t"},
		{incident.EventSeverityRaised, `{"from":"low","to":"high","alert_id":"a2"}`, "low → high by alert a2"},
		{incident.EventStatusChanged, `{"from":"open","to":"contained","reason":"patched"}`, "open → contained: patched"},
		{incident.EventNoteAdded, `{"text":"keys rotated"}`, "keys rotated"},
		{incident.EventFactsChanged, `{"changes":[{"field":"data_subjects","old":null,"new":1200},{"field":"jurisdictions","old":["EU-FR"],"new":["EU-IE","UK"]},{"field":"role","old":"processor","new":"controller"}],"source":"data_map"}`,
			"data_subjects: unset → 1200, jurisdictions: [EU-FR] → [EU-IE, UK], role: processor → controller (from data_map)"},
		{incident.EventAlertsCollapsed, `{"count":250,"from":"2026-03-10T15:00:00Z","to":"2026-03-10T15:01:00Z"}`,
			"250 duplicate alerts counted without events from 2026-03-10T15:00:00Z to 2026-03-10T15:01:00Z"},
		{incident.EventNarrativeChanged, `{"changes":[{"field":"nature","old":"","new":"Bucket left public"},{"field":"measures_taken","old":"a","new":"b"},{"field":"contact","old":"x","new":""}]}`,
			"nature set: Bucket left public, measures_taken changed: b, contact unset"},
		{incident.EventSubmissionRecorded, `{"regime":"gdpr_art33_sa","at":"2026-03-11T09:00:00Z","ref":"DPC-1","by":"dpo","recorded_at":"2026-03-11T09:05:00Z"}`,
			"gdpr_art33_sa filed at 2026-03-11T09:00:00Z ref DPC-1 by dpo"},
		{incident.EventObligationsChanged, `{"changes":[{"regime":"gdpr_art33_sa","to":"due","due_at":"2026-03-13T09:00:00Z"},{"regime":"ccpa","from":"due","to":"not_applicable","reason":"no CA residents"},{"regime":"pdpa","from":"due","to":"due","from_due_at":"2026-03-12T09:00:00Z","due_at":"2026-03-13T09:00:00Z"}]}`,
			"gdpr_art33_sa: due by 2026-03-13T09:00:00Z; ccpa: due → not_applicable; pdpa: due by 2026-03-12T09:00:00Z → 2026-03-13T09:00:00Z"},
		{incident.EventReminderSent, `{"regime":"gdpr_art33_sa","recipient":"DPC","due_at":"2026-03-13T09:00:00Z","before":"24h"}`,
			"gdpr_art33_sa to DPC due 2026-03-13T09:00:00Z (reminder 24h before)"},
		{incident.EventDeadlinePassed, `{"regime":"gdpr_art33_sa","recipient":"DPC","due_at":"2026-03-13T09:00:00Z"}`, "gdpr_art33_sa to DPC due 2026-03-13T09:00:00Z"},
		{incident.EventDelivered, `{"kind":"slack","key":"k","attempts":1,"took_ms":12,"detail":"posted"}`, "slack delivered after 1 attempt: posted"},
		{incident.EventDeliveryFailed, `{"kind":"webhook","key":"k","attempts":5,"took_ms":12,"error":"HTTP 500"}`, "webhook given up after 5 attempts: HTTP 500"},
		{incident.EventAssigned, `{"to":"alice"}`, "to alice"},
		{incident.EventAssigned, `{"from":"alice","to":"bob"}`, "alice → bob"},
		{incident.EventActionRefused, `{"action":"status","reason":"not a responder"}`, "status refused: not a responder"},
		{incident.EventRunStarted, `{"run":"INC-2026-0001/ransomware-host","playbook":"ransomware-host","alert_id":"edr-1"}`, "playbook ransomware-host started by alert edr-1"},
		{incident.EventRunEnded, `{"run":"INC-2026-0001/ransomware-host","status":"rejected","detail":"rejected by bob"}`, "playbook ransomware-host rejected: rejected by bob"},
		{incident.EventStepStarted, `{"run":"INC-2026-0001/ransomware-host","step":"approve","kind":"approval","until":"2026-03-10T15:30:00Z","detail":"1 of [alice bob] must approve: Isolate h?"}`,
			"ransomware-host approve started until 2026-03-10T15:30:00Z: 1 of [alice bob] must approve: Isolate h?"},
		{incident.EventStepDone, `{"run":"INC-2026-0001/ransomware-host","step":"isolate","kind":"action","attempt":2,"detail":"isolated"}`, "ransomware-host isolate done (attempt 2): isolated"},
		{incident.EventStepDone, `{"run":"INC-2026-0001/ransomware-host","step":"record-facts","kind":"facts","detail":"{\"cause\":\"external_unlawful_access\",\"risk_to_rights\":true}"}`,
			"ransomware-host record-facts done: cause=external_unlawful_access risk_to_rights=true"},
		{incident.EventStepSkipped, `{"run":"INC-2026-0001/p","step":"s","detail":"if was false"}`, "p s skipped: if was false"},
		{incident.EventStepFailed, `{"run":"INC-2026-0001/p","step":"s","attempt":3,"error":"no actuator"}`, "p s failed (attempt 3): no actuator"},
		{incident.EventStepOutcomeUnknown, `{"run":"INC-2026-0001/p","step":"s","attempt":1,"error":"timeout"}`, "p s (attempt 1) outcome unknown, sent again: timeout"},
		{incident.EventApprovalRecorded, `{"run":"INC-2026-0001/p","step":"gate","approver":"alice","decision":"approve","comment":"go","detail":"via slack:U1"}`, "alice approved p gate: go: via slack:U1"},
		{incident.EventApprovalRecorded, `{"run":"INC-2026-0001/p","step":"gate","approver":"bob","decision":"reject"}`, "bob rejected p gate"},
		{incident.EventApprovalRefused, `{"run":"INC-2026-0001/p","step":"gate","approver":"mallory","error":"not one of the step's approvers"}`, "mallory may not decide on p gate: not one of the step's approvers"},
		{incident.EventApprovalExpired, `{"run":"INC-2026-0001/p","step":"gate","detail":"0 of 1 required approvals given"}`, "p gate expired: 0 of 1 required approvals given"},
	} {
		t.Run(string(tc.typ)+" "+tc.want, func(t *testing.T) {
			require.Equal(t, tc.want, summarize(tc.typ, json.RawMessage(tc.data)))
		})
	}
}

func TestSummaryOfAnUnknownEventListsItsFields(t *testing.T) {
	require.Equal(t, "a=x b=2 c=[1, 2] d=unset", summarize("playbook_step", json.RawMessage(`{"b":2,"a":"x","c":[1,2],"d":null}`)))
	require.Equal(t, "", summarize("anything", nil))
	require.Equal(t, "not json", summarize("anything", json.RawMessage(`not json`)))
	require.Equal(t, "from=x text=5", summarize(incident.EventNoteAdded, json.RawMessage(`{"from":"x","text":5}`)), "data of another shape than its kind's reads as fields")
}
