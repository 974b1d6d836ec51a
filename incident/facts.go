package incident

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"

	"github.com/breachd/breachd/internal/jsonerr"
)

// ErrInvalidFacts is the category of every decoding and validation error of
// Facts: the facts are wrong, not the engine. It matches ErrInvalid too.
var ErrInvalidFacts = fmt.Errorf("%w facts", ErrInvalid)

// MaxFactsSize bounds a facts document.
const MaxFactsSize = 1 << 20

// Role is our role for the affected data.
type Role string

// Roles. Controller also covers "organisation" (PDPA), "data fiduciary",
// "personal information handler" and "APP entity".
const (
	RoleController        Role = "controller"
	RoleProcessor         Role = "processor"
	RoleDataIntermediary  Role = "data_intermediary"
	RoleCoveredEntity     Role = "covered_entity"
	RoleBusinessAssociate Role = "business_associate"
)

// Facts are an incident's breach facts, as the appendix of REGULATIONS.md
// lists them: one flat object, snake_case, every field optional except
// AwareAt. A nil pointer is a fact nobody has recorded yet, which the engine
// treats differently from an explicit false or zero.
type Facts struct {
	Role                                 Role           `json:"role,omitempty"`
	Jurisdictions                        []string       `json:"jurisdictions,omitempty"`
	SECRegistrant                        *bool          `json:"sec_registrant,omitempty"`
	NIS2Entity                           string         `json:"nis2_entity,omitempty"`
	TrustServiceProvider                 *bool          `json:"trust_service_provider,omitempty"`
	SignificantIncident                  *bool          `json:"significant_incident,omitempty"`
	DORAFinancialEntity                  *bool          `json:"dora_financial_entity,omitempty"`
	DORAWeekendRelief                    *bool          `json:"dora_weekend_relief,omitempty"`
	CIIOperator                          *bool          `json:"cii_operator,omitempty"`
	CentralStateOrgan                    *bool          `json:"central_state_organ,omitempty"`
	SmallProcessingAgent                 *bool          `json:"small_processing_agent,omitempty"`
	NYDFSCoveredEntity                   *bool          `json:"nydfs_covered_entity,omitempty"`
	Certifications                       []string       `json:"certifications,omitempty"`
	Sectors                              []string       `json:"sectors,omitempty"`
	ContractNotificationSLAHours         *int           `json:"contract_notification_sla_hours,omitempty"`
	PersonalDataAffected                 *bool          `json:"personal_data_affected,omitempty"`
	DataSubjects                         *int           `json:"data_subjects,omitempty"`
	DataSubjectsByJurisdiction           map[string]int `json:"data_subjects_by_jurisdiction,omitempty"`
	ResidentsByState                     map[string]int `json:"residents_by_state,omitempty"`
	DataCategories                       []string       `json:"data_categories,omitempty"`
	Encrypted                            *bool          `json:"encrypted,omitempty"`
	EncryptionKeyCompromised             *bool          `json:"encryption_key_compromised,omitempty"`
	UnsecuredPHI                         *bool          `json:"unsecured_phi,omitempty"`
	Cause                                string         `json:"cause,omitempty"`
	RiskToRights                         *bool          `json:"risk_to_rights,omitempty"`
	HighRisk                             *bool          `json:"high_risk,omitempty"`
	SignificantHarm                      *bool          `json:"significant_harm,omitempty"`
	LikelySeriousHarm                    *bool          `json:"likely_serious_harm,omitempty"`
	RealRiskOfSignificantHarm            *bool          `json:"real_risk_of_significant_harm,omitempty"`
	RiskOrRelevantDamage                 *bool          `json:"risk_or_relevant_damage,omitempty"`
	RemedialActionPreventedHarm          *bool          `json:"remedial_action_prevented_harm,omitempty"`
	LowProbabilityOfCompromiseDocumented *bool          `json:"low_probability_of_compromise_documented,omitempty"`
	// HarmNotLikelyDetermined records the determination, after a
	// reasonable investigation (and in writing where the law asks), that
	// the breach is not reasonably likely to result in harm, misuse or
	// identity theft: the risk-of-harm exception of most US State laws.
	HarmNotLikelyDetermined *bool `json:"harm_not_likely_determined,omitempty"`
	// SourceOfBreach records whether the organisation giving notice was
	// the source of the breach (its own systems, staff or vendors), as
	// opposed to a third party holding the data: California's offer of
	// identity theft prevention services is owed by the source
	// (Cal. Civ. Code 1798.82(d)(2)(G)).
	SourceOfBreach          *bool                `json:"source_of_breach,omitempty"`
	IncidentGrade           string               `json:"incident_grade,omitempty"`
	AwareAt                 time.Time            `json:"aware_at"`
	DiscoveredAt            *time.Time           `json:"discovered_at,omitempty"`
	BreachDeterminedAt      *time.Time           `json:"breach_determined_at,omitempty"`
	PersonalDataKnownAt     *time.Time           `json:"personal_data_known_at,omitempty"`
	ProcessorAwareAt        *time.Time           `json:"processor_aware_at,omitempty"`
	AssessedNotifiableAt    *time.Time           `json:"assessed_notifiable_at,omitempty"`
	AssessedNotNotifiableAt *time.Time           `json:"assessed_not_notifiable_at,omitempty"`
	SuspectedAt             *time.Time           `json:"suspected_at,omitempty"`
	BelievedAt              *time.Time           `json:"believed_at,omitempty"`
	MaterialityDeterminedAt *time.Time           `json:"materiality_determined_at,omitempty"`
	ClassifiedMajorAt       *time.Time           `json:"classified_major_at,omitempty"`
	HandlingConcludedAt     *time.Time           `json:"handling_concluded_at,omitempty"`
	Submitted               map[string]time.Time `json:"submitted,omitempty"`
	Holds                   []Hold               `json:"holds,omitempty"`
	Timezones               map[string]string    `json:"timezones,omitempty"`
}

