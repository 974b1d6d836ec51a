package drafts

import (
	"bytes"
	"errors"
	"flag"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations"
)

// update rewrites the golden files: go test ./drafts -update.
// Review their diffs like code.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var awareAt = time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC)

// awareLater is the awareness of the regimes whose rules come into force
// after awareAt.
var awareLater = time.Date(2027, 6, 8, 14, 20, 0, 0, time.UTC)

// catalog is the embedded catalog, parsed once for all the cases.
var catalog = sync.OnceValue(regulations.Default)

func ptr[T any](v T) *T { return &v }

// factsFor are facts under which the regime is due. complete adds the facts
// a draft reads (counts, categories, cause, dates); without them the draft
// shows them missing.
func factsFor(regime string, complete bool) *incident.Facts {
	f := &incident.Facts{
		Role:                 incident.RoleController,
		PersonalDataAffected: ptr(true),
		RiskToRights:         ptr(true),
		HighRisk:             ptr(true),
		AwareAt:              awareAt,
	}
	if strings.HasPrefix(regime, "kr_") || strings.HasPrefix(regime, "in_dpdp_") {
		// Rules in force from 11 September 2026 and 13 May 2027.
		f.AwareAt = awareLater
	}
	switch {
	case strings.HasPrefix(regime, "gdpr_"):
		f.Jurisdictions = []string{"EU-IE"}
	case strings.HasPrefix(regime, "uk_gdpr_"):
		f.Jurisdictions = []string{"UK"}
	case strings.HasPrefix(regime, "pdpa_"):
		f.Jurisdictions = []string{"SG"}
		f.SignificantHarm = ptr(true)
		f.AssessedNotifiableAt = ptr(time.Date(2026, 3, 13, 15, 30, 0, 0, time.UTC))
	case strings.HasPrefix(regime, "sec_"):
		f.Jurisdictions = []string{"US"}
		f.SECRegistrant = ptr(true)
		f.MaterialityDeterminedAt = ptr(time.Date(2026, 3, 12, 20, 0, 0, 0, time.UTC))
	case strings.HasPrefix(regime, "nis2_"):
		f.Jurisdictions = []string{"EU-IE", "EU-DE"}
		f.NIS2Entity = "essential"
		f.SignificantIncident = ptr(true)
		f.Submitted = submittedBefore(regime, "nis2_art23_early_warning", "nis2_art23_incident_notification", "nis2_art23_final_report")
	case strings.HasPrefix(regime, "dora_"):
		f.Jurisdictions = []string{"EU-IE", "EU-DE"}
		f.DORAFinancialEntity = ptr(true)
		f.ClassifiedMajorAt = ptr(awareAt.Add(3 * time.Hour))
		f.Submitted = submittedBefore(regime, "dora_art19_initial", "dora_art19_intermediate", "dora_art19_final")
	case strings.HasPrefix(regime, "hipaa_"):
		f.Jurisdictions = []string{"US"}
		f.Role = incident.RoleCoveredEntity
		f.UnsecuredPHI = ptr(true)
	case strings.HasPrefix(regime, "cn_"):
		f.Jurisdictions = []string{"CN"}
		f.Submitted = submittedBefore(regime, "cn_pipl_art57_authority", "cn_csl_art42")
		f.CIIOperator = ptr(regime == "cn_cac_2025_report_cii_1h")
		f.HandlingConcludedAt = ptr(awareAt.Add(5 * 24 * time.Hour))
	case strings.HasPrefix(regime, "lgpd_"):
		f.Jurisdictions = []string{"BR"}
		f.RiskOrRelevantDamage = ptr(true)
	case strings.HasPrefix(regime, "au_"):
		f.Jurisdictions = []string{"AU"}
		f.LikelySeriousHarm = ptr(true)
		f.BelievedAt = ptr(awareAt.Add(24 * time.Hour))
	case strings.HasPrefix(regime, "ca_"):
		f.Jurisdictions = []string{"CA"}
		f.RealRiskOfSignificantHarm = ptr(true)
	case strings.HasPrefix(regime, "jp_"), strings.HasPrefix(regime, "kr_"), strings.HasPrefix(regime, "in_"):
		f.Jurisdictions = []string{strings.ToUpper(regime[:2])}
	case strings.HasPrefix(regime, "us_"):
		f.Jurisdictions = []string{usState(regime)}
		f.NYDFSCoveredEntity = ptr(regime == "us_ny_dfs_500_17")
		f.Submitted = submittedBefore(regime, "us_ca_1798_82_individuals", "us_ca_1798_82_ag")
	case regime == "cispe_coc_customer":
		f.Jurisdictions = []string{"EU-IE"}
		f.Certifications = []string{"cispe"}
	case regime == "iso27018_a10_1_customer":
		f.Jurisdictions = []string{"EU-IE"}
		f.Certifications = []string{"iso27018"}
	case regime == "contract_dpa_sla":
		f.Jurisdictions = []string{"EU-IE"}
		f.ContractNotificationSLAHours = ptr(24)
	}
	// The notices we give as processor to the customer.
	switch regime {
	case "gdpr_art33_2_processor", "cispe_coc_customer", "iso27018_a10_1_customer", "contract_dpa_sla":
		f.Role = incident.RoleProcessor
	case "pdpa_26c3_intermediary":
		f.Role = incident.RoleDataIntermediary
	case "hipaa_164_410_ba_to_ce":
		f.Role = incident.RoleBusinessAssociate
	}
	if !complete {
		if regime == "pdpa_26d1_pdpc" {
			f.AssessedNotifiableAt = nil
		}
		if regime == "sec_8k_item_1_05" {
			f.MaterialityDeterminedAt = nil
		}
		if strings.HasPrefix(regime, "dora_") {
			f.ClassifiedMajorAt = nil
		}
		f.HandlingConcludedAt = nil
		// The phases chained on an earlier submission stay pending.
		f.Submitted = nil
		return f
	}
	f.Cause = "external_unlawful_access"
	f.DataSubjects = ptr(1200)
	f.DataSubjectsByJurisdiction = map[string]int{}
	for _, j := range f.Jurisdictions {
		f.DataSubjectsByJurisdiction[j] = 800 / len(f.Jurisdictions)
	}
	f.DataCategories = []string{"name", "email", "account_credentials"}
	if strings.HasPrefix(regime, "us_") {
		f.ResidentsByState = map[string]int{usState(regime): 600}
	}
	if strings.HasPrefix(regime, "cn_cac_") {
		f.IncidentGrade = "relatively_major"
	}
	if strings.HasPrefix(regime, "lgpd_") {
		f.SmallProcessingAgent = ptr(false)
	}
	if strings.HasPrefix(regime, "hipaa_") {
		f.DataCategories = []string{"name", "date of birth", "diagnosis codes"}
		f.DiscoveredAt = ptr(awareAt.Add(-2 * time.Hour))
		f.ResidentsByState = map[string]int{"US-CA": 700, "US-NV": 100}
	}
	return f
}

