package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestNewHampshire(t *testing.T) {
	const nh = `"role":"controller","jurisdictions":["US-NH"]`
	runRegime(t, "us_nh_359c_20_individuals", []regimeCase{
		{name: "as quickly as possible: due from discovery, no due_at",
			facts: nh, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted and not taken with its key",
			facts: nh + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data taken with its key is not encrypted",
			facts: nh + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-NH"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
		{name: "no New Hampshire individuals",
			facts: `"role":"controller","jurisdictions":["US-VT"]`, status: incident.ObligationNotApplicable},
		{name: "before the act",
			facts: `"aware_at":"2006-12-31T12:00:00Z",` + nh, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_nh_359c_20_regulator", []regimeCase{
		{name: "any count: the Attorney General before the individuals",
			facts: nh + `,"residents_by_state":{"US-NH":1}`, status: incident.ObligationDue},
	})
	runRegime(t, "us_nh_359c_20_cra", []regimeCase{
		{name: "1,001 consumers: the consumer reporting agencies",
			facts: nh + `,"residents_by_state":{"US-NH":1001}`, status: incident.ObligationDue},
		{name: "1,000 exactly do not",
			facts: nh + `,"residents_by_state":{"US-NH":1000}`, status: incident.ObligationNotApplicable, reason: "more than 1,000"},
	})
	runRegime(t, "us_nh_359c_20_owner", []regimeCase{
		{name: "a maintainer tells the owner immediately",
			facts: `"role":"processor","jurisdictions":["US-NH"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: nh, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (359-C:20, I(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestNewHampshireHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-NH"]`
	runHarmNotLikely(t, "us_nh_359c_20_individuals", facts, "359-C:20, I(a)")
	runHarmNotLikely(t, "us_nh_359c_20_regulator", facts, "359-C:20, I(a)")
	runHarmNotLikely(t, "us_nh_359c_20_cra", facts, "359-C:20, I(a)")
	runHarmStillDue(t, "us_nh_359c_20_owner", `"role":"processor","jurisdictions":["US-NH"]`)
}
