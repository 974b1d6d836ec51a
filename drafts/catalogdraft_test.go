package drafts

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// A regime without a draft of its own is drafted from its catalog entry:
// each content entry is a section, filled where the input holds the answer
// and marked missing where it does not.
func TestARegimeWithoutItsOwnDraftIsDraftedFromItsContentList(t *testing.T) {
	r := Regime{ID: "us_xx_ag", Name: "Notice to the Attorney General", Jurisdiction: "US-WA", Recipient: "Washington Attorney General",
		RecipientKind: "regulator", Basis: "RCW 19.255.010(7)", Zone: "America/Los_Angeles",
		Content: []string{"the number of Washington residents affected", "a list of the types of personal information involved",
			"a time frame of exposure", "a summary of steps taken to contain the breach", "a sample copy of the notice to residents"}}
	residents := 901
	in := Input{
		Org: completeOrg("us"), Narrative: completeNarrative(), Regime: &r, Now: awareAt.Add(time.Hour),
		Facts:      &incident.Facts{AwareAt: awareAt, ResidentsByState: map[string]int{"US-WA": residents}, DataCategories: []string{"contact"}},
		Obligation: incident.Obligation{Regime: r.ID, Status: incident.ObligationDue},
	}
	md, err := Render(r.ID, Markdown, in)
	require.NoError(t, err)
	out := string(md)
	require.Contains(t, out, "# Notice to the Attorney General")
	require.Contains(t, out, "## The number of Washington residents affected")
	require.Contains(t, out, "901")
	require.Contains(t, out, "We revoked the key", "the steps taken come from the narrative")
	require.Contains(t, out, "MISSING: a time frame of exposure (RCW 19.255.010(7)) (narrative key us\\_xx\\_ag.3)", "what the input cannot answer is marked, never invented, with the key that answers it")

	// An element no other input answers is answered by its narrative key.
	require.NoError(t, in.FromNarrative(map[string]string{ElementKey(r.ID, 3): "from 2 to 9 March 2026"}))
	md, err = Render(r.ID, Markdown, in)
	require.NoError(t, err)
	require.Contains(t, string(md), "from 2 to 9 March 2026")
	require.NotContains(t, string(md), "a time frame of exposure (narrative key")
	require.Contains(t, out, "Drafted from the catalog's content list for RCW 19.255.010(7)")

	r.RecipientKind = "individuals"
	r.ID = "us_xx_individuals"
	in.Obligation.Regime = r.ID
	md, err = Render(r.ID, HTML, in)
	require.NoError(t, err)
	require.Contains(t, string(md), "Notice of Data Breach")

	r.RecipientKind, r.ID = "internal", "us_xx_register"
	in.Obligation.Regime = r.ID
	_, err = Render(r.ID, Markdown, in)
	require.ErrorIs(t, err, ErrNoTemplate, "an internal record is no notice to draft")
	require.False(t, HasDraft(r))
	require.True(t, strings.HasPrefix(heading("Art. 33(3)(a): nature of the breach"), "Nature of the breach"))
}

// Letters name the data in words, never as the facts' tokens.
func TestDataCategoriesAreNamedInPlainWords(t *testing.T) {
	c := &rendering{f: &incident.Facts{DataCategories: []string{"name", "national_id", "loyalty_points", "name"}}}
	require.Equal(t, "names, national identity numbers and loyalty points", c.categories())
	c.f.DataCategories = nil
	require.Empty(t, c.categories(), "nothing recorded stays missing, for need to mark")
}

// A letter drawn from the catalog names the consumer's right to a police
// report as a gap to write, never as the narrative's law-enforcement
// status, and an offer of mitigation services from the services offered,
// never from what was done about the breach.
func TestCatalogLetterRightsAndServicesAreNotOtherFacts(t *testing.T) {
	r := Regime{ID: "us_xx_individuals", Name: "Notice to residents", Jurisdiction: "US-CT", RecipientKind: "individuals", Basis: "Conn. Gen. Stat. 36a-701b(b)",
		Content: []string{"the right of the consumer to obtain a police report",
			"where Social Security numbers were compromised, an offer of identity theft prevention and mitigation services for at least 24 months at no cost"}}
	in := Input{
		Org: completeOrg("us"), Narrative: completeNarrative(), Regime: &r, Now: awareAt.Add(time.Hour),
		Facts:      &incident.Facts{AwareAt: awareAt},
		Obligation: incident.Obligation{Regime: r.ID, Status: incident.ObligationDue},
	}
	md, err := Render(r.ID, Markdown, in)
	require.NoError(t, err)
	out := string(md)
	require.Contains(t, out, "MISSING: the right of the consumer to obtain a police report")
	require.NotContains(t, out, "national police cybercrime unit", "the law-enforcement status is not the consumer's right")
	require.Contains(t, out, "12 months of free identity monitoring")
	require.NotContains(t, out, "We revoked the key", "what was done about the breach is not an offer of services")
}

// The Washington notice to residents is written in plain language (RCW
// 19.255.010(8)), a requirement of its form: no section of the letter asks
// the reviewer to "answer" it, while every element of its content is one.
func TestWashingtonNoticeHasNoFormSection(t *testing.T) {
	const regime = "us_wa_19_255_individuals_2020"
	dr := draftRegime(catalog().Regime(regime))
	in := inputFor(t, regime, "complete")
	in.Regime = &dr
	out := render(t, regime, Markdown, in)
	require.NotContains(t, out, "## Written in plain language")
	for _, want := range []string{"## The name and contact information of the reporting person or business", "## A list of the types of personal information",
		"## The time frame of exposure", "## The toll-free telephone numbers and addresses of the major consumer reporting"} {
		require.Contains(t, out, want)
	}
}