// usState is the State code of a US State regime: us_tx_… is US-TX.
func usState(regime string) string { return "US-" + strings.ToUpper(regime[3:5]) }

// submittedBefore records the reports of a phase chain that come before
// regime as submitted, one a day after awareness plus an hour each, so the
// phases chained on them are due.
func submittedBefore(regime string, chain ...string) map[string]time.Time {
	m := map[string]time.Time{}
	for i, id := range chain {
		if id == regime {
			break
		}
		m[id] = awareAt.Add(time.Duration(4+20*i) * time.Hour)
	}
	return m
}

// regulators are the recipient authorities of the golden cases.
var regulators = map[string][2]string{
	"gdpr":  {"Data Protection Commission", "21 Fitzwilliam Square South, Dublin 2, D02 RD28, Ireland"},
	"uk":    {"Information Commissioner's Office", "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"},
	"pdpa":  {"Personal Data Protection Commission", "10 Pasir Panjang Road, #03-01 Mapletree Business City, Singapore 117438"},
	"sec":   {"Securities and Exchange Commission", "100 F Street, NE, Washington, DC 20549"},
	"hipaa": {"", ""},
	"nis2":  {"CSIRT-IE, National Cyber Security Centre", ""},
	"cn":    {"Cyberspace Administration of China, Shanghai office", ""},
	"dora":  {"Central Bank of Ireland", "New Wapping Street, North Wall Quay, Dublin 1, D01 F7X3, Ireland"},
}