// Hold is a law-enforcement hold on one regime's notice: a written or oral
// request to delay (HIPAA 164.412, SEC Item 1.05(c)) or an instruction that
// prohibits it (PDPA s.26D(6)). Until is when it lapses; nil means until
// lifted.
type Hold struct {
	Regime string     `json:"regime"`
	Until  *time.Time `json:"until,omitempty"`
	Reason string     `json:"reason"`
}

// DecodeFacts reads one facts object strictly: an unknown key, a repeated
// key or a value of the wrong type is an error that names the key. It does
// not validate; see Facts.Validate.
func DecodeFacts(r io.Reader) (*Facts, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFactsSize+1))
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	return ParseFacts(data)
}

// ParseFacts is DecodeFacts on bytes.
func ParseFacts(data []byte) (*Facts, error) {
	if len(data) > MaxFactsSize {
		return nil, fmt.Errorf("%w: the document is over %d bytes", ErrInvalidFacts, MaxFactsSize)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidFacts)
	}
	var f Facts
	if err := json.Unmarshal(data, &f, json.RejectUnknownMembers(true)); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidFacts, describeJSONError(err))
	}
	if err := f.canonicalize(); err != nil {
		return nil, err
	}
	return &f, nil
}

// canonicalize writes every jurisdiction code the one way the catalog
// names it (CanonicalJurisdiction: FR is EU-FR, GB is UK; a State in
// residents_by_state may be WA or US-WA), and drops repeats from
// jurisdictions. Two keys of one map that name the same jurisdiction are an
// error naming both. A code that is no jurisdiction is left for Validate.
func (f *Facts) canonicalize() error {
	var errs []error
	state := func(k string) string {
		if code, ok := USState(k); ok {
			return code
		}
		return k
	}
	f.DataSubjectsByJurisdiction = rekey("data_subjects_by_jurisdiction", f.DataSubjectsByJurisdiction, CanonicalJurisdiction, &errs)
	f.ResidentsByState = rekey("residents_by_state", f.ResidentsByState, state, &errs)
	f.Timezones = rekey("timezones", f.Timezones, CanonicalJurisdiction, &errs)
	var codes []string
	for _, c := range f.Jurisdictions {
		if c = CanonicalJurisdiction(c); !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if f.Jurisdictions != nil {
		f.Jurisdictions = codes
	}
	return errors.Join(errs...)
}

// rekey returns m with each key written by canon; two keys that canon
// writes alike are an error of field, added to errs, naming both.
func rekey[V any](field string, m map[string]V, canon func(string) string, errs *[]error) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	from := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		c := canon(k)
		if prev, dup := from[c]; dup {
			*errs = append(*errs, fmt.Errorf("%w: %s: %q and %q name the same jurisdiction, %s", ErrInvalidFacts, field, prev, k, c))
			continue
		}
		from[c], out[c] = k, m[k]
	}
	return out
}

