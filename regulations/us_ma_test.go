package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestMassachusetts(t *testing.T) {
	const ma = `"role":"controller","jurisdictions":["US-MA"]`
	runRegime(t, "us_ma_93h_3_individuals", []regimeCase{
		{name: "as soon as practicable: due from discovery, no due_at",
			facts: ma, status: incident.ObligationDue, clock: "discovered_at"},
		{name: "encrypted with a safe key is no breach of security",
			facts: ma + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data with its key is a breach",
			facts: ma + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "a maintainer notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-MA"]`, status: incident.ObligationNotApplicable, reason: "owner or licensor"},
		{name: "no Massachusetts residents",
			facts: `"role":"controller","jurisdictions":["US-NH"]`, status: incident.ObligationNotApplicable},
		{name: "a law-enforcement delay holds it",
			facts: ma + `,"holds":[{"regime":"us_ma_93h_3_individuals","until":"2026-04-01T00:00:00Z","reason":"police request"}]`, status: incident.ObligationHeld},
		{name: "before chapter 93H",
			facts: `"aware_at":"2007-10-01T00:00:00Z",` + ma, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ma_93h_3_regulators", []regimeCase{
		{name: "one resident is enough: no threshold",
			facts: ma + `,"residents_by_state":{"US-MA":1}`, status: incident.ObligationDue},
		{name: "encrypted with a safe key",
			facts: ma + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted, but whether the key was taken is unknown: no exemption",
			facts: ma + `,"encrypted":true`, status: incident.ObligationDue},
		{name: "no Massachusetts residents among many elsewhere",
			facts: `"role":"controller","residents_by_state":{"US-NY":5000}`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "us_ma_93h_3_owner", []regimeCase{
		{name: "a maintainer tells the owner as soon as practicable",
			facts: `"role":"processor","jurisdictions":["US-MA"]`, status: incident.ObligationDue},
		{name: "the owner does not",
			facts: ma, status: incident.ObligationNotApplicable},
	})
}
