package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMaryland(t *testing.T) {
	const md = `"role":"controller","jurisdictions":["US-MD"]`
	runRegime(t, "us_md_14_3504_individuals", []regimeCase{
		// 10 March + 45 days = 24 April, 23:59:59 EDT.
		{name: "45 days after discovery, ending in Eastern time",
			facts: md, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z", clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: md + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key",
			facts: md + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-25T03:59:59Z"},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MD"]`, status: incident.ObligationNotApplicable, reason: "owner or licensee"},
		{name: "no Maryland residents",
			facts: `"role":"controller","jurisdictions":["US-DE"]`, status: incident.ObligationNotApplicable},
		{name: "before HB 962",
			facts: `"aware_at":"2022-09-30T12:00:00Z",` + md, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_md_14_3504_ag", []regimeCase{
		{name: "any count: the Attorney General before the individuals",
			facts: md + `,"residents_by_state":{"US-MD":1}`, status: incident.ObligationDue},
	})
	runRegime(t, "us_md_14_3506_cra", []regimeCase{
		{name: "1,000 individuals: the consumer reporting agencies",
			facts: md + `,"residents_by_state":{"US-MD":1000}`, status: incident.ObligationDue},
		{name: "999 do not",
			facts: md + `,"residents_by_state":{"US-MD":999}`, status: incident.ObligationNotApplicable, reason: "1,000 or more"},
	})
	runRegime(t, "us_md_14_3504_owner", []regimeCase{
		// 10 March + 10 days = 20 March, 23:59:59 EDT.
		{name: "a maintainer tells the owner within 10 days",
			facts: `"role":"processor","jurisdictions":["US-MD"]`, status: incident.ObligationDue, dueAt: "2026-03-21T03:59:59Z"},
		{name: "the owner does not",
			facts: md, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (14-3504(b)): the determination that harm is not
// likely exempts the notices it covers.
func TestMarylandHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-MD"]`
	runHarmNotLikely(t, "us_md_14_3504_individuals", facts, "14-3504(b)")
	runHarmNotLikely(t, "us_md_14_3504_ag", facts, "14-3504(b)")
	runHarmNotLikely(t, "us_md_14_3506_cra", facts, "14-3504(b)")
	runHarmStillDue(t, "us_md_14_3504_owner", `"role":"processor","jurisdictions":["US-MD"]`)
}
