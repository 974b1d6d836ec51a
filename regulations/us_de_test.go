package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestDelaware(t *testing.T) {
	const de = `"role":"controller","jurisdictions":["US-DE"]`
	runRegime(t, "us_de_12b_102_individuals", []regimeCase{
		// 10 March + 60 days = 9 May, 23:59:59 EDT.
		{name: "60 days after determination, ending in Eastern time",
			facts: de, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", clock: "breach_determined_at"},
		// Determined 09:00 EDT on 1 April: + 60 days = 31 May.
		{name: "the clock runs from the determination",
			facts: de + `,"breach_determined_at":"2026-04-01T13:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-06-01T03:59:59Z"},
		{name: "encrypted without the key",
			facts: de + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted, acquired with the key",
			facts: de + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-DE"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Delaware residents",
			facts: `"role":"controller","jurisdictions":["US-PA"]`, status: incident.ObligationNotApplicable},
		{name: "before HB 180",
			facts: `"aware_at":"2018-04-13T12:00:00Z",` + de, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_de_12b_102_ag", []regimeCase{
		{name: "501 residents: the Attorney General, no later than the residents",
			facts: de + `,"residents_by_state":{"US-DE":501}`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "500 exactly do not",
			facts: de + `,"residents_by_state":{"US-DE":500}`, status: incident.ObligationNotApplicable, reason: "exceeds 500"},
	})
	runRegime(t, "us_de_12b_102_owner", []regimeCase{
		{name: "a maintainer tells the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-DE"]`, status: incident.ObligationDue, clock: "breach_determined_at"},
		{name: "the owner does not",
			facts: de, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (12B-102(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestDelawareHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-DE"]`
	runHarmNotLikely(t, "us_de_12b_102_individuals", facts, "12B-102(a)")
	runHarmNotLikely(t, "us_de_12b_102_ag", facts, "12B-102(a)")
	runHarmStillDue(t, "us_de_12b_102_owner", `"role":"processor","jurisdictions":["US-DE"]`)
}
