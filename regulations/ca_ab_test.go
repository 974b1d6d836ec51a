package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Alberta: "without unreasonable delay" has no number, so no due_at.

const ab = `"role":"controller","jurisdictions":["CA-AB"]`

func TestAlbertaCommissioner(t *testing.T) {
	runRegime(t, "ca_ab_pipa_34_1_commissioner", []regimeCase{
		{name: "without unreasonable delay, no due_at",
			facts: ab, status: incident.ObligationDue, clock: "aware_at"},
		{name: "a real risk of significant harm",
			facts: ab + `,"real_risk_of_significant_harm":true`, status: incident.ObligationDue},
		{name: "no real risk of significant harm",
			facts: ab + `,"real_risk_of_significant_harm":false`, status: incident.ObligationNotApplicable, reason: "reasonable person"},
		{name: "encryption alone is no exemption",
			facts: ab + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a service provider does not owe it",
			facts: `"role":"processor","jurisdictions":["CA-AB"]`, status: incident.ObligationNotApplicable},
		{name: "other provinces are not Alberta",
			facts: `"role":"controller","jurisdictions":["CA-QC"]`, status: incident.ObligationNotApplicable},
		{name: "before the 2010 amendments",
			facts: `"aware_at":"2010-04-30T10:00:00Z",` + ab, status: incident.ObligationNotInForce},
	})
}

func TestAlbertaIndividuals(t *testing.T) {
	runRegime(t, "ca_ab_pipa_37_1_individuals", []regimeCase{
		{name: "pending the Commissioner's direction",
			facts: ab, status: incident.ObligationDue, reason: "submitted.ca_ab_pipa_34_1_commissioner"},
		{name: "after the report, as the Commissioner requires",
			facts: ab + `,"submitted":{"ca_ab_pipa_34_1_commissioner":"2026-03-11T00:00:00Z"}`, status: incident.ObligationDue, clock: "submitted.ca_ab_pipa_34_1_commissioner"},
		{name: "no real risk of significant harm",
			facts: ab + `,"real_risk_of_significant_harm":false`, status: incident.ObligationNotApplicable},
	})
}
