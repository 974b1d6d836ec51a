package regulations

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// tri is a three-valued truth: a condition over facts is true, false, or
// unknown because a fact it reads has not been recorded.
type tri int8

const (
	no tri = iota
	unknown
	yes
)

// Cond is one declarative predicate over Facts, as written in the catalog.
// Exactly one field is set. It is deliberately small: leaves that read one
// fact, and any/all/not to combine them.
type Cond struct {
	// Jurisdiction is true when a jurisdiction of the facts (jurisdictions,
	// or a key of data_subjects_by_jurisdiction or residents_by_state)
	// matches one of the
	// patterns ("SG", "EU-*"); unknown when none is recorded.
	Jurisdiction []string `yaml:"jurisdiction"`
	// Role is true when role is one of these; unknown when not recorded.
	Role []incident.Role `yaml:"role"`
	// True is true when the boolean fact is true; an unrecorded fact is
	// false. (personal_data_affected defaults to true.)
	True string `yaml:"true"`
	// False is true when the boolean fact is false; an unrecorded fact is
	// false, so an exemption never rests on a missing fact.
	False string `yaml:"false"`
	// NotFalse is true unless the boolean fact is false; an unrecorded fact
	// is unknown.
	NotFalse string `yaml:"not_false"`
	// Set and Unset test whether a time fact is recorded.
	Set   string `yaml:"set"`
	Unset string `yaml:"unset"`
	// AtLeast is count >= value, the inequality of "not fewer than" and "N
	// or more"; an unrecorded count is unknown.
	AtLeast *Threshold `yaml:"at_least"`
	// Categories is true when data_categories holds one of these; an
	// empty list is false.
	Categories []string `yaml:"categories"`
	// Recorded is true when the count fact is recorded; false otherwise.
	// It is for duties that exist only when a number exists, such as a
	// contractual notice period.
	Recorded string `yaml:"recorded"`
	// MoreThan is count > value, the inequality of "more than N"; an
	// unrecorded count is unknown.
	MoreThan *Threshold `yaml:"more_than"`
	// Cause is true when cause is one of these; unknown when not recorded.
	Cause []string `yaml:"cause"`
	// IncidentGrade is true when incident_grade is one of these; unknown
	// when not recorded (the grade is an assessment of the incident).
	IncidentGrade []string `yaml:"incident_grade"`
	// Certifications is true when incident.Certifications() holds one of these; an
	// empty list is false.
	Certifications []string `yaml:"certifications"`
	// NIS2Entity is true when nis2_entity is one of these; an unrecorded
	// status is false, as for sec_registrant: the status is the
	// organisation's, not an assessment of the incident.
	NIS2Entity []string `yaml:"nis2_entity"`
	// Sector is true when sectors holds one of these; an unrecorded sector
	// is not one: the organisation's status, as nis2_entity.
	Sector []string `yaml:"sector"`
	Any    []Cond   `yaml:"any"`
	All    []Cond   `yaml:"all"`
	Not    *Cond    `yaml:"not"`
}

// Threshold compares a count fact with a number.
type Threshold struct {
	Count string `yaml:"count"`
	Value int    `yaml:"value"`
}

// boolFacts, timeFacts and countFacts read a fact by its JSON name.
var boolFacts = map[string]func(*incident.Facts) *bool{
	"sec_registrant":                           func(f *incident.Facts) *bool { return f.SECRegistrant },
	"trust_service_provider":                   func(f *incident.Facts) *bool { return f.TrustServiceProvider },
	"significant_incident":                     func(f *incident.Facts) *bool { return f.SignificantIncident },
	"dora_financial_entity":                    func(f *incident.Facts) *bool { return f.DORAFinancialEntity },
	"dora_weekend_relief":                      func(f *incident.Facts) *bool { return f.DORAWeekendRelief },
	"cii_operator":                             func(f *incident.Facts) *bool { return f.CIIOperator },
	"central_state_organ":                      func(f *incident.Facts) *bool { return f.CentralStateOrgan },
	"small_processing_agent":                   func(f *incident.Facts) *bool { return f.SmallProcessingAgent },
	"nydfs_covered_entity":                     func(f *incident.Facts) *bool { return f.NYDFSCoveredEntity },
	"personal_data_affected":                   personalDataAffected,
	"encrypted":                                func(f *incident.Facts) *bool { return f.Encrypted },
	"encryption_key_compromised":               func(f *incident.Facts) *bool { return f.EncryptionKeyCompromised },
	"unsecured_phi":                            func(f *incident.Facts) *bool { return f.UnsecuredPHI },
	"risk_to_rights":                           riskToRights,
	"high_risk":                                func(f *incident.Facts) *bool { return f.HighRisk },
	"significant_harm":                         func(f *incident.Facts) *bool { return f.SignificantHarm },
	"likely_serious_harm":                      func(f *incident.Facts) *bool { return f.LikelySeriousHarm },
	"real_risk_of_significant_harm":            func(f *incident.Facts) *bool { return f.RealRiskOfSignificantHarm },
	"risk_or_relevant_damage":                  func(f *incident.Facts) *bool { return f.RiskOrRelevantDamage },
	"remedial_action_prevented_harm":           func(f *incident.Facts) *bool { return f.RemedialActionPreventedHarm },
	"low_probability_of_compromise_documented": func(f *incident.Facts) *bool { return f.LowProbabilityOfCompromiseDocumented },
	"harm_not_likely_determined":               func(f *incident.Facts) *bool { return f.HarmNotLikelyDetermined },
	"source_of_breach":                         func(f *incident.Facts) *bool { return f.SourceOfBreach },
}

