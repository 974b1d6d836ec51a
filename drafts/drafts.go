// Package drafts renders the notification draft one regime asks for, as
// Markdown or HTML, from the organisation's details, an incident summary,
// the breach facts and the evaluated obligation.
//
// A draft is a pure function of its Input and the regime: it never reads the
// clock (Input.Now is the rendering time) and never invents content. Every
// field the law requires for the regime is a section of the draft; one the
// inputs cannot fill is shown as "⚠ MISSING: …" with the provision that asks
// for it, so that a reviewer sees the gap before anything is sent.
package drafts

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"maps"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/breachd/breachd/incident"
)

// ErrNoTemplate is the category of a request for a regime that has no
// draft template: an unknown regime id or one outside this package.
var ErrNoTemplate = errors.New("no draft template")

// ErrInvalidInput is the category of an Input that cannot be rendered as
// given, such as an obligation evaluated for another regime.
var ErrInvalidInput = errors.New("invalid draft input")

// Format is the output format of a draft.
type Format string

// Formats.
const (
	Markdown Format = "md"
	HTML     Format = "html"
	// PDF is a document to file, without the reviewer's header (pdf.go).
	PDF Format = "pdf"
	// JSON is the draft as data, what a PDF is printed from: PrintPDF
	// prints it with a font of the caller's, for a script the built-in
	// fonts lack (breachctl draft --font).
	JSON Format = "json"
)

// Org is the organisation's own details and the regulator's, as the
// configuration holds them. Every field is optional: an empty one that the
// regime requires shows as missing.
type Org struct {
	Name        string
	Address     string
	ContactName string // the DPO or other contact point
	Email       string
	Phone       string
	// SigningOfficer is the officer who signs filings (the SEC's Form
	// 8-K): name and title. The DPO is a contact point, not a signatory.
	SigningOfficer string
	// LEI is the Legal Entity Identifier and EntityType the type of
	// financial entity, for the DORA reports.
	LEI        string
	EntityType string
	// CreditAgencies, when set, replace the built-in contact lines of the
	// credit reporting agencies.
	CreditAgencies []string
	// RegulatorName and RegulatorAddress are the recipient authority for
	// the regime being drafted.
	RegulatorName    string
	RegulatorAddress string
}

// Incident is the summary of the incident that the draft is about.
type Incident struct {
	ID          string
	Title       string
	OpenedAt    time.Time
	Asset       string
	Status      string
	Description string
	// TimelineHead is the hash of the incident's last timeline event when
	// the draft was rendered: a filed copy traces back to the exact state
	// it was drawn from (breachctl verify proves the chain behind it).
	TimelineHead string
}

