package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Indonesia: aware_at 2026-03-10T14:20:00Z; + 3 x 24 elapsed hours is
// 2026-03-13T14:20:00Z (Asia/Jakarta has no DST, and hours are not rolled).

const idn = `"role":"controller","jurisdictions":["ID"]`

func TestIndonesiaDataSubjects(t *testing.T) {
	runRegime(t, "id_pdp_46_individuals", []regimeCase{
		{name: "3 x 24 hours after awareness",
			facts: idn, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "one data subject is enough: no threshold",
			facts: idn + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "encryption is no exemption",
			facts: idn + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a low risk is no exemption",
			facts: idn + `,"risk_to_rights":false,"high_risk":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor does not owe it",
			facts: `"role":"processor","jurisdictions":["ID"]`, status: incident.ObligationNotApplicable},
		{name: "no data subjects in Indonesia",
			facts: `"role":"controller","jurisdictions":["MY"]`, status: incident.ObligationNotApplicable},
		{name: "before the transition ended",
			facts: `"aware_at":"2024-10-16T12:00:00Z",` + idn, status: incident.ObligationNotInForce},
	})
}

func TestIndonesiaAgency(t *testing.T) {
	runRegime(t, "id_pdp_46_lembaga", []regimeCase{
		{name: "3 x 24 hours after awareness",
			facts: idn, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a submission fulfils it",
			facts: idn + `,"submitted":{"id_pdp_46_lembaga":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "in force from 17 October 2024",
			facts: `"aware_at":"2024-10-17T00:00:00Z",` + idn, status: incident.ObligationDue, dueAt: "2024-10-20T00:00:00Z"},
	})
}

func TestIndonesiaPublic(t *testing.T) {
	runRegime(t, "id_pdp_46_public", []regimeCase{
		{name: "no period: shown from awareness",
			facts: idn, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no data subjects in Indonesia",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
	})
}