func completeOrg(regime string) Org {
	reg := regulators[strings.SplitN(regime, "_", 2)[0]]
	return Org{
		Name:             "Example Cloud Ltd",
		Address:          "1 Example Street, Dublin D02 XY00, Ireland",
		ContactName:      "Dana Byrne, Data Protection Officer",
		Email:            "dpo@example.com",
		Phone:            "+353 1 555 0100",
		SigningOfficer:   "Jordan Lee, Chief Financial Officer",
		LEI:              "549300EXAMPLE0LEI000",
		EntityType:       "credit institution",
		RegulatorName:    reg[0],
		RegulatorAddress: reg[1],
	}
}

func completeNarrative() Narrative {
	return Narrative{
		Nature:              "An attacker used a leaked API key to read the customer database of the billing service.",
		HowItHappened:       "An API key committed to a public repository was used from an unknown network.",
		SubjectCategories:   "customers and their billing contacts",
		Discovery:           "Our intrusion detection flagged unusual read volume on the billing database.",
		OccurredOn:          "between 8 and 10 March 2026",
		RecordsConcerned:    "about 3,400 rows",
		Chronology:          "revoked the API key and rotated every billing credential\nengaged an external forensic firm\nassessed the breach against s.26B",
		LikelyConsequences:  "Phishing e-mails that use the stolen names and addresses; account takeover where passwords are reused.",
		MeasuresTaken:       "We revoked the key, reset all affected passwords, and added secret scanning to every repository.",
		AdviceToIndividuals: "Change your password on any other service where you used the same one, and be wary of e-mails asking for payment details.",
		MaterialImpact:      "The incident is not expected to have a material impact on financial condition; the investigation continues.",

		Malicious:              "Yes: the key was used from a network we do not control, which we treat as a malicious act.",
		CrossBorder:            "Customers in Ireland and Germany are affected; the service itself runs in one region.",
		Impact:                 "High: the billing service was read-only for 2 hours; no other service was disrupted.",
		Indicators:             "source address 203.0.113.45\nAPI key id ak_live_7f3c (revoked)",
		IncidentType:           "Unauthorised access with a leaked credential; bulk reads through the public API.",
		RootCause:              "A long-lived API key was committed to a public repository and not rotated.",
		ClassificationCriteria: "Clients affected and data losses (RTS 2024/1772 Art. 1(1) and Art. 5).",
		ContinuityPlan:         "No: the service stayed available; the incident response plan was activated.",
		RecoveredOn:            "11 March 2026 09:00 UTC",
		AffectedFunctions:      "Billing and invoicing; the billing database and its API.",
		ClientImpact:           "Contact and billing details of about 1,200 clients were read; no payments were affected.",
		OtherAuthorities:       "Data Protection Commission (GDPR Art. 33).",
		CostsAndLosses:         "EUR 48,000 in forensic and legal costs; no direct financial loss.",
		Recoveries:             "None.",
		Operator:               "none: the controller processes the data itself",
		ProcessingDataSubjects: "about 41,000 customers in the billing system",
		AppointmentProof:       "attached: board resolution of 2 May 2025 appointing the encarregado",
		Prevention:             "Secret scanning on every repository and keys that expire after 30 days.",
		Accountability:         "The key owner's team reviewed its release process; no disciplinary action.",
		Lessons:                "Long-lived keys are a single point of failure; alerts on read volume worked.",
		Perpetrator:            "Unknown outside party; the source address belongs to a hosting provider.",
		LawEnforcement:         "Yes: reported to the national police cybercrime unit, reference CC-2026-118.",
		Safeguards:             "Encryption at rest and TLS in transit; access by API key.",
		ServicesOffered:        "12 months of free identity monitoring.",
		IndividualsNotice:      "By e-mail on 12 March 2026 to every affected customer; a copy of the letter is attached.",
		AffectedIndividuals:    "The list of affected individuals is in the attached file affected-2026-0042.csv.",
		OtherInformation:       "No further items.",
		PublicAnnouncement:     "A notice on our website since 12 March 2026.",
		DirectlyNotified:       "all 412 affected Texas residents, by e-mail on 12 March 2026",
		Location:               "our billing service, which holds customers' invoices and billing contacts",
		AgencyContacts:         "New York Attorney General: 1-800-771-7755, ag.ny.gov\nFederal Trade Commission: 1-877-438-4338, identitytheft.gov",
		SecurityFreeze:         "Contact each agency online, by telephone or by mail with your full name, address, date of birth and Social Security number.",
		ComplaintProcess:       "Write to our privacy office at privacy@example.com; we answer every complaint within 30 days.",
	}
}