// describeJSONError turns a decoding error into a sentence naming the key,
// as a path with dots (holds.0.until).
func describeJSONError(err error) string {
	p := jsonerr.Classify(err)
	switch p.Kind {
	case jsonerr.Truncated:
		return "not JSON: the document is empty or cut short"
	case jsonerr.Duplicate:
		return fmt.Sprintf("key %s appears twice", p.Path)
	case jsonerr.Trailing, jsonerr.Syntax:
		return fmt.Sprintf("not JSON: %v (at byte %d)", p.Err, p.Offset)
	case jsonerr.UnknownField:
		return fmt.Sprintf("unknown key %s", p.Path)
	case jsonerr.TopLevel:
		return "facts must be a JSON object"
	case jsonerr.Timestamp:
		return fmt.Sprintf("%s must be an RFC 3339 timestamp such as 2026-03-10T14:20:00Z", p.Path)
	case jsonerr.WrongType:
		return fmt.Sprintf("%s must be %s", p.Path, p.Want)
	case jsonerr.Refused:
		return fmt.Sprintf("%s: %v", p.Path, p.Err)
	}
	return err.Error()
}

// Validate reports every impossible value, each naming its field: a missing
// or zero aware_at, values outside an enumeration, unknown jurisdiction
// codes, negative counts and trigger times before awareness. Whether the
// regime ids in submitted and holds exist is the regulation catalog's to
// say (regulations.Catalog.CheckFacts).
func (f *Facts) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s: %s", ErrInvalidFacts, field, fmt.Sprintf(format, args...)))
	}
	oneOf := func(field, v string, allowed ...string) {
		if v != "" && !slices.Contains(allowed, v) {
			bad(field, "%q is not one of %s", v, strings.Join(allowed, ", "))
		}
	}
	if f.AwareAt.IsZero() {
		bad("aware_at", "is required")
	}
	oneOf("role", string(f.Role), roleNames()...)
	oneOf("nis2_entity", f.NIS2Entity, "essential", "important")
	oneOf("cause", f.Cause, "external_unlawful_access", "wrongful_purpose", "misdelivery", "loss", "internal")
	oneOf("incident_grade", f.IncidentGrade, IncidentGrades()...)
	for i, code := range f.Jurisdictions {
		if !ValidJurisdiction(code) {
			bad(fmt.Sprintf("jurisdictions.%d", i), "%q is not a jurisdiction code (an ISO 3166-1 country such as TH or FR, EU-IE, UK, US, US-WA, CA-QC)", code)
		}
	}
	for i, v := range f.Certifications {
		oneOf(fmt.Sprintf("certifications.%d", i), v, Certifications()...)
	}
	for i, v := range f.Sectors {
		oneOf(fmt.Sprintf("sectors.%d", i), v, Sectors()...)
	}
	for i, v := range f.DataCategories {
		if strings.TrimSpace(v) == "" {
			bad(fmt.Sprintf("data_categories.%d", i), "is empty")
		}
	}
	if f.ContractNotificationSLAHours != nil && *f.ContractNotificationSLAHours <= 0 {
		bad("contract_notification_sla_hours", "must be positive, got %d", *f.ContractNotificationSLAHours)
	}
	if f.DataSubjects != nil && *f.DataSubjects < 0 {
		bad("data_subjects", "must not be negative, got %d", *f.DataSubjects)
	}
	for _, code := range slices.Sorted(maps.Keys(f.DataSubjectsByJurisdiction)) {
		if !ValidJurisdiction(code) {
			bad("data_subjects_by_jurisdiction."+code, "%q is not a jurisdiction code", code)
		} else if n := f.DataSubjectsByJurisdiction[code]; n < 0 {
			bad("data_subjects_by_jurisdiction."+code, "must not be negative, got %d", n)
		}
	}
	for _, code := range slices.Sorted(maps.Keys(f.ResidentsByState)) {
		if !strings.HasPrefix(code, "US-") || !ValidJurisdiction(code) {
			bad("residents_by_state."+code, "%q is not a US state, DC or territory code such as WA or US-WA", code)
		} else if n := f.ResidentsByState[code]; n < 0 {
			bad("residents_by_state."+code, "must not be negative, got %d", n)
		}
	}
	if f.EncryptionKeyCompromised != nil && *f.EncryptionKeyCompromised && f.Encrypted != nil && !*f.Encrypted {
		bad("encryption_key_compromised", "is true but encrypted is false")
	}
	if f.HighRisk != nil && *f.HighRisk && f.RiskToRights != nil && !*f.RiskToRights {
		bad("high_risk", "is true but risk_to_rights is false: a high risk is a risk")
	}
	// Conclusions reached about the breach cannot precede awareness of it.
	if !f.AwareAt.IsZero() {
		for _, t := range []struct {
			field string
			at    *time.Time
		}{
			{"assessed_notifiable_at", f.AssessedNotifiableAt},
			{"assessed_not_notifiable_at", f.AssessedNotNotifiableAt},
			{"materiality_determined_at", f.MaterialityDeterminedAt},
			{"classified_major_at", f.ClassifiedMajorAt},
			{"handling_concluded_at", f.HandlingConcludedAt},
		} {
			if t.at != nil && t.at.Before(f.AwareAt) {
				bad(t.field, "%s is before aware_at %s", stamp(*t.at), stamp(f.AwareAt))
			}
		}
	}
	if f.SuspectedAt != nil && f.BelievedAt != nil && f.BelievedAt.Before(*f.SuspectedAt) {
		bad("believed_at", "%s is before suspected_at %s", stamp(*f.BelievedAt), stamp(*f.SuspectedAt))
	}
	for _, id := range slices.Sorted(maps.Keys(f.Submitted)) {
		at := f.Submitted[id]
		switch {
		case id == "":
			bad("submitted", "has an empty regime id")
		case at.IsZero():
			bad("submitted."+id, "needs the time of the submission")
		case !f.AwareAt.IsZero() && at.Before(f.AwareAt):
			bad("submitted."+id, "%s is before aware_at %s", stamp(at), stamp(f.AwareAt))
		}
	}
	for i, h := range f.Holds {
		field := fmt.Sprintf("holds.%d", i)
		if h.Regime == "" {
			bad(field+".regime", "is required")
		}
		if strings.TrimSpace(h.Reason) == "" {
			bad(field+".reason", "is required: the breach register records why a notice was held")
		}
		if h.Until != nil && !f.AwareAt.IsZero() && h.Until.Before(f.AwareAt) {
			bad(field+".until", "%s is before aware_at %s", stamp(*h.Until), stamp(f.AwareAt))
		}
	}
	for _, code := range slices.Sorted(maps.Keys(f.Timezones)) {
		if !ValidJurisdiction(code) {
			bad("timezones."+code, "%q is not a jurisdiction code", code)
		}
		if _, err := time.LoadLocation(f.Timezones[code]); err != nil || f.Timezones[code] == "" || f.Timezones[code] == "Local" {
			bad("timezones."+code, "%q is not an IANA time zone such as Asia/Singapore", f.Timezones[code])
		}
	}
	return errors.Join(errs...)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
