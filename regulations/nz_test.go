package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// New Zealand: both notices are due "as soon as practicable" after
// awareness, so no due_at is shown; they are due from aware_at.

const nz = `"role":"controller","jurisdictions":["NZ"]`

func TestNewZealandCommissioner(t *testing.T) {
	runRegime(t, "nz_privacy_114_commissioner", []regimeCase{
		{name: "as soon as practicable: due from awareness, no due_at",
			facts: nz + `,"likely_serious_harm":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "an unassessed breach is assumed notifiable",
			facts: nz, status: incident.ObligationDue, reason: "likely_serious_harm"},
		{name: "no serious harm",
			facts: nz + `,"likely_serious_harm":false`, status: incident.ObligationNotApplicable, reason: "serious harm"},
		{name: "encryption alone is no exemption",
			facts: nz + `,"likely_serious_harm":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "an agent for another agency does not notify",
			facts: `"role":"processor","jurisdictions":["NZ"]`, status: incident.ObligationNotApplicable, reason: "s.11"},
		{name: "no New Zealand link",
			facts: `"role":"controller","jurisdictions":["AU"],"likely_serious_harm":true`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: nz + `,"submitted":{"nz_privacy_114_commissioner":"2026-03-11T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 2020 Act",
			facts: `"aware_at":"2020-11-30T10:00:00Z",` + nz, status: incident.ObligationNotInForce},
	})
}

func TestNewZealandIndividuals(t *testing.T) {
	runRegime(t, "nz_privacy_115_individuals", []regimeCase{
		{name: "as soon as practicable",
			facts: nz + `,"likely_serious_harm":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "a s.116 reason recorded as a hold",
			facts: nz + `,"likely_serious_harm":true,"holds":[{"regime":"nz_privacy_115_individuals","until":"2026-04-01T00:00:00Z","reason":"police investigation (s.116)"}]`, status: incident.ObligationHeld},
		{name: "no serious harm",
			facts: nz + `,"likely_serious_harm":false`, status: incident.ObligationNotApplicable},
	})
}
