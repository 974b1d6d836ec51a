package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestPennsylvania(t *testing.T) {
	const pa = `"role":"controller","jurisdictions":["US-PA"]`
	runRegime(t, "us_pa_2303_individuals", []regimeCase{
		{name: "without unreasonable delay: due from discovery, no due_at",
			facts: pa, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: pa + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data with its key",
			facts: pa + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a vendor notifies the entity instead",
			facts: `"role":"processor","jurisdictions":["US-PA"]`, status: incident.ObligationNotApplicable, reason: "vendor"},
		{name: "no Pennsylvania residents",
			facts: `"role":"controller","jurisdictions":["US-NJ"]`, status: incident.ObligationNotApplicable},
		{name: "before the act took effect",
			facts: `"aware_at":"2006-06-01T12:00:00Z",` + pa, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_pa_2303_ag", []regimeCase{
		{name: "501 Pennsylvanians: the Attorney General concurrently",
			facts: pa + `,"residents_by_state":{"US-PA":501}`, status: incident.ObligationDue},
		{name: "500 exactly do not",
			facts: pa + `,"residents_by_state":{"US-PA":500}`, status: incident.ObligationNotApplicable, reason: "more than 500"},
		{name: "not before 2024 Act 33",
			facts: `"aware_at":"2024-09-25T12:00:00Z",` + pa + `,"residents_by_state":{"US-PA":900}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_pa_2305_cra_2024", []regimeCase{
		{name: "500 persons: the consumer reporting agencies",
			facts: pa + `,"residents_by_state":{"US-PA":500}`, status: incident.ObligationDue},
		{name: "499 do not",
			facts: pa + `,"residents_by_state":{"US-PA":499}`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_pa_2305_cra_2006", []regimeCase{
		{name: "before 2024: 1,001 persons",
			facts: `"aware_at":"2020-03-10T14:20:00Z",` + pa + `,"residents_by_state":{"US-PA":1001}`, status: incident.ObligationDue},
		{name: "before 2024: 1,000 exactly do not",
			facts: `"aware_at":"2020-03-10T14:20:00Z",` + pa + `,"residents_by_state":{"US-PA":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
		{name: "replaced on 26 September 2024",
			facts: pa + `,"residents_by_state":{"US-PA":5000}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_pa_2303_owner", []regimeCase{
		{name: "a vendor tells the entity following discovery",
			facts: `"role":"processor","jurisdictions":["US-PA"]`, status: incident.ObligationDue},
		{name: "the entity itself does not",
			facts: pa, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (73 P.S. 2302): the determination that harm is not
// likely exempts the notices it covers.
func TestPennsylvaniaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-PA"]`
	runHarmNotLikely(t, "us_pa_2303_individuals", facts, "73 P.S. 2302")
	runHarmNotLikely(t, "us_pa_2303_ag", facts, "73 P.S. 2302")
	runHarmNotLikely(t, "us_pa_2305_cra_2024", facts, "73 P.S. 2302")
	runHarmStillDue(t, "us_pa_2303_owner", `"role":"processor","jurisdictions":["US-PA"]`)
}