// Narrative is what people write about the breach that the facts do not
// hold. Every field is optional free text; an empty one that the regime
// requires shows as missing.
type Narrative struct {
	// Nature describes what happened; the incident description stands in
	// when it is empty.
	Nature string `json:"nature,omitempty"`
	// HowItHappened says how the breach occurred; the facts' cause stands
	// in when it is empty.
	HowItHappened string `json:"how_it_happened,omitempty"`
	// SubjectCategories is the categories of data subjects concerned
	// (customers, employees, patients).
	SubjectCategories string `json:"subject_categories,omitempty"`
	// Discovery is the circumstances in which the organisation became
	// aware of the breach.
	Discovery string `json:"discovery,omitempty"`
	// OccurredOn is when the breach happened, as a date or a range.
	OccurredOn string `json:"occurred_on,omitempty"`
	// RecordsConcerned is the approximate number of personal data records.
	RecordsConcerned string `json:"records_concerned,omitempty"`
	// Chronology is the account of the steps taken since awareness, one
	// step a line.
	Chronology         string `json:"chronology,omitempty"`
	LikelyConsequences string `json:"likely_consequences,omitempty"`
	MeasuresTaken      string `json:"measures_taken,omitempty"`
	// AdviceToIndividuals is what the people affected can do to protect
	// themselves.
	AdviceToIndividuals string `json:"advice_to_individuals,omitempty"`
	// MaterialImpact is the registrant's material or reasonably likely
	// material impact (Form 8-K Item 1.05).
	MaterialImpact string `json:"material_impact,omitempty"`
	// The fields below serve the incident reports (NIS2, DORA, the CAC
	// Measures) and the regimes that ask for more than a letter does.

	// Malicious says whether the incident is suspected of being caused by
	// unlawful or malicious acts; an outside attack or a wrongful purpose
	// in the facts' cause stands in when it is empty.
	Malicious string `json:"malicious,omitempty"`
	// CrossBorder is the incident's cross-border impact, or that it has
	// none; affected individuals in more than one Member State stand in
	// when it is empty.
	CrossBorder string `json:"cross_border,omitempty"`
	// Impact is the assessment of the incident's severity and impact on
	// the services, the organisation and others.
	Impact string `json:"impact,omitempty"`
	// Indicators are the indicators of compromise, one a line, or a
	// statement that none are available.
	Indicators string `json:"indicators,omitempty"`
	// IncidentType is the type of incident or threat and the attack
	// methods; how it happened stands in when it is empty.
	IncidentType string `json:"incident_type,omitempty"`
	// RootCause is the root cause that likely triggered the incident;
	// how it happened stands in when it is empty.
	RootCause string `json:"root_cause,omitempty"`
	// ClassificationCriteria are the criteria of RTS (EU) 2024/1772 that
	// made the incident major (DORA).
	ClassificationCriteria string `json:"classification_criteria,omitempty"`
	// ContinuityPlan says whether business continuity plans were
	// activated (DORA).
	ContinuityPlan string `json:"continuity_plan,omitempty"`
	// RecoveredOn is when regular activities were recovered, or that they
	// are not yet.
	RecoveredOn string `json:"recovered_on,omitempty"`
	// AffectedFunctions are the functions, processes and infrastructure
	// affected (DORA).
	AffectedFunctions string `json:"affected_functions,omitempty"`
	// ClientImpact is the impact on clients and financial counterparts
	// (DORA).
	ClientImpact string `json:"client_impact,omitempty"`
	// OtherAuthorities are the other authorities informed, beyond the
	// reports recorded as submitted in the facts, or that there are none.
	OtherAuthorities string `json:"other_authorities,omitempty"`
	// CostsAndLosses are the direct and indirect costs and losses.
	CostsAndLosses string `json:"costs_and_losses,omitempty"`
	// Recoveries are the amounts or assets recovered.
	Recoveries string `json:"recoveries,omitempty"`
	// Prevention is the measures taken to prevent a recurrence.
	Prevention string `json:"prevention,omitempty"`
	// Operator identifies the operator (processor) that processed the
	// affected data for the controller, or says there was none (ANPD Res.
	// 15/2024 Art. 6 §2 X).
	Operator string `json:"operator,omitempty"`
	// ProcessingDataSubjects is the total number of data subjects whose
	// data the affected processing activities hold (Art. 6 §2 XII), not
	// only those the incident reached.
	ProcessingDataSubjects string `json:"processing_data_subjects,omitempty"`
	// AppointmentProof says where the document appointing the data
	// protection officer and stating their powers is, or that it is
	// attached (Art. 6 §2).
	AppointmentProof string `json:"appointment_proof,omitempty"`
	// Accountability is who was held accountable and what was rectified
	// (CAC summary report).
	Accountability string `json:"accountability,omitempty"`
	// Lessons are the lessons learnt (CAC summary report).
	Lessons string `json:"lessons,omitempty"`
	// Perpetrator is what is known of the person who caused the breach.
	Perpetrator string `json:"perpetrator,omitempty"`
	// LawEnforcement says whether law enforcement is investigating.
	LawEnforcement string `json:"law_enforcement,omitempty"`
	// Safeguards are the technical and security measures that protected
	// the data; the facts' encryption stands in when it is empty.
	Safeguards string `json:"safeguards,omitempty"`
	// ServicesOffered are the services offered to the people affected,
	// such as credit monitoring.
	ServicesOffered string `json:"services_offered,omitempty"`
	// IndividualsNotice is how and when the people affected were or will
	// be notified, with its content or where a copy is; the notice to
	// individuals recorded as submitted in the facts stands in when it is
	// empty.
	IndividualsNotice string `json:"individuals_notice,omitempty"`
	// AffectedIndividuals is the identification of each individual
	// affected, or where the list is (HIPAA 164.410(c)(1)).
	AffectedIndividuals string `json:"affected_individuals,omitempty"`
	// PublicAnnouncement is whether and how the breach was announced to
	// the public, or that it was not (APPI Rules Art. 8(1) item 7).
	PublicAnnouncement string `json:"public_announcement,omitempty"`
	// DirectlyNotified is the number of affected residents sent the notice
	// by mail or another direct method so far (Tex. Bus. & Com. Code
	// 521.053(i)(3)).
	DirectlyNotified string `json:"directly_notified,omitempty"`
	// Location is where the breach occurred, in words a reader outside
	// the organisation understands (the service, system or place), for
	// the notices that ask for its location (DPDP Rule 7); the Board's
	// reports fall back on the incident's asset.
	Location string `json:"location,omitempty"`
	// AgencyContacts are the telephone numbers and websites of the State
	// and federal agencies that provide information on breach response
	// and identity theft prevention, one a line (N.Y. Gen. Bus. Law
	// 899-aa(7)).
	AgencyContacts string `json:"agency_contacts,omitempty"`
	// SecurityFreeze is how to request a security freeze from the
	// consumer reporting agencies and the information a request needs
	// (M.G.L. c. 93H, s. 3(b)).
	SecurityFreeze string `json:"security_freeze,omitempty"`
	// ComplaintProcess is how a person affected can complain to the
	// organisation: its internal complaint process (PIPEDA, SOR/2018-64
	// s.3(g)).
	ComplaintProcess string `json:"complaint_process,omitempty"`
	// OtherInformation answers what a regulator's form asks beyond the
	// fields above (the other items of CAC Art. 5, the DFS portal, the
	// other matters for reference of APPI Rules Art. 8(1) item 9).
	OtherInformation string `json:"other_information,omitempty"`
}

