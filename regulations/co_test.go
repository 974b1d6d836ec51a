package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// Colombia: aware_at 2026-03-10T14:20:00Z is 09:20 in Bogotá (UTC-5, no
// DST). The SIC's 15 business days are computed as 15 calendar days (no CO
// holiday calendar): 25 March, 23:59:59 -05:00 = 2026-03-26T04:59:59Z.

const co = `"role":"controller","jurisdictions":["CO"]`

func TestColombiaSIC(t *testing.T) {
	runRegime(t, "co_1581_17n_sic", []regimeCase{
		{name: "15 days after detection, ending in Bogotá",
			facts: co, status: incident.ObligationDue, dueAt: "2026-03-26T04:59:59Z", clock: "discovered_at"},
		// Detected 20:00 Bogotá on 12 March (01:00Z on 13 March): + 15 = 27 March.
		{name: "the clock runs from detection",
			facts: co + `,"discovered_at":"2026-03-13T01:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-28T04:59:59Z"},
		{name: "any count of data subjects",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"CO":1}`, status: incident.ObligationDue, dueAt: "2026-03-26T04:59:59Z"},
		{name: "encryption alone is no exemption",
			facts: co + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-26T04:59:59Z"},
		{name: "a processor reports under Art. 18(k) instead",
			facts: `"role":"processor","jurisdictions":["CO"]`, status: incident.ObligationNotApplicable, reason: "co_1581_18k_sic"},
		{name: "no data subjects in Colombia",
			facts: `"role":"controller","jurisdictions":["MX"]`, status: incident.ObligationNotApplicable},
		{name: "before Ley 1581",
			facts: `"aware_at":"2012-10-01T10:00:00Z",` + co, status: incident.ObligationNotInForce},
	})
}

func TestColombiaProcessor(t *testing.T) {
	runRegime(t, "co_1581_18k_sic", []regimeCase{
		{name: "an Encargado: no number",
			facts: `"role":"processor","jurisdictions":["CO"]`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "the Responsable does not owe it",
			facts: co, status: incident.ObligationNotApplicable},
	})
}
