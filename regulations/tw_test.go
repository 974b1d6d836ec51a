package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Taiwan: the notice is due "after the relevant facts have been clarified"
// and promptly, with no number, so no due_at is shown.

const tw = `"role":"controller","jurisdictions":["TW"]`

func TestTaiwanDataSubjects(t *testing.T) {
	runRegime(t, "tw_pdpa_12_individuals", []regimeCase{
		{name: "promptly: due from awareness, no due_at",
			facts: tw, status: incident.ObligationDue, clock: "aware_at"},
		{name: "one data subject is enough",
			facts: tw + `,"data_subjects":1`, status: incident.ObligationDue},
		{name: "encryption is no exemption",
			facts: tw + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue},
		{name: "a commissioned party does not notify",
			facts: `"role":"processor","jurisdictions":["TW"]`, status: incident.ObligationNotApplicable, reason: "Art. 4"},
		{name: "no data subjects in Taiwan",
			facts: `"role":"controller","jurisdictions":["HK"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: tw + `,"submitted":{"tw_pdpa_12_individuals":"2026-03-12T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 2010 Act took effect",
			facts: `"aware_at":"2012-09-30T00:00:00Z",` + tw, status: incident.ObligationNotInForce},
	})
}
