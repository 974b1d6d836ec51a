package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Mexico: "de forma inmediata" has no number, so no due_at.

const mx = `"role":"controller","jurisdictions":["MX"]`

func TestMexicoDataSubjects(t *testing.T) {
	runRegime(t, "mx_lfpdppp_19_individuals", []regimeCase{
		{name: "immediately, no due_at, from the confirmation of the breach",
			facts: mx, status: incident.ObligationDue, clock: "breach_determined_at"},
		{name: "a country named only in data_subjects_by_jurisdiction",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"MX":2}`, status: incident.ObligationDue},
		{name: "encryption alone is no exemption",
			facts: mx + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a processor does not owe it",
			facts: `"role":"processor","jurisdictions":["MX"]`, status: incident.ObligationNotApplicable, reason: "responsable"},
		{name: "no data subjects in Mexico",
			facts: `"role":"controller","jurisdictions":["CO"]`, status: incident.ObligationNotApplicable},
		{name: "no personal data",
			facts: mx + `,"personal_data_affected":false`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: mx + `,"submitted":{"mx_lfpdppp_19_individuals":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 2010 Act",
			facts: `"aware_at":"2010-07-01T10:00:00Z",` + mx, status: incident.ObligationNotInForce},
	})
}
