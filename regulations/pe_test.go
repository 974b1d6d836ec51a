package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Peru: aware_at 2026-03-10T14:20:00Z + 48 elapsed hours =
// 2026-03-12T14:20:00Z (hours are never rolled to a working day).

const pe = `"role":"controller","jurisdictions":["PE"]`

func TestPeruANPD(t *testing.T) {
	runRegime(t, "pe_29733_110_anpd", []regimeCase{
		{name: "48 hours after awareness",
			facts: pe, status: incident.ObligationDue, dueAt: "2026-03-12T14:20:00Z", clock: "aware_at"},
		{name: "any count: one data subject",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"PE":1}`, status: incident.ObligationDue, dueAt: "2026-03-12T14:20:00Z"},
		{name: "encryption alone is no exemption",
			facts: pe + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-12T14:20:00Z"},
		{name: "a processor does not owe it",
			facts: `"role":"processor","jurisdictions":["PE"]`, status: incident.ObligationNotApplicable},
		{name: "no data subjects in Peru",
			facts: `"role":"controller","jurisdictions":["CL"]`, status: incident.ObligationNotApplicable},
		{name: "before the 2024 Reglamento took effect",
			facts: `"aware_at":"2025-03-30T10:00:00Z",` + pe, status: incident.ObligationNotInForce},
	})
}

func TestPeruDataSubjects(t *testing.T) {
	runRegime(t, "pe_29733_111_individuals", []regimeCase{
		{name: "without delay, no due_at",
			facts: pe, status: incident.ObligationDue, clock: "aware_at"},
		{name: "before the 2024 Reglamento took effect",
			facts: `"aware_at":"2025-03-30T10:00:00Z",` + pe, status: incident.ObligationNotInForce},
	})
}
