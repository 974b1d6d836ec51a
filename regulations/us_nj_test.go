package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestNewJersey(t *testing.T) {
	const nj = `"role":"controller","jurisdictions":["US-NJ"]`
	runRegime(t, "us_nj_56_8_163_individuals", []regimeCase{
		{name: "most expedient time possible: due from discovery, no due_at",
			facts: nj, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: nj + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key",
			facts: nj + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the business instead",
			facts: `"role":"processor","jurisdictions":["US-NJ"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no New Jersey residents",
			facts: `"role":"controller","jurisdictions":["US-NY"]`, status: incident.ObligationNotApplicable},
		{name: "before the act",
			facts: `"aware_at":"2005-12-31T12:00:00Z",` + nj, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nj_56_8_163_state_police", []regimeCase{
		{name: "any count: the State Police before the customers",
			facts: nj + `,"residents_by_state":{"US-NJ":1}`, status: incident.ObligationDue},
		{name: "encrypted with a safe key",
			facts: nj + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
	})
	runRegime(t, "us_nj_56_8_163_cra", []regimeCase{
		{name: "1,001 persons: the consumer reporting agencies",
			facts: nj + `,"residents_by_state":{"US-NJ":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: nj + `,"residents_by_state":{"US-NJ":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_nj_56_8_163_owner", []regimeCase{
		{name: "a maintainer tells the business immediately",
			facts: `"role":"processor","jurisdictions":["US-NJ"]`, status: incident.ObligationDue},
		{name: "the business itself does not",
			facts: nj, status: incident.ObligationNotApplicable},
	})
}
