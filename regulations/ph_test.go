package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Philippines: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z (Asia/Manila has no DST, and hours are not rolled).

const ph = `"role":"controller","jurisdictions":["PH"]`

func TestPhilippinesNPC(t *testing.T) {
	runRegime(t, "ph_dpa_20f_npc", []regimeCase{
		{name: "72 hours after knowledge",
			facts: ph + `,"data_categories":["name","national_id"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "data that enables identity fraud",
			facts: ph + `,"data_categories":["email","password"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "unrecorded categories are assumed to qualify",
			facts: ph, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "contact data alone is not notifiable",
			facts: ph + `,"data_categories":["name","email","phone"]`, status: incident.ObligationNotApplicable, reason: "identity fraud"},
		{name: "encrypted with a safe key",
			facts: ph + `,"data_categories":["health"],"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no exemption if the key was taken",
			facts: ph + `,"data_categories":["health"],"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor informs the controller instead",
			facts: `"role":"processor","jurisdictions":["PH"]`, status: incident.ObligationNotApplicable, reason: "ph_npc_16_03_pic"},
		{name: "no data subjects in the Philippines",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "before the IRR took effect",
			facts: `"aware_at":"2016-09-08T00:00:00Z",` + ph, status: incident.ObligationNotInForce},
	})
}

func TestPhilippinesDataSubjects(t *testing.T) {
	runRegime(t, "ph_dpa_20f_individuals", []regimeCase{
		{name: "72 hours after knowledge",
			facts: ph + `,"data_categories":["financial"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "contact data alone",
			facts: ph + `,"data_categories":["email"]`, status: incident.ObligationNotApplicable},
		{name: "encrypted with a safe key",
			facts: ph + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "a submission fulfils it",
			facts: ph + `,"submitted":{"ph_dpa_20f_individuals":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

func TestPhilippinesProcessor(t *testing.T) {
	runRegime(t, "ph_npc_16_03_pic", []regimeCase{
		{name: "promptly: no due_at",
			facts: `"role":"processor","jurisdictions":["PH"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the controller does not owe it",
			facts: ph, status: incident.ObligationNotApplicable},
	})
}
