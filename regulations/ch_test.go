package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Switzerland: FADP Art. 24 sets no number of hours ("as quickly as
// possible"), so no duty has a due_at; each is due from aware_at.

const ch = `"role":"controller","jurisdictions":["CH"]`

func TestSwitzerlandFDPIC(t *testing.T) {
	runRegime(t, "ch_fadp_24_fdpic", []regimeCase{
		{name: "a likely high risk: as quickly as possible, no due_at",
			facts: ch + `,"high_risk":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "an unassessed risk is taken as high",
			facts: ch, status: incident.ObligationDue, reason: "high_risk"},
		{name: "not a high risk: not notifiable, even with a GDPR-level risk",
			facts: ch + `,"high_risk":false,"risk_to_rights":true`, status: incident.ObligationNotApplicable, reason: "high risk"},
		{name: "encryption alone is no exemption",
			facts: ch + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["CH"]`, status: incident.ObligationNotApplicable, reason: "ch_fadp_24_processor"},
		{name: "a country named only in data_subjects_by_jurisdiction",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"CH":4}`, status: incident.ObligationDue},
		{name: "no data subjects in Switzerland (the EU is not enough)",
			facts: `"role":"controller","jurisdictions":["EU-DE"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: ch + `,"submitted":{"ch_fadp_24_fdpic":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the revised FADP",
			facts: `"aware_at":"2023-08-31T10:00:00Z",` + ch, status: incident.ObligationNotInForce},
		{name: "in force on 1 September 2023",
			facts: `"aware_at":"2023-09-01T08:00:00Z",` + ch, status: incident.ObligationDue},
	})
}

func TestSwitzerlandDataSubjects(t *testing.T) {
	runRegime(t, "ch_fadp_24_individuals", []regimeCase{
		{name: "shown for every breach: necessity is not a fact",
			facts: ch + `,"high_risk":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no data subjects in Switzerland",
			facts: `"role":"controller","jurisdictions":["UK"]`, status: incident.ObligationNotApplicable},
		{name: "before the revised FADP",
			facts: `"aware_at":"2023-08-31T10:00:00Z",` + ch, status: incident.ObligationNotInForce},
	})
}

func TestSwitzerlandProcessor(t *testing.T) {
	runRegime(t, "ch_fadp_24_processor", []regimeCase{
		{name: "a processor: every breach, as quickly as possible",
			facts: `"role":"processor","jurisdictions":["CH"],"high_risk":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: ch, status: incident.ObligationNotApplicable},
	})
}
