package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Turkey: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z (Europe/Istanbul has no DST, and hours never depend
// on the zone).

const tr = `"role":"controller","jurisdictions":["TR"]`

func TestTurkeyBoard(t *testing.T) {
	runRegime(t, "tr_kvkk_12_board", []regimeCase{
		{name: "72 hours after learning of the breach",
			facts: tr, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "no count threshold: one data subject",
			facts: tr + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "no risk threshold",
			facts: tr + `,"risk_to_rights":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "encryption alone is no exemption",
			facts: tr + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor does not owe it",
			facts: `"role":"processor","jurisdictions":["TR"]`, status: incident.ObligationNotApplicable, reason: "contractual"},
		{name: "no Turkish link",
			facts: `"role":"controller","jurisdictions":["SA"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: tr + `,"submitted":{"tr_kvkk_12_board":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before Decision 2019/10",
			facts: `"aware_at":"2019-01-23T10:00:00Z",` + tr, status: incident.ObligationNotInForce},
	})
	runRegime(t, "tr_kvkk_12_board_2016", []regimeCase{
		{name: "before Decision 2019/10: the shortest time, no number",
			facts: `"aware_at":"2019-01-23T10:00:00Z",` + tr, status: incident.ObligationDue, clock: "aware_at"},
		{name: "replaced by the 72-hour rule",
			facts: tr, status: incident.ObligationNotInForce},
		{name: "before the Law",
			facts: `"aware_at":"2016-04-06T10:00:00Z",` + tr, status: incident.ObligationNotInForce},
	})
}

func TestTurkeyDataSubjects(t *testing.T) {
	runRegime(t, "tr_kvkk_12_individuals", []regimeCase{
		{name: "the shortest reasonable time: due from awareness, no due_at",
			facts: tr, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no high-risk condition",
			facts: tr + `,"high_risk":false`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: tr + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "no Turkish link",
			facts: `"role":"controller","jurisdictions":["AE"]`, status: incident.ObligationNotApplicable},
		{name: "before the Law",
			facts: `"aware_at":"2016-04-06T10:00:00Z",` + tr, status: incident.ObligationNotInForce},
	})
}
