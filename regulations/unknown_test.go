package regulations

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations/deadline"
)

// A jurisdiction the catalog has no rules for is never an absence: it gets
// an entry of status unknown that names it.
func TestAJurisdictionWithoutRulesIsUnknownNeverAbsent(t *testing.T) {
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"controller",
		"jurisdictions":["EU-IE","AQ","FR"],"data_subjects_by_jurisdiction":{"AQ":3,"BV":1}}`))
	require.NoError(t, err)
	c := embeddedCatalog()
	require.NoError(t, c.CheckFacts(f))
	var unknown []incident.Obligation
	for _, o := range Evaluate(f, c, now).Obligations {
		if o.Status == incident.ObligationUnknown {
			unknown = append(unknown, o)
		}
	}
	require.Len(t, unknown, 2, "AQ and BV once each; EU-IE and FR (a member state) are covered by the GDPR")
	require.Equal(t, "unknown/AQ", unknown[0].Regime)
	require.Equal(t, "AQ", unknown[0].Jurisdiction)
	require.Nil(t, unknown[0].DueAt)
	require.Contains(t, unknown[0].Reason, "has no rules for AQ")
	require.Equal(t, "unknown/BV", unknown[1].Regime)

	require.True(t, c.Covers("EU-FR"), "the EU's coverage")
	require.True(t, c.Covers("CA-ON"), "PIPEDA in every province")
	require.True(t, c.Covers("US"), "federal regimes")
	require.False(t, c.Covers("US-AS"), "federal regimes are not a State's law")
}

func TestARuleReadInSecondarySourcesOnlyIsMarkedInItsBasis(t *testing.T) {
	doc := `version: x
regimes:
  - {id: th_test, name: n, jurisdiction: TH, obliged: o, trigger: t, recipient: r, recipient_kind: regulator,
     basis: "PDPA s.37(4)", source_kind: secondary, sources: ["a law firm's summary"], effective: {from: 2022-06-01},
     clock: {start: [aware_at], period: 72, unit: hours}, due: d, content: [c]}
`
	c, err := LoadCatalog([]byte(doc), deadline.Default())
	require.NoError(t, err)
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["TH"]}`))
	require.NoError(t, err)
	o := Evaluate(f, c, now).Obligations[0]
	require.Equal(t, "PDPA s.37(4) [unverified: read in secondary sources only]", o.Basis)
	require.Equal(t, "regulator", o.RecipientKind)
	require.Equal(t, "TH", o.Jurisdiction)

	_, err = LoadCatalog([]byte(`version: x
regimes:
  - {id: t, name: n, jurisdiction: XX, obliged: o, trigger: t, recipient: r, recipient_kind: press,
     basis: b, source_kind: rumour, effective: {from: 2022-06-01}, clock: {start: [aware_at], unit: none}, due: d}
`), deadline.Default())
	require.ErrorContains(t, err, `recipient_kind "press" is not one of regulator, individuals`)
	require.ErrorContains(t, err, `source_kind "rumour" is not primary or secondary`)
	require.ErrorContains(t, err, `jurisdiction "XX" is not a jurisdiction code`)
}

func TestAFreeZoneIsNotReachedByItsCountrysLaw(t *testing.T) {
	facts := `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["AE-DIFC"]}`
	if o := evalOne(t, facts, "ae_pdpl_9_data_office", now); o.Status != incident.ObligationNotApplicable {
		t.Errorf("the federal PDPL in the DIFC: %s (%s)", o.Status, o.Reason)
	}
	if o := evalOne(t, facts, "ae_difc_dpl_41_commissioner", now); o.Status != incident.ObligationDue {
		t.Errorf("the DIFC law in the DIFC: %s (%s)", o.Status, o.Reason)
	}
}

// Personal data affected and no jurisdiction recorded: the regimes that
// might apply are possible, not due, and one needs_facts entry carries the
// earliest deadline any of them could have; a duty known to apply whatever
// the jurisdiction stays due.
func TestWithoutAJurisdictionOneEntryNeedsTheFactsInsteadOfEveryRegimeDue(t *testing.T) {
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"processor","contract_notification_sla_hours":48}`))
	require.NoError(t, err)
	res := Evaluate(f, embeddedCatalog(), now)
	var needs []incident.Obligation
	statuses := map[incident.ObligationStatus]int{}
	for _, o := range res.Obligations {
		statuses[o.Status]++
		if o.Status == incident.ObligationNeedsFacts {
			needs = append(needs, o)
		}
		if o.Status == incident.ObligationPossible {
			require.NotEqual(t, "contract", o.Jurisdiction)
		}
	}
	require.Len(t, needs, 1)
	n := needs[0]
	require.Equal(t, incident.NeedsFactsRegime, n.Regime)
	require.Contains(t, n.Reason, "record jurisdictions")
	require.NotNil(t, n.DueAt)
	for _, o := range res.Obligations {
		if o.Status == incident.ObligationPossible && o.DueAt != nil {
			require.False(t, o.DueAt.Before(*n.DueAt), "%s could be due before the needs_facts deadline", o.Regime)
		}
	}
	require.Greater(t, statuses[incident.ObligationPossible], 50)
	require.Equal(t, incident.ObligationDue, evalOne(t, `{"aware_at":"2026-03-10T14:20:00Z","role":"processor","contract_notification_sla_hours":48}`, "contract_dpa_sla", now).Status,
		"the contract's notice applies whatever the jurisdiction")

	var timers []incident.Timer
	for _, tm := range incident.Timers(&incident.Obligations{Incident: "INC-2026-0001", Obligations: res.Obligations}, []time.Duration{time.Hour}, nil) {
		timers = append(timers, tm)
	}
	for _, tm := range timers {
		require.Contains(t, []string{incident.NeedsFactsRegime, "contract_dpa_sla"}, tm.Regime, "no reminder of a possible regime")
	}
	require.NotEmpty(t, timers)

	// Once a jurisdiction is recorded, there is nothing possible any more.
	f.Jurisdictions = []string{"EU-IE"}
	for _, o := range Evaluate(f, embeddedCatalog(), now).Obligations {
		require.NotEqual(t, incident.ObligationPossible, o.Status, o.Regime)
		require.NotEqual(t, incident.ObligationNeedsFacts, o.Status)
	}
}

func TestAJurisdictionWhoseLawImposesNoDutySaysSoInsteadOfUnknown(t *testing.T) {
	o := evalOne(t, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["AR"]}`, "none/AR", now)
	require.Equal(t, incident.ObligationNotApplicable, o.Status)
	require.Contains(t, o.Reason, "no mandatory breach-notification duty")
	require.Contains(t, o.Basis, "[unverified")
	require.True(t, embeddedCatalog().Covers("AR"))
}