// riskToRights is risk_to_rights, or true when nobody recorded it and
// high_risk is true: a high risk to the rights and freedoms of natural
// persons (GDPR Art. 34(1)) is a risk to them (Art. 33(1)). The facts
// refuse high_risk true with risk_to_rights false.
func riskToRights(f *incident.Facts) *bool {
	if f.RiskToRights == nil && f.HighRisk != nil && *f.HighRisk {
		t := true
		return &t
	}
	return f.RiskToRights
}

// personalDataAffected applies the documented default: true.
func personalDataAffected(f *incident.Facts) *bool {
	if f.PersonalDataAffected == nil {
		t := true
		return &t
	}
	return f.PersonalDataAffected
}

var timeFacts = map[string]func(*incident.Facts) *time.Time{
	"aware_at":                   func(f *incident.Facts) *time.Time { return &f.AwareAt },
	"discovered_at":              func(f *incident.Facts) *time.Time { return orAware(f, f.DiscoveredAt) },
	"breach_determined_at":       func(f *incident.Facts) *time.Time { return orAware(f, f.BreachDeterminedAt) },
	"personal_data_known_at":     func(f *incident.Facts) *time.Time { return orAware(f, f.PersonalDataKnownAt) },
	"processor_aware_at":         func(f *incident.Facts) *time.Time { return f.ProcessorAwareAt },
	"assessed_notifiable_at":     func(f *incident.Facts) *time.Time { return f.AssessedNotifiableAt },
	"assessed_not_notifiable_at": func(f *incident.Facts) *time.Time { return f.AssessedNotNotifiableAt },
	"suspected_at":               func(f *incident.Facts) *time.Time { return f.SuspectedAt },
	"believed_at":                func(f *incident.Facts) *time.Time { return f.BelievedAt },
	"materiality_determined_at":  func(f *incident.Facts) *time.Time { return f.MaterialityDeterminedAt },
	"classified_major_at":        func(f *incident.Facts) *time.Time { return f.ClassifiedMajorAt },
	"handling_concluded_at":      func(f *incident.Facts) *time.Time { return f.HandlingConcludedAt },
}

// orAware applies the documented default of the discovery-type facts:
// aware_at.
func orAware(f *incident.Facts, t *time.Time) *time.Time {
	if t == nil {
		return &f.AwareAt
	}
	return t
}

// submittedPrefix names the time a report was filed, as a time fact:
// "submitted.nis2_art23_incident_notification" reads that key of submitted.
// Phase chains (NIS2 final report, DORA intermediate and final) start their
// clocks on it (REGULATIONS.md §17.10).
const submittedPrefix = "submitted."

// readTime reads a time fact by name; nil when it is not recorded.
func readTime(f *incident.Facts, name string) *time.Time {
	if id, ok := strings.CutPrefix(name, submittedPrefix); ok {
		t, ok := f.Submitted[id]
		if !ok {
			return nil
		}
		return &t
	}
	return timeFacts[name](f)
}

// isTimeFact reports whether name is a time fact. A submitted.<regime> name
// is checked against the catalog once every regime is loaded.
func isTimeFact(name string) bool {
	if id, ok := strings.CutPrefix(name, submittedPrefix); ok {
		return id != ""
	}
	return timeFacts[name] != nil
}

// residentsPrefix names the affected residents of one US State as a count
// fact: "residents.US-TX" reads that key of residents_by_state, unrecorded
// when the key is absent. US state thresholds count the residents of that
// State (REGULATIONS.md §15).
const residentsPrefix = "residents."

// readCount reads a count fact by name; nil when it is not recorded.
func readCount(f *incident.Facts, name string) *int {
	if code, ok := strings.CutPrefix(name, residentsPrefix); ok {
		n, ok := f.ResidentsByState[code]
		if !ok {
			return nil
		}
		return &n
	}
	return countFacts[name](f)
}

