package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Nevada sets no number of days: every Nevada duty is due from discovery
// with no due_at.

func TestNevada(t *testing.T) {
	const nv = `"role":"controller","jurisdictions":["US-NV"]`
	runRegime(t, "us_nv_603a_220_individuals", []regimeCase{
		{name: "most expedient time possible: due now, no due_at",
			facts: nv, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: nv + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "the key was taken too",
			facts: nv + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a law-enforcement delay holds it",
			facts: nv + `,"holds":[{"regime":"us_nv_603a_220_individuals","until":"2026-04-01T00:00:00Z","reason":"police request"}]`, status: incident.ObligationHeld},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-NV"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Nevada residents",
			facts: `"role":"controller","jurisdictions":["US-AZ"]`, status: incident.ObligationNotApplicable},
		{name: "before chapter 603A",
			facts: `"aware_at":"2005-12-01T00:00:00Z",` + nv, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nv_603a_220_cra", []regimeCase{
		{name: "1,001 Nevadans",
			facts: nv + `,"residents_by_state":{"US-NV":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: nv + `,"residents_by_state":{"US-NV":1000}`, status: incident.ObligationNotApplicable, reason: "1,000"},
		{name: "encrypted with a safe key",
			facts: nv + `,"residents_by_state":{"US-NV":5000},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_nv_603a_220_customer", []regimeCase{
		{name: "immediately following discovery",
			facts: `"role":"processor","jurisdictions":["US-NV"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: nv, status: incident.ObligationNotApplicable},
	})
}
