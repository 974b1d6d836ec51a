package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestOklahoma(t *testing.T) {
	const ok = `"role":"controller","jurisdictions":["US-OK"]`
	runRegime(t, "us_ok_24_163_individuals", []regimeCase{
		{name: "without unreasonable delay: due with no due_at",
			facts: ok, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is not covered",
			facts: ok + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "kept if the key leaked",
			facts: ok + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "an entity maintaining the data tells the owner instead",
			facts: `"role":"processor","jurisdictions":["US-OK"]`, status: incident.ObligationNotApplicable},
		{name: "no Oklahoma residents",
			facts: `"role":"controller","jurisdictions":["US-AR"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act",
			facts: `"aware_at":"2008-10-31T12:00:00Z",` + ok, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ok_24_163_ag", []regimeCase{
		// Residents notified 13:00 CDT on 20 March: + 60 days = 19 May, 23:59:59 CDT.
		{name: "500 Oklahomans: 60 days after the residents' notice",
			facts:  ok + `,"residents_by_state":{"US-OK":500},"submitted":{"us_ok_24_163_individuals":"2026-03-20T18:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-05-20T04:59:59Z", clock: "submitted.us_ok_24_163_individuals"},
		{name: "499 do not",
			facts: ok + `,"residents_by_state":{"US-OK":499,"US-AR":5000}`, status: incident.ObligationNotApplicable, reason: "fewer than 500"},
		{name: "before the residents' notice no deadline is shown",
			facts: ok + `,"residents_by_state":{"US-OK":900}`, status: incident.ObligationDue, reason: "submitted.us_ok_24_163_individuals"},
		{name: "encrypted with a safe key",
			facts: ok + `,"residents_by_state":{"US-OK":900},"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "before S.B. 626",
			facts: `"aware_at":"2025-12-31T12:00:00Z",` + ok + `,"residents_by_state":{"US-OK":900}`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ok_24_163_owner", []regimeCase{
		{name: "as soon as practicable: due with no due_at",
			facts: `"role":"processor","jurisdictions":["US-OK"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ok, status: incident.ObligationNotApplicable},
	})
}

// The risk-of-harm exception (24 O.S. 162): the determination that harm is not
// likely exempts the notices it covers.
func TestOklahomaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-OK"]`
	runHarmNotLikely(t, "us_ok_24_163_individuals", facts, "24 O.S. 162")
	runHarmNotLikely(t, "us_ok_24_163_ag", facts, "24 O.S. 162")
	runHarmStillDue(t, "us_ok_24_163_owner", `"role":"processor","jurisdictions":["US-OK"]`)
}
