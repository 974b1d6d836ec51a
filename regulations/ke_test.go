package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Kenya: aware_at 2026-03-10T14:20:00Z; + 72 elapsed hours is
// 2026-03-13T14:20:00Z and + 48 hours is 2026-03-12T14:20:00Z (hours never
// depend on the zone; Africa/Nairobi has no DST).

const ke = `"role":"controller","jurisdictions":["KE"]`

func TestKenyaCommissioner(t *testing.T) {
	runRegime(t, "ke_dpa_43_commissioner", []regimeCase{
		{name: "72 hours after becoming aware",
			facts: ke + `,"risk_to_rights":true`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "an unassessed risk is assumed real",
			facts: ke, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", reason: "risk_to_rights"},
		{name: "no real risk of harm",
			facts: ke + `,"risk_to_rights":false`, status: incident.ObligationNotApplicable, reason: "real risk of harm"},
		{name: "no count threshold",
			facts: ke + `,"data_subjects":1`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "encryption does not exempt the Commissioner notice",
			facts: ke + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor notifies the controller instead",
			facts: `"role":"processor","jurisdictions":["KE"]`, status: incident.ObligationNotApplicable, reason: "ke_dpa_43_processor"},
		{name: "no Kenyan link",
			facts: `"role":"controller","jurisdictions":["ZA"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: ke + `,"submitted":{"ke_dpa_43_commissioner":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the Act commenced",
			facts: `"aware_at":"2019-11-24T10:00:00Z",` + ke, status: incident.ObligationNotInForce},
	})
}

func TestKenyaDataSubjects(t *testing.T) {
	runRegime(t, "ke_dpa_43_individuals", []regimeCase{
		{name: "a reasonably practical period: due from awareness, no due_at",
			facts: ke, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no real risk of harm",
			facts: ke + `,"risk_to_rights":false`, status: incident.ObligationNotApplicable},
		{name: "encrypted with a safe key",
			facts: ke + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt, reason: "s.43(6)"},
		{name: "no safe harbour if the key was compromised",
			facts: ke + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "an offence investigation holds it",
			facts: ke + `,"holds":[{"regime":"ke_dpa_43_individuals","until":"2026-04-01T00:00:00Z","reason":"DCI investigation"}]`, status: incident.ObligationHeld},
		{name: "no Kenyan link",
			facts: `"role":"controller","jurisdictions":["NG"]`, status: incident.ObligationNotApplicable},
		{name: "before the Act commenced",
			facts: `"aware_at":"2019-11-24T10:00:00Z",` + ke, status: incident.ObligationNotInForce},
	})
}

func TestKenyaProcessor(t *testing.T) {
	runRegime(t, "ke_dpa_43_processor", []regimeCase{
		{name: "48 hours after the processor becomes aware",
			facts: `"role":"processor","jurisdictions":["KE"]`, status: incident.ObligationDue, dueAt: "2026-03-12T14:20:00Z", clock: "aware_at"},
		{name: "no risk threshold",
			facts: `"role":"processor","jurisdictions":["KE"],"risk_to_rights":false`, status: incident.ObligationDue, dueAt: "2026-03-12T14:20:00Z"},
		{name: "the controller does not owe it",
			facts: ke, status: incident.ObligationNotApplicable},
		{name: "before the Act commenced",
			facts: `"aware_at":"2019-11-24T10:00:00Z","role":"processor","jurisdictions":["KE"]`, status: incident.ObligationNotInForce},
	})
}
