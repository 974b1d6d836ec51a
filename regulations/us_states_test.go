package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"

	"github.com/stretchr/testify/require"
)

// aware_at 2026-03-10T14:20:00Z falls on 10 March in every US zone (US DST
// began 8 March 2026): 07:20 PDT, 08:20 MDT, 09:20 CDT, 10:20 EDT. A period
// of n days ends 23:59:59 local on 10 March + n: 30 days is 9 April, 60 days
// is 9 May. In UTC, 23:59:59 is 06:59:59Z next day in PDT, 05:59:59Z in MDT,
// 04:59:59Z in CDT and 03:59:59Z in EDT.

func TestCaliforniaResidents(t *testing.T) {
	const ca = `"role":"controller","jurisdictions":["US-CA"]`
	runRegime(t, "us_ca_1798_82_individuals", []regimeCase{
		{name: "30 calendar days after discovery, ending in Pacific time",
			facts: ca, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z", clock: "discovered_at"},
		{name: "a State named only in residents_by_state is a jurisdiction",
			facts: `"role":"controller","residents_by_state":{"US-CA":10}`, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z"},
		// 23:59:59 EDT on 9 April.
		{name: "the entity's own zone when given",
			facts: ca + `,"timezones":{"US-CA":"America/New_York"}`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "a HIPAA covered entity still sees it (1798.82(e) unverified)",
			facts: `"role":"covered_entity","jurisdictions":["US-CA"]`, status: incident.ObligationDue, dueAt: "2026-04-10T06:59:59Z"},
		{name: "a law-enforcement delay holds it",
			facts: ca + `,"holds":[{"regime":"us_ca_1798_82_individuals","until":"2026-04-01T00:00:00Z","reason":"police request"}]`, status: incident.ObligationHeld},
		{name: "no California residents",
			facts: `"role":"controller","jurisdictions":["US-NV"]`, status: incident.ObligationNotApplicable},
		{name: "before SB 446",
			facts: `"aware_at":"2025-12-01T00:00:00Z",` + ca, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ca_1798_82_ag", []regimeCase{
		// Consumers notified 11:00 PDT on 20 March: + 15 days = 4 April, 23:59:59 PDT.
		{name: "15 days after notifying consumers",
			facts:  ca + `,"residents_by_state":{"US-CA":501},"submitted":{"us_ca_1798_82_individuals":"2026-03-20T18:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-04-05T06:59:59Z", clock: "submitted.us_ca_1798_82_individuals"},
		{name: "500 California residents exactly do not trigger it",
			facts: ca + `,"residents_by_state":{"US-CA":500}`, status: incident.ObligationNotApplicable, reason: "500 exactly"},
		{name: "before the consumer notice no deadline is shown",
			facts: ca + `,"residents_by_state":{"US-CA":900}`, status: incident.ObligationDue, reason: "submitted.us_ca_1798_82_individuals"},
		{name: "an unknown count of Californians is assumed to reach it",
			facts: ca, status: incident.ObligationDue, reason: "residents.US-CA not yet known"},
	})
}

func TestTexas(t *testing.T) {
	const tx = `"role":"controller","jurisdictions":["US-TX"]`
	runRegime(t, "us_tx_521_053_individuals", []regimeCase{
		{name: "the 60th day after determination, ending in Central time",
			facts: tx, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z", clock: "breach_determined_at"},
		// Determined 15:00 CDT on 12 March: + 60 days = 11 May.
		{name: "the clock runs from the determination",
			facts: tx + `,"breach_determined_at":"2026-03-12T20:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-05-12T04:59:59Z"},
		{name: "encrypted with a safe key is no breach",
			facts: tx + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key leaked",
			facts: tx + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-05-10T04:59:59Z"},
		{name: "a third party that maintains the data notifies the owner instead",
			facts: `"role":"processor","jurisdictions":["US-TX"]`, status: incident.ObligationNotApplicable, reason: "immediately"},
	})
	runRegime(t, "us_tx_521_053_ag", []regimeCase{
		{name: "at least 250 Texans: 30 days after determination",
			facts: tx + `,"residents_by_state":{"US-TX":250}`, status: incident.ObligationDue, dueAt: "2026-04-10T04:59:59Z"},
		{name: "249 Texans do not",
			facts: tx + `,"residents_by_state":{"US-TX":249,"US-CA":5000}`, status: incident.ObligationNotApplicable, reason: "at least 250"},
	})
}

func TestNewYork(t *testing.T) {
	const ny = `"role":"controller","jurisdictions":["US-NY"]`
	runRegime(t, "us_ny_899aa_individuals", []regimeCase{
		{name: "30 days after discovery, ending in Eastern time",
			facts: ny, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "a submission fulfils it",
			facts: ny + `,"submitted":{"us_ny_899aa_individuals":"2026-03-20T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the 30-day rule",
			facts: `"aware_at":"2024-12-01T00:00:00Z",` + ny, status: incident.ObligationNotInForce},
	})
	runRegime(t, "us_ny_899aa_regulators", []regimeCase{
		{name: "the regulators when residents are notified: no due_at",
			facts: ny, status: incident.ObligationDue},
	})
	runRegime(t, "us_ny_dfs_500_17", []regimeCase{
		// 2026-03-10T14:20Z + 72 h.
		{name: "a DFS-covered entity has 72 hours",
			facts: `"nydfs_covered_entity":true,"personal_data_affected":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "not DFS-covered",
			facts: ny, status: incident.ObligationNotApplicable},
	})
}

func TestColoradoAndFlorida(t *testing.T) {
	const co = `"role":"controller","jurisdictions":["US-CO"]`
	runRegime(t, "us_co_6_1_716_individuals", []regimeCase{
		{name: "30 days after determination, ending in Mountain time",
			facts: co, status: incident.ObligationDue, dueAt: "2026-04-10T05:59:59Z"},
	})
	runRegime(t, "us_co_6_1_716_ag", []regimeCase{
		{name: "500 Coloradans exactly",
			facts: co + `,"residents_by_state":{"US-CO":500}`, status: incident.ObligationDue, dueAt: "2026-04-10T05:59:59Z"},
		{name: "499 do not",
			facts: co + `,"residents_by_state":{"US-CO":499}`, status: incident.ObligationNotApplicable},
	})
	const fl = `"role":"controller","jurisdictions":["US-FL"]`
	runRegime(t, "us_fl_501_171_individuals", []regimeCase{
		{name: "30 days after determination, ending in Eastern time",
			facts: fl, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "a third-party agent tells the covered entity instead",
			facts: `"role":"processor","jurisdictions":["US-FL"]`, status: incident.ObligationNotApplicable, reason: "10 days"},
	})
	runRegime(t, "us_fl_501_171_dla", []regimeCase{
		{name: "500 Floridians exactly (the earlier reading of a conflict)",
			facts: fl + `,"residents_by_state":{"US-FL":500}`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "499 do not",
			facts: fl + `,"residents_by_state":{"US-FL":499}`, status: incident.ObligationNotApplicable},
	})
}

// runHarmNotLikely checks a State's risk-of-harm exception on one regime:
// with harm_not_likely_determined true the regime is exempt (its reason
// containing cite), with false or unrecorded it is due. facts make the
// regime due otherwise.
func runHarmNotLikely(t *testing.T, regime, facts, cite string) {
	t.Helper()
	t.Run(regime+"/harm not likely", func(t *testing.T) {
		o := evalOne(t, "{"+aware+","+facts+`,"harm_not_likely_determined":true}`, regime, now)
		require.Equal(t, incident.ObligationExempt, o.Status, "reason: %s", o.Reason)
		require.Contains(t, o.Reason, cite)
		o = evalOne(t, "{"+aware+","+facts+`,"harm_not_likely_determined":false}`, regime, now)
		require.Equal(t, incident.ObligationDue, o.Status, "reason: %s", o.Reason)
		o = evalOne(t, "{"+aware+","+facts+"}", regime, now)
		require.Equal(t, incident.ObligationDue, o.Status, "reason: %s", o.Reason)
	})
}

// runHarmStillDue checks that a regime the risk-of-harm exception does not
// cover stays due when the determination is recorded.
func runHarmStillDue(t *testing.T, regime, facts string) {
	t.Helper()
	t.Run(regime+"/harm not likely does not exempt it", func(t *testing.T) {
		o := evalOne(t, "{"+aware+","+facts+`,"harm_not_likely_determined":true}`, regime, now)
		require.Equal(t, incident.ObligationDue, o.Status, "reason: %s", o.Reason)
	})
}

// The risk-of-harm exception (6-1-716(2)(a)): the determination that harm is not
// likely exempts the notices it covers.
func TestColoradoHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-CO"]`
	runHarmNotLikely(t, "us_co_6_1_716_individuals", facts, "6-1-716(2)(a)")
	runHarmNotLikely(t, "us_co_6_1_716_ag", facts, "6-1-716(2)(a)")
}

// The risk-of-harm exception (501.171(4)(c)): the determination that harm is not
// likely exempts the notices it covers.
func TestFloridaHarmNotLikely(t *testing.T) {
	const facts = `"role":"controller","jurisdictions":["US-FL"]`
	runHarmNotLikely(t, "us_fl_501_171_individuals", facts, "501.171(4)(c)")
	runHarmStillDue(t, "us_fl_501_171_dla", `"role":"controller","jurisdictions":["US-FL"]`)
}
