package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestVirginia(t *testing.T) {
	const va = `"role":"controller","jurisdictions":["US-VA"]`
	runRegime(t, "us_va_18_2_186_6_individuals", []regimeCase{
		{name: "without unreasonable delay: due from discovery, no due_at",
			facts: va, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: va + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data with its key",
			facts: va + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-VA"]`, status: incident.ObligationNotApplicable, reason: "owner or licensee"},
		{name: "no Virginia residents",
			facts: `"role":"controller","jurisdictions":["US-DC"]`, status: incident.ObligationNotApplicable},
		{name: "before the act",
			facts: `"aware_at":"2008-06-30T12:00:00Z",` + va, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_va_18_2_186_6_ag", []regimeCase{
		{name: "any count: the Attorney General",
			facts: va + `,"residents_by_state":{"US-VA":1}`, status: incident.ObligationDue},
	})
	runRegime(t, "us_va_18_2_186_6_cra", []regimeCase{
		{name: "1,001 persons: the consumer reporting agencies",
			facts: va + `,"residents_by_state":{"US-VA":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: va + `,"residents_by_state":{"US-VA":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_va_18_2_186_6_owner", []regimeCase{
		{name: "a maintainer tells the owner without unreasonable delay",
			facts: `"role":"processor","jurisdictions":["US-VA"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: va, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (18.2-186.6(A)): the determination that harm is not
// likely exempts the notices it covers.
func TestVirginiaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-VA"]`
	runHarmNotLikely(t, "us_va_18_2_186_6_individuals", facts, "18.2-186.6(A)")
	runHarmNotLikely(t, "us_va_18_2_186_6_ag", facts, "18.2-186.6(A)")
	runHarmNotLikely(t, "us_va_18_2_186_6_cra", facts, "18.2-186.6(A)")
	runHarmStillDue(t, "us_va_18_2_186_6_owner", `"role":"processor","jurisdictions":["US-VA"]`)
}