func incidentSummary(aware time.Time) Incident {
	return Incident{
		ID:          "INC-2026-0042",
		Title:       "Billing database read with a leaked API key",
		OpenedAt:    aware.Add(-30 * time.Minute),
		Asset:       "billing-db-prod",
		Status:      "contained",
		Description: "Unusual reads on the billing database.",
	}
}

// obligation is the catalog's verdict for regime under f.
func obligation(t *testing.T, regime string, f *incident.Facts, now time.Time) incident.Obligation {
	t.Helper()
	for _, ob := range regulations.Evaluate(f, catalog(), now).Obligations {
		if ob.Regime == regime {
			return ob
		}
	}
	t.Fatalf("the catalog has no obligation for %s", regime)
	return incident.Obligation{}
}

// inputFor is the input of one golden case, with a fixed clock: 12 hours
// before the deadline (halfway to a deadline less than a day away), or 50
// hours after it for "past-deadline". A duty without a numeric limit is
// drafted a day after awareness, or 30 days after it when past.
func inputFor(t *testing.T, regime, tc string) Input {
	t.Helper()
	f := factsFor(regime, tc != "missing-facts")
	aware := f.AwareAt
	ob := obligation(t, regime, f, aware)
	now := aware.Add(24 * time.Hour)
	if ob.DueAt != nil {
		// Halfway through a period shorter than a day.
		now = ob.DueAt.Add(-min(12*time.Hour, ob.DueAt.Sub(aware)/2))
	}
	if tc == "past-deadline" {
		now = aware.Add(30 * 24 * time.Hour)
		if ob.DueAt != nil {
			now = ob.DueAt.Add(50 * time.Hour)
		}
	}
	ob = obligation(t, regime, f, now)
	in := Input{Facts: f, Obligation: ob, Now: now, Incident: incidentSummary(aware)}
	if tc != "missing-facts" {
		in.Org = completeOrg(regime)
		in.Narrative = completeNarrative()
		in.Customer = Customer{Name: "Acme Retail GmbH", Contact: "Head of Privacy, privacy@acme.example"}
	} else {
		in.Incident.Description = ""
	}
	return in
}

func TestGolden(t *testing.T) {
	for _, regime := range Regimes() {
		for _, tc := range []string{"complete", "missing-facts", "past-deadline"} {
			for _, f := range []Format{Markdown, HTML} {
				name := regime + "-" + tc + "." + string(f)
				t.Run(name, func(t *testing.T) {
					got, err := Render(regime, f, inputFor(t, regime, tc))
					if err != nil {
						t.Fatal(err)
					}
					golden := filepath.Join("testdata", name+".golden")
					if *update {
						if err := os.WriteFile(golden, got, 0o644); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test -update to create it)", err)
					}
					if !bytes.Equal(got, want) {
						t.Errorf("%s differs from the rendering; run go test -update and review the diff\ngot:\n%s", golden, got)
					}
					missing := bytes.Contains(got, []byte("⚠ MISSING"))
					if tc == "complete" {
						missing = bytes.Contains(got, []byte("⚠ MISSING"))
					}
					switch tc {
					case "complete":
						if missing {
							t.Errorf("a complete input leaves a field missing:\n%s", got)
						}
					case "missing-facts":
						if !missing {
							t.Errorf("no MISSING marker with missing facts:\n%s", got)
						}
					}
				})
			}
		}
	}
}