// Customer is the controller a processor's notice goes to: the cloud
// customer, the organisation a data intermediary serves, the covered entity
// of a business associate. Both fields are optional; an empty one shows as
// missing on a notice to the customer.
type Customer struct {
	Name string
	// Contact is the person, role or address the agreement names for
	// breach notices.
	Contact string
}

// Input is everything one draft is rendered from.
type Input struct {
	Org       Org
	Incident  Incident
	Facts     *incident.Facts
	Narrative Narrative
	// CatalogVersion is the regulation catalog the obligation was
	// evaluated with.
	CatalogVersion string
	// Obligation is the evaluated obligation for the regime being drafted.
	// Its Regime, when set, must be that regime.
	Obligation incident.Obligation
	// Now is the rendering time; a draft rendered after Obligation.DueAt
	// carries the reasons-for-delay section where the law asks for one.
	Now time.Time
	// DelayReason and DelayEvidence fill that section.
	DelayReason   string
	DelayEvidence string
	// Customer is the recipient of a notice we give as processor; the
	// other drafts ignore it.
	Customer Customer
	// Answers are what people wrote for the elements of a draft drawn from
	// the catalog, by ElementKey: they fill what no other input answers.
	Answers map[string]string
	// Lang is the ISO 639-1 language to render in (see Languages); empty
	// is English. The English text follows a translation, for review.
	Lang string
	// Regime is the regime's catalog entry, from which a regime without a
	// builder of its own is drafted (see Regime); nil allows only the
	// regimes with a builder.
	Regime *Regime
}

//go:embed templates/*.tmpl
var templateFS embed.FS

// The templates are parsed once; they are read-only afterwards, so
// rendering is safe for concurrent use.
var (
	mdTemplate = texttemplate.Must(texttemplate.New("draft.md.tmpl").
			Option("missingkey=error").
			Funcs(texttemplate.FuncMap{"md": escapeMarkdown}).
			ParseFS(templateFS, "templates/draft.md.tmpl"))
	htmlTemplate = htmltemplate.Must(htmltemplate.New("draft.html.tmpl").
			Option("missingkey=error").
			ParseFS(templateFS, "templates/draft.html.tmpl"))
)

// Regimes lists the regime ids that have a draft of their own, sorted;
// every other Draftable regime of the catalog is drafted from its entry.
func Regimes() []string { return slices.Sorted(maps.Keys(builders)) }

// Render renders the draft for regime in format f. An unknown regime or one
// without a template is ErrNoTemplate, naming the regimes that have one.
func Render(regime string, f Format, in Input) ([]byte, error) {
	t, err := translation(in.Lang)
	if err != nil {
		return nil, err
	}
	d, err := buildIn(regime, in, t)
	if err != nil {
		return nil, err
	}
	if t != nil {
		// The English text for review is rendered without the
		// translation, so that its values are English too.
		en, err := build(regime, in)
		if err != nil {
			return nil, err
		}
		d = translate(d, t, en)
		d.Lang = in.Lang
	}
	var buf bytes.Buffer
	switch f {
	case Markdown:
		err = mdTemplate.Execute(&buf, d)
	case HTML:
		err = htmlTemplate.Execute(&buf, d)
	case PDF:
		return renderPDF(d, in, regime)
	case JSON:
		return json.Marshal(layout{Regime: regime, Incident: in.Incident.ID, Lang: in.Lang, Trace: trace(in, regime), Draft: d})
	default:
		return nil, fmt.Errorf("%w: unknown format %q (md, html, pdf or json)", ErrInvalidInput, f)
	}
	if err != nil {
		return nil, fmt.Errorf("render %s draft for %s: %w", f, regime, err)
	}
	return buf.Bytes(), nil
}

// build checks the input and builds the format-independent document.
func build(regime string, in Input) (*doc, error) { return buildIn(regime, in, nil) }

// buildIn is build with the values the rendering words itself (the data
// categories) taken from words, a translation; nil is English.
func buildIn(regime string, in Input, words map[string]string) (*doc, error) {
	b, ok := builders[regime]
	if !ok && in.Regime != nil && in.Regime.ID == regime && in.Regime.Draftable() {
		b, ok = in.Regime.builder(), true
	}
	if !ok {
		return nil, fmt.Errorf("%w for regime %q; drafts exist for %s", ErrNoTemplate, regime, strings.Join(Regimes(), ", "))
	}
	if in.Obligation.Regime != "" && in.Obligation.Regime != regime {
		return nil, fmt.Errorf("%w: the obligation is for %s, not %s", ErrInvalidInput, in.Obligation.Regime, regime)
	}
	if in.Now.IsZero() {
		return nil, fmt.Errorf("%w: now is required", ErrInvalidInput)
	}
	if in.Facts == nil {
		in.Facts = &incident.Facts{}
	}
	c := newRendering(regime, b, in)
	c.words = words
	d := b.build(c)
	return d, nil
}
