package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Montana sets no number of days: its duties are due from discovery with no
// due_at, and the Attorney General copy goes with the resident notice.

func TestMontana(t *testing.T) {
	const mt = `"role":"controller","jurisdictions":["US-MT"]`
	runRegime(t, "us_mt_30_14_1704_individuals", []regimeCase{
		{name: "without unreasonable delay: due now, no due_at",
			facts: mt, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key",
			facts: mt + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "the key was taken too",
			facts: mt + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "the maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MT"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no Montana residents",
			facts: `"role":"controller","jurisdictions":["US-WY"]`, status: incident.ObligationNotApplicable},
		{name: "before the law",
			facts: `"aware_at":"2006-02-01T00:00:00Z",` + mt, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_mt_30_14_1704_ag", []regimeCase{
		{name: "one Montanan is enough: simultaneously, no due_at",
			facts: mt + `,"residents_by_state":{"US-MT":1}`, status: incident.ObligationDue},
		{name: "encrypted with a safe key",
			facts: mt + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "a filing fulfils it",
			facts: mt + `,"submitted":{"us_mt_30_14_1704_ag":"2026-03-20T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before HB 74 (1 October 2015)",
			facts: `"aware_at":"2015-09-30T12:00:00Z",` + mt, status: incident.ObligationNotInForce},
		{name: "no Montana residents",
			facts: `"role":"controller","jurisdictions":["US-ID"]`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_mt_30_14_1704_cra", []regimeCase{
		{name: "shown for every Montana breach",
			facts: mt, status: incident.ObligationDue},
	})
	runRegime(t, "us_mt_30_14_1704_customer", []regimeCase{
		{name: "immediately following discovery",
			facts: `"role":"processor","jurisdictions":["US-MT"]`, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "the owner does not owe it",
			facts: mt, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (30-14-1704): the determination that harm is not
// likely exempts the notices it covers.
func TestMontanaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-MT"]`
	runHarmNotLikely(t, "us_mt_30_14_1704_individuals", facts, "30-14-1704")
	runHarmNotLikely(t, "us_mt_30_14_1704_ag", facts, "30-14-1704")
	runHarmNotLikely(t, "us_mt_30_14_1704_cra", facts, "30-14-1704")
	runHarmStillDue(t, "us_mt_30_14_1704_customer", `"role":"processor","jurisdictions":["US-MT"]`)
}
