package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestVirginIslands(t *testing.T) {
	const vi = `"role":"controller","jurisdictions":["US-VI"]`
	runRegime(t, "us_vi_14_2209_individuals", []regimeCase{
		{name: "most expedient time: due with no due_at",
			facts: vi, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: vi + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: vi + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a person maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-VI"]`, status: incident.ObligationNotApplicable},
		{name: "no Virgin Islands residents",
			facts: `"role":"controller","jurisdictions":["US-PR"]`, status: incident.ObligationNotApplicable},
		{name: "before Act No. 6789",
			facts: `"aware_at":"2005-10-16T12:00:00Z",` + vi, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_vi_14_2209_owner", []regimeCase{
		{name: "immediately: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-VI"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: vi, status: incident.ObligationNotApplicable},
	})
}
