package drafts

import (
	"strings"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
)

// The California notice carries the title and the five headings of
// 1798.82(d)(1) verbatim, the date of the notice, the law-enforcement delay
// a hold records, the credit reporting agencies when a Social Security
// number is exposed, and the services offer marked missing when the law
// may require it and none is recorded.
func TestCaliforniaNotice(t *testing.T) {
	const regime = "us_ca_1798_82_individuals"
	in := inputFor(t, regime, "complete")
	in.Facts.DataCategories = []string{"name", "ssn"}
	in.Facts.Holds = []incident.Hold{{Regime: regime, Reason: "FBI request"}}
	in.Narrative.ServicesOffered = ""
	got := render(t, regime, Markdown, in)
	for _, want := range []string{
		"# Notice of Data Breach",
		"## What Happened (", "## What Information Was Involved (", "## What We Are Doing (",
		"## What You Can Do (", "## For More Information (",
		"## Date of This Notice", "\n\n" + in.Now.In(mustZone(t, "America/Los_Angeles")).Format("2 January 2006") + "\n",
		"This notice was delayed as a result of a law enforcement investigation.",
		"Equifax: 1-800-525-6285", "Experian: 1-888-397-3742", "TransUnion: 1-800-680-7289",
		"⚠ MISSING: the offer of identity theft prevention and mitigation services at no cost for not less than 12 months",
	} {
		if !strings.Contains(got, escapeMarkdown(want)) && !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}

	// Names and e-mail addresses alone: neither the agencies nor the offer.
	in = inputFor(t, regime, "complete")
	in.Narrative.ServicesOffered = ""
	got = render(t, regime, Markdown, in)
	for _, bad := range []string{"Equifax", "MISSING", "This notice was delayed"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q in a notice that needs none:\n%s", bad, got)
		}
	}
	if html := render(t, regime, HTML, in); !strings.Contains(html, "body{font-size:12pt}") {
		t.Errorf("the HTML is not set in at least 10-point type:\n%s", html)
	}

	// The organisation file's current agency lines replace the built-in ones.
	in = inputFor(t, regime, "complete")
	in.Facts.DataCategories = []string{"ssn"}
	in.Org.CreditAgencies = []string{"Equifax: 1-888-378-4329, P.O. Box 105788, Atlanta, GA 30348-5788"}
	got = render(t, regime, Markdown, in)
	if !strings.Contains(got, "1-888-378-4329") || strings.Contains(got, "1-800-525-6285") {
		t.Errorf("the organisation's agency lines are not the ones listed:\n%s", got)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// The ANPD communication carries Art. 6 §2 IX to XII and the measures
// before and after the incident, and never claims the proof of the
// encarregado's appointment is attached; a public notice to the data
// subjects stays published for three months.
func TestBrazilCommunications(t *testing.T) {
	in := inputFor(t, "lgpd_anpd_res15_anpd", "complete")
	in.Facts.SmallProcessingAgent = ptr(true)
	got := render(t, "lgpd_anpd_res15_anpd", Markdown, in)
	for _, want := range []string{
		"The controller declares that it is a small processing agent",
		"**Main cause:** A long-lived API key",
		"**Before the incident:** Encryption at rest",
		"**After the incident:** We revoked the key",
		"none: the controller processes the data itself",
		"about 41,000 customers in the billing system",
		"attached: board resolution",
	} {
		if !strings.Contains(got, escapeMarkdown(want)) && !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}

	// Without the narrative, the operator, the processing's total and the
	// proof of appointment are marked missing, never said attached.
	in = inputFor(t, "lgpd_anpd_res15_anpd", "missing-facts")
	got = render(t, "lgpd_anpd_res15_anpd", Markdown, in)
	for _, want := range []string{
		"MISSING: the identification of the operator (processor)",
		"MISSING: the total number of data subjects whose data are processed",
		"MISSING: the document that appoints the encarregado",
	} {
		if !strings.Contains(got, escapeMarkdown(want)) && !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "attached") && !strings.Contains(got, "to attach") {
		t.Errorf("the draft says something is attached:\n%s", got)
	}

	in = inputFor(t, "lgpd_anpd_res15_titulares", "complete")
	in.Narrative.IndividualsNotice = "A public notice on our website and app from 12 March 2026."
	got = render(t, "lgpd_anpd_res15_titulares", Markdown, in)
	if !strings.Contains(got, "This public notice stays published for at least three months") {
		t.Errorf("a public notice does not say it stays three months:\n%s", got)
	}
}

// The offer of identity theft prevention services is owed by the source
// of the breach (1798.82(d)(2)(G)): not knowing whether we were is a gap,
// being the source a gap until the offer is written, not being it no
// offer at all.
func TestCaliforniaServicesFollowTheSourceOfTheBreach(t *testing.T) {
	const regime = "us_ca_1798_82_individuals"
	yes, no := true, false
	for _, tc := range []struct {
		name   string
		source *bool
		want   string
	}{
		{"unknown", nil, "owed where we were the source of the breach: record source\\_of\\_breach"},
		{"the source", &yes, "owed since we were the source of the breach"},
		{"not the source", &no, "Not applicable: we were not the source of the breach."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := inputFor(t, regime, "complete")
			in.Facts.DataCategories = []string{"name", "ssn"}
			in.Facts.SourceOfBreach = tc.source
			in.Narrative.ServicesOffered = ""
			got := render(t, regime, Markdown, in)
			if !strings.Contains(got, tc.want) {
				t.Errorf("no %q in:\n%s", tc.want, got)
			}
			if tc.source != nil && !*tc.source && strings.Contains(got, "identity theft prevention and mitigation services at no cost") {
				t.Errorf("an offer asked of an organisation that was not the source:\n%s", got)
			}
		})
	}
}