// isCountFact reports whether name is a count fact.
func isCountFact(name string) bool {
	if code, ok := strings.CutPrefix(name, residentsPrefix); ok {
		return strings.HasPrefix(code, "US-") && incident.ValidJurisdiction(code)
	}
	return countFacts[name] != nil
}

var countFacts = map[string]func(*incident.Facts) *int{
	"data_subjects":                   dataSubjects,
	"residents_in_largest_state":      residentsInLargestState,
	"contract_notification_sla_hours": func(f *incident.Facts) *int { return f.ContractNotificationSLAHours },
}

// dataSubjects is data_subjects, or else the sum of
// data_subjects_by_jurisdiction, or else the sum of residents_by_state,
// whichever is recorded first.
func dataSubjects(f *incident.Facts) *int {
	if f.DataSubjects != nil {
		return f.DataSubjects
	}
	for _, m := range []map[string]int{f.DataSubjectsByJurisdiction, f.ResidentsByState} {
		if len(m) == 0 {
			continue
		}
		n := 0
		for _, v := range m {
			n += v
		}
		return &n
	}
	return nil
}

// residentsInLargestState is the largest count of residents_by_state, for
// thresholds that count the residents of one State (HIPAA media notice:
// "more than 500 residents of a State or jurisdiction"). Unrecorded when
// residents_by_state is empty: a total does not say how it splits.
func residentsInLargestState(f *incident.Facts) *int {
	if len(f.ResidentsByState) == 0 {
		return nil
	}
	n := 0
	for _, v := range f.ResidentsByState {
		n = max(n, v)
	}
	return &n
}

// eval returns the truth of c for f (see newFacts) and, when it is unknown, the facts
// whose absence makes it so.
func (c *Cond) eval(f *facts) (tri, []string) {
	switch {
	case c.Jurisdiction != nil:
		codes := f.codes
		if len(codes) == 0 {
			return unknown, []string{"jurisdictions"}
		}
		for _, code := range codes {
			for _, p := range c.Jurisdiction {
				if matchJurisdiction(p, code) {
					return yes, nil
				}
			}
		}
		return no, nil
	case c.Role != nil:
		if f.Role == "" {
			return unknown, []string{"role"}
		}
		return truth(slices.Contains(c.Role, f.Role)), nil
	case c.True != "":
		b := boolFacts[c.True](f.Facts)
		return truth(b != nil && *b), nil
	case c.False != "":
		b := boolFacts[c.False](f.Facts)
		return truth(b != nil && !*b), nil
	case c.NotFalse != "":
		b := boolFacts[c.NotFalse](f.Facts)
		if b == nil {
			return unknown, []string{c.NotFalse}
		}
		return truth(*b), nil
	case c.Set != "":
		return truth(readTime(f.Facts, c.Set) != nil), nil
	case c.Unset != "":
		return truth(readTime(f.Facts, c.Unset) == nil), nil
	case c.AtLeast != nil:
		n := readCount(f.Facts, c.AtLeast.Count)
		if n == nil {
			return unknown, []string{c.AtLeast.Count}
		}
		return truth(*n >= c.AtLeast.Value), nil
	case c.Recorded != "":
		return truth(readCount(f.Facts, c.Recorded) != nil), nil
	case c.MoreThan != nil:
		n := readCount(f.Facts, c.MoreThan.Count)
		if n == nil {
			return unknown, []string{c.MoreThan.Count}
		}
		return truth(*n > c.MoreThan.Value), nil
	case c.IncidentGrade != nil:
		if f.IncidentGrade == "" {
			return unknown, []string{"incident_grade"}
		}
		return truth(slices.Contains(c.IncidentGrade, f.IncidentGrade)), nil
	case c.Certifications != nil:
		for _, v := range f.Certifications {
			if slices.Contains(c.Certifications, v) {
				return yes, nil
			}
		}
		return no, nil
	case c.NIS2Entity != nil:
		return truth(f.NIS2Entity != "" && slices.Contains(c.NIS2Entity, f.NIS2Entity)), nil
	case c.Sector != nil:
		return truth(slices.ContainsFunc(f.Sectors, func(s string) bool { return slices.Contains(c.Sector, s) })), nil
	case c.Categories != nil:
		for _, cat := range f.DataCategories {
			if slices.Contains(c.Categories, cat) {
				return yes, nil
			}
		}
		return no, nil
	case c.Cause != nil:
		if f.Cause == "" {
			return unknown, []string{"cause"}
		}
		return truth(slices.Contains(c.Cause, f.Cause)), nil
	case c.Not != nil:
		t, why := c.Not.eval(f)
		return yes - t, why // yes↔no, unknown stays unknown
	case c.Any != nil:
		return combine(c.Any, f, yes)
	case c.All != nil:
		return combine(c.All, f, no)
	}
	panic("regulations: empty condition after catalog validation")
}