// noDraft are the catalog's duties that are records, assessments or steps
// of our own, or a communication the law leaves to judgment: none is a
// notice with a content list to draft.
var noDraft = []string{
	"au_ndb_26wh_assessment", "ca_pipeda_10_3_record", "cn_pipl_art57_remediation",
	"gdpr_art33_5_register", "hipaa_164_408_hhs_annual_log", "iso27018_a10_1_record",
	"lgpd_res15_register", "nis2_art23_recipients", "pdpa_26c_assessment", "uk_gdpr_art33_5_register",
}

// Every notice regime of the catalog has a draft, and Regimes lists them
// sorted.
func TestEveryNoticeRegimeHasADraft(t *testing.T) {
	for _, r := range catalog().Regimes {
		dr := draftRegime(r)
		if slices.Contains(noDraft, r.ID) {
			if slices.Contains(Regimes(), r.ID) {
				t.Errorf("%s is a record or a step of our own, yet it has a draft of its own", r.ID)
			}
			continue
		}
		if !HasDraft(dr) {
			t.Errorf("%s (recipient_kind %s, %d content entries) has no draft", r.ID, r.RecipientKind, len(r.Content))
		}
	}
	for _, id := range Regimes() {
		if catalog().Regime(id) == nil {
			t.Errorf("the draft of %s is for no regime of the catalog", id)
		}
	}
}

// draftRegime is r as a draft needs it, as respond gives it.
func draftRegime(r *regulations.Regime) Regime {
	return Regime{ID: r.ID, Name: r.Name, Jurisdiction: r.Jurisdiction, Recipient: r.Recipient,
		RecipientKind: r.RecipientKind, Basis: r.Basis, Zone: r.Clock.Zone, Content: r.Content}
}