// The PIPEDA notice to an individual carries every item of SOR/2018-64
// s.3, each cited by its paragraph; the organisation's internal complaint
// process (s.3(g)) is marked missing until someone describes it, beside
// the right to complain to the Commissioner.
func TestPIPEDALetter(t *testing.T) {
	const regime = "ca_pipeda_10_1_individuals"
	in := inputFor(t, regime, "complete")
	got := render(t, regime, Markdown, in)
	for _, want := range []string{
		"SOR/2018-64 s.3(a)", "SOR/2018-64 s.3(b)", "SOR/2018-64 s.3(c)", "SOR/2018-64 s.3(d)",
		"SOR/2018-64 s.3(e)", "SOR/2018-64 s.3(f)", "SOR/2018-64 s.3(g)",
		"we answer every complaint within 30 days",
		"the right to file a complaint with the Office of the Privacy Commissioner of Canada",
	} {
		if !strings.Contains(got, escapeMarkdown(want)) && !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	in.Narrative.ComplaintProcess = ""
	in.Org.Email = ""
	got = render(t, regime, Markdown, in)
	for _, want := range []string{"⚠ MISSING: how you can complain to us: our internal complaint process", "check that the telephone number is toll-free"} {
		if !strings.Contains(got, escapeMarkdown(want)) && !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
}

// The Massachusetts notice tells residents of their right to a police
// report, how to request a security freeze at no charge and the credit
// monitoring owed where Social Security numbers are involved, and never
// states the nature of the breach or the number of residents affected,
// which s. 3(b) forbids in it.
func TestMassachusettsNotice(t *testing.T) {
	const regime = "us_ma_93h_3_individuals"
	in := inputFor(t, regime, "complete")
	in.Facts.ResidentsByState = map[string]int{"US-MA": 731}
	in.Facts.DataCategories = []string{"name", "ssn"}
	in.Narrative.ServicesOffered, in.Narrative.SecurityFreeze = "", ""
	got := render(t, regime, Markdown, in)
	wantIn(t, got, "## Your right to a police report", "## How to request a security freeze", "## No charge for a security freeze",
		"Equifax: 1-800-525-6285",
		"⚠ MISSING: the credit monitoring services offered at no cost for not less than 18 months",
		"⚠ MISSING: how to request a security freeze and the information needed to request one (security_freeze)")
	letter := got[strings.Index(got, "Dear «name»"):]
	for _, bad := range []string{"731", in.Narrative.Nature, in.Narrative.HowItHappened, in.Narrative.LawEnforcement, in.Narrative.MeasuresTaken} {
		if strings.Contains(letter, bad) || strings.Contains(letter, escapeMarkdown(bad)) {
			t.Errorf("the notice states %q, which s. 3(b) forbids or the law does not ask for:\n%s", bad, letter)
		}
	}
	in.Narrative.SecurityFreeze = "Write to each agency with your name, address, date of birth and Social Security number."
	in.Narrative.ServicesOffered = "18 months of free credit monitoring; enrol at example.com/monitor with code MA-1."
	got = render(t, regime, Markdown, in)
	wantIn(t, got, "Write to each agency with your name", "18 months of free credit monitoring")
	if strings.Contains(got, "MISSING") {
		t.Errorf("a complete notice still has a gap:\n%s", got)
	}
}

// The New York notice gives the telephone numbers and websites of the
// State and federal agencies on breach response and identity theft
// (899-aa(7)), as written, before "For more information"; none written is
// a gap, never a number the draft makes up.
func TestNewYorkNoticeNamesTheAgencies(t *testing.T) {
	const regime = "us_ny_899aa_individuals"
	in := inputFor(t, regime, "complete")
	got := render(t, regime, Markdown, in)
	wantIn(t, got, "## Agencies that can help (N.Y. Gen. Bus. Law 899-aa(7))", "- Federal Trade Commission: 1-877-438-4338, identitytheft.gov")
	if strings.Index(got, "## Agencies that can help") > strings.Index(got, "## For more information") {
		t.Errorf("the agencies follow \"For more information\":\n%s", got)
	}
	in.Narrative.AgencyContacts = ""
	wantIn(t, render(t, regime, Markdown, in), "⚠ MISSING: the telephone numbers and websites of the relevant State and federal agencies")
}

// The notice to the Florida Department of Legal Affairs gives the
// contact's name, address, telephone number and e-mail address, all four
// (501.171(3)(b)5.): an e-mail address alone leaves the others missing.
func TestFloridaDepartmentContact(t *testing.T) {
	const regime = "us_fl_501_171_dla"
	in := inputFor(t, regime, "complete")
	got := render(t, regime, Markdown, in)
	wantIn(t, got, "## Contact (Fla. Stat. 501.171(3)(b)5.)", "**Telephone:** +353 1 555 0100", "**E-mail:** dpo@example.com")
	in.Org.Phone, in.Org.Address = "", ""
	wantIn(t, render(t, regime, Markdown, in), "⚠ MISSING: their telephone number", "⚠ MISSING: their address")
}

// The notice to the Texas Attorney General carries the six items of
// 521.053(i), the number of residents already sent a disclosure directly
// (i)(3) among them, marked missing until written.
func TestTexasAttorneyGeneralItems(t *testing.T) {
	const regime = "us_tx_521_053_ag"
	in := inputFor(t, regime, "complete")
	wantIn(t, render(t, regime, Markdown, in), "Residents sent a disclosure directly (Tex. Bus. & Com. Code 521.053(i)(3))", "all 412 affected Texas residents")
	in.Narrative.DirectlyNotified = ""
	wantIn(t, render(t, regime, Markdown, in), "⚠ MISSING: the number of affected residents sent a disclosure of the breach by mail or other direct method")
}
