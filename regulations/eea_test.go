package regulations

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// The GDPR is the law of Iceland, Liechtenstein and Norway through the EEA
// Agreement (EEA Joint Committee Decision 154/2018, in force 20 July 2018):
// the gdpr_* regimes apply to their data subjects, with the same 72 hours.

func TestGDPRInTheEEAStates(t *testing.T) {
	for _, code := range []string{"IS", "LI", "NO"} {
		eea := `"role":"controller","jurisdictions":["` + code + `"]`
		t.Run(code, func(t *testing.T) {
			runRegime(t, "gdpr_art33_sa", []regimeCase{
				{name: "72 hours after awareness",
					facts: eea, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
				{name: "named only in data_subjects_by_jurisdiction",
					facts: `"role":"controller","data_subjects_by_jurisdiction":{"` + code + `":12}`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
				{name: "unlikely to result in a risk",
					facts: eea + `,"risk_to_rights":false`, status: incident.ObligationExempt},
			})
			runRegime(t, "gdpr_art34_individuals", []regimeCase{
				{name: "high risk: without undue delay",
					facts: eea + `,"high_risk":true`, status: incident.ObligationDue},
				{name: "encrypted with a safe key",
					facts: eea + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
				{name: "no safe harbour if the key leaked",
					facts: eea + `,"high_risk":true,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
			})
			runRegime(t, "gdpr_art33_2_processor", []regimeCase{
				{name: "a processor informs the controller",
					facts: `"role":"processor","jurisdictions":["` + code + `"]`, status: incident.ObligationDue},
			})
			runRegime(t, "gdpr_art33_5_register", []regimeCase{
				{name: "every breach is documented",
					facts: eea, status: incident.ObligationDue},
			})
		})
	}
	runRegime(t, "gdpr_art33_sa", []regimeCase{
		{name: "Switzerland is not in the EEA",
			facts: `"role":"controller","jurisdictions":["CH"]`, status: incident.ObligationNotApplicable, reason: "EEA"},
		{name: "nor is the UK",
			facts: `"role":"controller","jurisdictions":["UK"]`, status: incident.ObligationNotApplicable},
	})
}

func TestTheEEAStatesAreCoveredNotUnknown(t *testing.T) {
	c := embeddedCatalog()
	for _, code := range []string{"IS", "LI", "NO"} {
		require.True(t, c.Covers(code), "%s is covered by the GDPR through the EEA Agreement", code)
	}
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["NO","IS","LI"]}`))
	require.NoError(t, err)
	require.NoError(t, c.CheckFacts(f))
	for _, o := range Evaluate(f, c, now).Obligations {
		require.NotEqual(t, incident.ObligationUnknown, o.Status, "%s", o.Regime)
	}
}