// Every content field the catalog requires for a regime has a section in
// its draft, rendered in both formats, even when no input fills it and
// when the deadline has passed (which adds the if-late fields).
func TestEveryCatalogContentFieldIsRendered(t *testing.T) {
	cat := catalog()
	var regimes []string
	for _, r := range cat.Regimes {
		if HasDraft(draftRegime(r)) {
			regimes = append(regimes, r.ID)
		}
	}
	for _, regime := range regimes {
		t.Run(regime, func(t *testing.T) {
			r := cat.Regime(regime)
			dr := draftRegime(r)
			if len(r.Content) == 0 {
				t.Fatalf("the catalog lists no content for %s", regime)
			}
			due := awareAt.Add(time.Hour)
			in := Input{
				Facts:      &incident.Facts{AwareAt: awareAt},
				Obligation: incident.Obligation{Regime: regime, DueAt: &due, Status: incident.ObligationDue},
				Now:        awareAt.Add(48 * time.Hour),
				Regime:     &dr,
			}
			d, err := build(regime, in)
			if err != nil {
				t.Fatal(err)
			}
			md, err := Render(regime, Markdown, in)
			if err != nil {
				t.Fatal(err)
			}
			html, err := Render(regime, HTML, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range r.Content {
				i := slices.IndexFunc(d.Sections, func(s section) bool { return s.Content == want })
				if i < 0 {
					t.Errorf("no section renders the required field %q", want)
					continue
				}
				s := d.Sections[i]
				if !strings.Contains(string(md), "## "+escapeMarkdown(s.Heading)) || !strings.Contains(string(html), "<h2>"+htmltemplate.HTMLEscapeString(s.Heading)) {
					t.Errorf("the section %q for %q is not rendered", s.Heading, want)
				}
				if len(s.Items) == 0 {
					t.Errorf("the section %q for %q is empty", s.Heading, want)
				}
			}
			for _, s := range d.Sections {
				if s.Content != "" && !slices.Contains(r.Content, s.Content) {
					t.Errorf("section %q cites %q, which is not a content field of the catalog", s.Heading, s.Content)
				}
			}
		})
	}
}

func TestDelaySection(t *testing.T) {
	for _, tc := range []struct {
		regime, heading, marker string
	}{
		{"gdpr_art33_sa", "Reasons for the delay", "⚠ MISSING: reasons for the delay (Art. 33(1))"},
		{"uk_gdpr_art33_ico", "Reasons for the delay", "⚠ MISSING: reasons for the delay (UK GDPR Art. 33(1))"},
		{"pdpa_26d1_pdpc", "Reasons for late notification", "⚠ MISSING: reasons for the late notification (reg 5(2))"},
		{"dora_art19_initial", "Reasons for not meeting the time limit", "⚠ MISSING: reasons for the delay (draft of RTS (EU) 2025/301; final text not verified)"},
	} {
		t.Run(tc.regime+" asks for reasons once the deadline has passed", func(t *testing.T) {
			in := inputFor(t, tc.regime, "past-deadline")
			got := render(t, tc.regime, Markdown, in)
			if !strings.Contains(got, tc.heading) || !strings.Contains(got, escapeMarkdown(tc.marker)) {
				t.Fatalf("no delay section marked missing:\n%s", got)
			}
			in.DelayReason = "The forensic report needed to confirm the scope arrived on day 4."
			in.DelayEvidence = "Forensic firm engagement letter and report delivery e-mail."
			got = render(t, tc.regime, Markdown, in)
			if strings.Contains(got, "MISSING: reasons") || !strings.Contains(got, "arrived on day 4") {
				t.Fatalf("the delay reason is not used:\n%s", got)
			}
		})
		t.Run(tc.regime+" has no delay section before the deadline", func(t *testing.T) {
			got := render(t, tc.regime, Markdown, inputFor(t, tc.regime, "complete"))
			if strings.Contains(got, tc.heading) {
				t.Fatalf("a delay section before the deadline:\n%s", got)
			}
		})
	}
}

func TestMissingMarkerNamesTheProvision(t *testing.T) {
	got := render(t, "gdpr_art33_sa", Markdown, inputFor(t, "gdpr_art33_sa", "missing-facts"))
	for _, want := range []string{
		"⚠ MISSING: approximate number of data subjects concerned (Art. 33(3)(a))",
		"⚠ MISSING: name of the DPO or other contact point (Art. 33(3)(b))",
		"⚠ MISSING: likely consequences of the breach (Art. 33(3)(c))",
		"⚠ MISSING: measures taken or proposed",
	} {
		if !strings.Contains(got, escapeMarkdown(want)) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
}

func TestUnknownRegime(t *testing.T) {
	for _, regime := range []string{"nope", "gdpr_art33_5_register", ""} {
		_, err := Render(regime, Markdown, Input{Now: awareAt})
		if !errors.Is(err, ErrNoTemplate) {
			t.Fatalf("Render(%q) error = %v, want ErrNoTemplate", regime, err)
		}
		if !strings.Contains(err.Error(), `"`+regime+`"`) || !strings.Contains(err.Error(), "gdpr_art33_sa, gdpr_art34_individuals") {
			t.Errorf("the error does not name the regime and those available: %v", err)
		}
	}
}

func TestBadInput(t *testing.T) {
	in := inputFor(t, "gdpr_art33_sa", "complete")
	if _, err := Render("uk_gdpr_art33_ico", Markdown, in); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("an obligation of another regime: error = %v, want ErrInvalidInput", err)
	}
	if _, err := Render("gdpr_art33_sa", "docx", in); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("an unknown format: error = %v, want ErrInvalidInput", err)
	}
	in.Now = time.Time{}
	if _, err := Render("gdpr_art33_sa", Markdown, in); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("no now: error = %v, want ErrInvalidInput", err)
	}
}