// combine evaluates any (decisive = yes) or all (decisive = no) in Kleene
// logic: one decisive value settles it; otherwise any unknown leaves it
// unknown.
func combine(cs []Cond, f *facts, decisive tri) (tri, []string) {
	var missing []string
	for i := range cs {
		t, why := cs[i].eval(f)
		switch t {
		case decisive:
			return decisive, nil
		case unknown:
			for _, w := range why {
				if !slices.Contains(missing, w) {
					missing = append(missing, w)
				}
			}
		}
	}
	if len(missing) > 0 {
		return unknown, missing
	}
	return yes - decisive, nil
}

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

// check reports what is wrong with c: not exactly one field set, or a fact
// name the facts model does not have.
func (c *Cond) check() error {
	var errs []error
	set := 0
	count := func(ok bool) {
		if ok {
			set++
		}
	}
	count(c.Jurisdiction != nil)
	count(c.Role != nil)
	count(c.True != "")
	count(c.False != "")
	count(c.NotFalse != "")
	count(c.Set != "")
	count(c.Unset != "")
	count(c.AtLeast != nil)
	count(c.MoreThan != nil)
	count(c.Recorded != "")
	count(c.NIS2Entity != nil)
	count(c.Sector != nil)
	count(c.IncidentGrade != nil)
	count(c.Certifications != nil)
	count(c.Categories != nil)
	count(c.Cause != nil)
	count(c.Any != nil)
	count(c.All != nil)
	count(c.Not != nil)
	if set != 1 {
		return fmt.Errorf("a condition needs exactly one predicate, got %d", set)
	}
	for _, bf := range []struct{ kind, name string }{{"true", c.True}, {"false", c.False}, {"not_false", c.NotFalse}} {
		if bf.name != "" && boolFacts[bf.name] == nil {
			errs = append(errs, fmt.Errorf("%s: %q is not a %s fact", bf.kind, bf.name, bf.kind))
		}
	}
	for _, tf := range []struct{ kind, name string }{{"set", c.Set}, {"unset", c.Unset}} {
		if tf.name != "" && !isTimeFact(tf.name) {
			errs = append(errs, fmt.Errorf("%s: %q is not a time fact", tf.kind, tf.name))
		}
	}
	for _, th := range []struct {
		kind string
		t    *Threshold
	}{{"at_least", c.AtLeast}, {"more_than", c.MoreThan}} {
		if th.t != nil && !isCountFact(th.t.Count) {
			errs = append(errs, fmt.Errorf("%s: %q is not a count fact", th.kind, th.t.Count))
		}
	}
	if c.Recorded != "" && !isCountFact(c.Recorded) {
		errs = append(errs, fmt.Errorf("recorded: %q is not a count fact", c.Recorded))
	}
	for i, v := range c.IncidentGrade {
		if !slices.Contains(incident.IncidentGrades(), v) {
			errs = append(errs, fmt.Errorf("incident_grade[%d]: %q is not one of %s", i, v, strings.Join(incident.IncidentGrades(), ", ")))
		}
	}
	for i, v := range c.Certifications {
		if !slices.Contains(incident.Certifications(), v) {
			errs = append(errs, fmt.Errorf("certifications[%d]: %q is not one of %s", i, v, strings.Join(incident.Certifications(), ", ")))
		}
	}
	for i, v := range c.Sector {
		if !slices.Contains(incident.Sectors(), v) {
			errs = append(errs, fmt.Errorf("sector[%d]: %q is not one of %s", i, v, strings.Join(incident.Sectors(), ", ")))
		}
	}
	for i, v := range c.NIS2Entity {
		if v != "essential" && v != "important" {
			errs = append(errs, fmt.Errorf("nis2_entity[%d]: %q is not essential or important", i, v))
		}
	}
	for i, p := range c.Jurisdiction {
		if !validPattern(p) {
			errs = append(errs, fmt.Errorf("jurisdiction[%d]: %q is not a jurisdiction code or pattern", i, p))
		}
	}
	for i, r := range c.Role {
		switch r {
		case incident.RoleController, incident.RoleProcessor, incident.RoleDataIntermediary, incident.RoleCoveredEntity, incident.RoleBusinessAssociate:
		default:
			errs = append(errs, fmt.Errorf("role[%d]: %q is not a role", i, r))
		}
	}
	for i := range c.Any {
		if err := c.Any[i].check(); err != nil {
			errs = append(errs, fmt.Errorf("any[%d]: %w", i, err))
		}
	}
	for i := range c.All {
		if err := c.All[i].check(); err != nil {
			errs = append(errs, fmt.Errorf("all[%d]: %w", i, err))
		}
	}
	if c.Not != nil {
		if err := c.Not.check(); err != nil {
			errs = append(errs, fmt.Errorf("not: %w", err))
		}
	}
	return errors.Join(errs...)
}