// rawAngle is a '<' or '&' that no backslash escapes: raw HTML or an
// entity in Markdown.
var rawAngle = regexp.MustCompile(`(^|[^\\])[<&]`)

func TestHostileInputIsEscaped(t *testing.T) {
	const (
		script = "<script>alert(1)</script>"
		link   = "[click here](https://evil.example/phish)"
		img    = `<img src=x onerror="alert(2)">`
	)
	for _, regime := range Regimes() {
		t.Run(regime, func(t *testing.T) {
			in := inputFor(t, regime, "complete")
			in.Org.Name = script
			in.Org.ContactName = link
			in.Org.Email = "a@b.c\n# Injected heading\n- injected item"
			in.Org.Address = img
			in.Incident.Title = script
			in.Incident.Asset = "**bold** _em_ `code` | table |"
			in.Narrative.Nature = link + " " + img
			in.Narrative.MeasuresTaken = "1. not a list\n> not a quote"
			in.Narrative.LikelyConsequences = "![img](https://evil.example/x.png) &amp; &#60;"
			in.Narrative.AdviceToIndividuals = script
			in.Narrative.MaterialImpact = link
			in.DelayReason = script
			in.Customer = Customer{Name: script, Contact: link}
			in.Narrative.Indicators = img + "\n" + link
			in.Narrative.IndividualsNotice = "# heading\n" + script

			html := render(t, regime, HTML, in)
			for _, bad := range []string{"<script", "<img", "evil.example/phish\""} {
				if strings.Contains(html, bad) {
					t.Errorf("HTML contains %q:\n%s", bad, html)
				}
			}
			if !strings.Contains(html, "&lt;script&gt;") {
				t.Errorf("HTML does not show the escaped input:\n%s", html)
			}

			md := render(t, regime, Markdown, in)
			if rawAngle.MatchString(md) {
				t.Errorf("Markdown contains raw HTML:\n%s", md)
			}
			for _, bad := range []string{"[click here](", "![img](", "\n# Injected", "\n- injected", "\n1. not", "\n> not", "**bold**"} {
				if strings.Contains(md, bad) {
					t.Errorf("Markdown contains %q:\n%s", bad, md)
				}
			}
		})
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, with (parens) and 2026-03-10", "plain text, with (parens) and 2026-03-10"},
		{"[a](b)", `\[a\](b)`},
		{"<b>x</b>", `\<b\>x\</b\>`},
		{"- item", `\- item`},
		{"12. item", `12\. item`},
		{"line one\n\n# two", `line one \# two`},
		{"a*b_c`d", "a\\*b\\_c\\`d"},
	} {
		if got := escapeMarkdown(tc.in); got != tc.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Regulators' zones: PDPA in SGT, the SEC in New York time, each with UTC.
func TestDatesInTheRegulatorsZone(t *testing.T) {
	for _, tc := range []struct{ regime, want string }{
		{"pdpa_26d1_pdpc", "Tue 10 Mar 2026 22:20 SGT (UTC+08:00) = Tue 10 Mar 2026 14:20 UTC"},
		{"sec_8k_item_1_05", "Thu 12 Mar 2026 16:00 EDT (UTC-04:00) = Thu 12 Mar 2026 20:00 UTC"},
		{"gdpr_art33_sa", "Tue 10 Mar 2026 14:20 UTC"},
	} {
		got := render(t, tc.regime, Markdown, inputFor(t, tc.regime, "complete"))
		if !strings.Contains(got, escapeMarkdown(tc.want)) {
			t.Errorf("%s: no %q in:\n%s", tc.regime, tc.want, got)
		}
	}
}

func render(t *testing.T, regime string, f Format, in Input) string {
	t.Helper()
	out, err := Render(regime, f, in)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
