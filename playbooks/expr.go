package playbooks

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/checker"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"

	"github.com/breachd/breachd/incident"
)

// Bounds on expressions. An expression is written by a person and read by a
// machine on every alert, so it stays short and cheap: a condition over a
// few fields, not a program.
const (
	MaxExprLen = 4 << 10
	// maxExprCost bounds CEL's static cost estimate of one expression, and
	// its actual cost at run time. A comparison costs about 1, a string
	// match about its length over 10; 10,000 leaves ample room for any
	// sensible condition over an alert's fields and lists.
	maxExprCost     = 10_000
	maxExprDepth    = 32
	maxExprCodeSize = MaxExprLen
)

// alertExpr is the alert as expressions see it, under the name alert:
// snake_case fields, no pointers, so that a field of an absent part reads
// as its zero value instead of failing at run time.
type alertExpr struct {
	ID              string            `cel:"id"`
	Source          string            `cel:"source"`
	Kind            string            `cel:"kind"`
	Time            time.Time         `cel:"time"`
	Severity        string            `cel:"severity"`
	SeverityLevel   int64             `cel:"severity_level"`
	Title           string            `cel:"title"`
	Description     string            `cel:"description"`
	Fingerprint     string            `cel:"fingerprint"`
	Asset           assetExpr         `cel:"asset"`
	Labels          map[string]string `cel:"labels"`
	HasPersonalData bool              `cel:"has_personal_data"`
	PersonalData    personalDataExpr  `cel:"personal_data"`
}

type assetExpr struct {
	ID     string `cel:"id"`
	Type   string `cel:"type"`
	Tenant string `cel:"tenant"`
}

type personalDataExpr struct {
	Categories    []string `cel:"categories"`
	Subjects      int64    `cel:"subjects"`
	Jurisdictions []string `cel:"jurisdictions"`
	Encrypted     bool     `cel:"encrypted"`
}

// incidentExpr is the incident as expressions see it, under the name
// incident.
type incidentExpr struct {
	ID              string            `cel:"id"`
	Title           string            `cel:"title"`
	Severity        string            `cel:"severity"`
	SeverityLevel   int64             `cel:"severity_level"`
	Status          string            `cel:"status"`
	OpenedAt        time.Time         `cel:"opened_at"`
	FirstSeen       time.Time         `cel:"first_seen"`
	LastSeen        time.Time         `cel:"last_seen"`
	AlertCount      int64             `cel:"alert_count"`
	Kinds           []string          `cel:"kinds"`
	Sources         []string          `cel:"sources"`
	Asset           assetExpr         `cel:"asset"`
	Labels          map[string]string `cel:"labels"`
	HasPersonalData bool              `cel:"has_personal_data"`
	PersonalData    personalDataExpr  `cel:"personal_data"`
	Acknowledged    bool              `cel:"acknowledged"`
	HasCustomer     bool              `cel:"has_customer"`
	Facts           factsExpr         `cel:"facts"`
}

// factsExpr is the incident's breach facts as expressions see them: every
// fact of incident.Facts under its JSON key, an unset fact as its zero
// value, and set listing the keys that are recorded, so that an expression
// can tell "false" from "nobody said" ("high_risk" in incident.facts.set).
// factsFromIncident fills the fields by their cel tag, which must equal the
// fact's JSON key; a test checks that every fact is here.
type factsExpr struct {
	Set                                  []string             `cel:"set"`
	Role                                 string               `cel:"role"`
	Jurisdictions                        []string             `cel:"jurisdictions"`
	SECRegistrant                        bool                 `cel:"sec_registrant"`
	NIS2Entity                           string               `cel:"nis2_entity"`
	TrustServiceProvider                 bool                 `cel:"trust_service_provider"`
	SignificantIncident                  bool                 `cel:"significant_incident"`
	DORAFinancialEntity                  bool                 `cel:"dora_financial_entity"`
	DORAWeekendRelief                    bool                 `cel:"dora_weekend_relief"`
	CIIOperator                          bool                 `cel:"cii_operator"`
	CentralStateOrgan                    bool                 `cel:"central_state_organ"`
	SmallProcessingAgent                 bool                 `cel:"small_processing_agent"`
	NYDFSCoveredEntity                   bool                 `cel:"nydfs_covered_entity"`
	Certifications                       []string             `cel:"certifications"`
	Sectors                              []string             `cel:"sectors"`
	ContractNotificationSLAHours         int64                `cel:"contract_notification_sla_hours"`
	PersonalDataAffected                 bool                 `cel:"personal_data_affected"`
	DataSubjects                         int64                `cel:"data_subjects"`
	DataSubjectsByJurisdiction           map[string]int64     `cel:"data_subjects_by_jurisdiction"`
	ResidentsByState                     map[string]int64     `cel:"residents_by_state"`
	DataCategories                       []string             `cel:"data_categories"`
	Encrypted                            bool                 `cel:"encrypted"`
	EncryptionKeyCompromised             bool                 `cel:"encryption_key_compromised"`
	UnsecuredPHI                         bool                 `cel:"unsecured_phi"`
	Cause                                string               `cel:"cause"`
	RiskToRights                         bool                 `cel:"risk_to_rights"`
	HighRisk                             bool                 `cel:"high_risk"`
	SignificantHarm                      bool                 `cel:"significant_harm"`
	LikelySeriousHarm                    bool                 `cel:"likely_serious_harm"`
	RealRiskOfSignificantHarm            bool                 `cel:"real_risk_of_significant_harm"`
	RiskOrRelevantDamage                 bool                 `cel:"risk_or_relevant_damage"`
	RemedialActionPreventedHarm          bool                 `cel:"remedial_action_prevented_harm"`
	LowProbabilityOfCompromiseDocumented bool                 `cel:"low_probability_of_compromise_documented"`
	HarmNotLikelyDetermined              bool                 `cel:"harm_not_likely_determined"`
	SourceOfBreach                       bool                 `cel:"source_of_breach"`
	IncidentGrade                        string               `cel:"incident_grade"`
	AwareAt                              time.Time            `cel:"aware_at"`
	DiscoveredAt                         time.Time            `cel:"discovered_at"`
	BreachDeterminedAt                   time.Time            `cel:"breach_determined_at"`
	PersonalDataKnownAt                  time.Time            `cel:"personal_data_known_at"`
	ProcessorAwareAt                     time.Time            `cel:"processor_aware_at"`
	AssessedNotifiableAt                 time.Time            `cel:"assessed_notifiable_at"`
	AssessedNotNotifiableAt              time.Time            `cel:"assessed_not_notifiable_at"`
	SuspectedAt                          time.Time            `cel:"suspected_at"`
	BelievedAt                           time.Time            `cel:"believed_at"`
	MaterialityDeterminedAt              time.Time            `cel:"materiality_determined_at"`
	ClassifiedMajorAt                    time.Time            `cel:"classified_major_at"`
	HandlingConcludedAt                  time.Time            `cel:"handling_concluded_at"`
	Submitted                            map[string]time.Time `cel:"submitted"`
	Holds                                []string             `cel:"holds"`
	Timezones                            map[string]string    `cel:"timezones"`
}

// newExprEnv declares the two variables every match and if expression may
// read. It is built once per load.
func newExprEnv() (*cel.Env, error) {
	return cel.NewEnv(
		ext.NativeTypes(reflect.TypeFor[alertExpr](), reflect.TypeFor[incidentExpr](), ext.ParseStructTags(true)),
		cel.Variable("alert", cel.ObjectType("playbooks.alertExpr")),
		cel.Variable("incident", cel.ObjectType("playbooks.incidentExpr")),
		ext.Strings(),
		cel.ParserRecursionLimit(maxExprDepth),
		cel.ParserExpressionSizeLimit(maxExprCodeSize),
	)
}

// exprProblem is one problem in an expression, at a position inside it
// (1-based line, 0-based column as CEL counts them; 0,0 when unknown).
type exprProblem struct {
	line, col int
	msg       string
}

// compileExpr parses and type-checks src as a boolean expression and plans
// its program. The problems name positions inside src.
func compileExpr(env *cel.Env, src string) (cel.Program, []exprProblem) {
	if len(src) > MaxExprLen {
		return nil, []exprProblem{{msg: fmt.Sprintf("the expression is %d bytes, over the limit of %d", len(src), MaxExprLen)}}
	}
	if strings.TrimSpace(src) == "" {
		return nil, []exprProblem{{msg: "the expression is empty"}}
	}
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		var out []exprProblem
		for _, e := range iss.Errors() {
			out = append(out, exprProblem{line: e.Location.Line(), col: e.Location.Column(), msg: e.Message})
		}
		return nil, out
	}
	if !ast.OutputType().IsExactType(types.BoolType) {
		return nil, []exprProblem{{msg: fmt.Sprintf("the expression is a %s, not a bool (true or false)", ast.OutputType())}}
	}
	est, err := env.EstimateCost(ast, sizes{})
	if err == nil && est.Max > maxExprCost {
		return nil, []exprProblem{{msg: fmt.Sprintf("the expression may cost up to %d to evaluate, over the limit of %d: compare fewer or shorter things", est.Max, maxExprCost)}}
	}
	prg, err := env.Program(ast, cel.CostLimit(maxExprCost), cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, []exprProblem{{msg: err.Error()}}
	}
	return prg, nil
}

// sizes bounds the size of every string, list and map an expression can
// read, from the limits an alert is validated against, so that CEL's cost
// estimate is finite.
type sizes struct{}

// EstimateSize implements checker.CostEstimator.
func (sizes) EstimateSize(n checker.AstNode) *checker.SizeEstimate {
	path := n.Path()
	if len(path) == 0 {
		return nil
	}
	var size uint64
	switch last := path[len(path)-1]; {
	case n.Type().Kind() == types.ListKind || n.Type().Kind() == types.MapKind:
		size = incident.MaxListLen
		if last == "labels" {
			size = incident.MaxLabels
		}
	case n.Type().Kind() != types.StringKind:
		return nil
	case last == "description":
		size = incident.MaxDescriptionLen
	case last == "title":
		size = incident.MaxTitleLen
	case last == "@values" && len(path) > 1 && path[len(path)-2] == "labels":
		size = incident.MaxLabelValueLen
	default:
		size = incident.MaxNameLen
	}
	est := checker.FixedSizeEstimate(size)
	est.Min = 0
	return &est
}

// EstimateCallCost implements checker.CostEstimator: CEL's own estimates.
func (sizes) EstimateCallCost(string, string, *checker.AstNode, []checker.AstNode) *checker.CallEstimate {
	return nil
}

// exprVars is what an expression reads for one alert and incident.
func exprVars(a *incident.Alert, inc *incident.Incident) (map[string]any, error) {
	f, err := factsView(inc.Facts)
	if err != nil {
		return nil, err
	}
	iv := &incidentExpr{
		ID: inc.ID, Title: inc.Title, Severity: severityName(inc.Severity), SeverityLevel: int64(inc.Severity),
		Status: string(inc.Status), OpenedAt: inc.OpenedAt, FirstSeen: inc.FirstSeen, LastSeen: inc.LastSeen,
		AlertCount: inc.AlertCount, Kinds: nonNil(inc.Kinds), Sources: nonNil(inc.Sources), Asset: assetExpr(inc.Asset),
		HasPersonalData: inc.PersonalData != nil, PersonalData: personalDataView(inc.PersonalData),
		Acknowledged: inc.AcknowledgedAt != nil, HasCustomer: inc.Customer != nil, Facts: *f,
		Labels: nonNilMap(inc.Labels),
	}
	av := &alertExpr{
		ID: a.ID, Source: a.Source, Kind: a.Kind, Time: a.Time, Severity: severityName(a.Severity), SeverityLevel: int64(a.Severity),
		Title: a.Title, Description: a.Description, Fingerprint: a.EffectiveFingerprint(), Asset: assetExpr(a.Asset),
		Labels: nonNilMap(a.Labels), HasPersonalData: a.PersonalData != nil, PersonalData: personalDataView(a.PersonalData),
	}
	return map[string]any{"alert": av, "incident": iv}, nil
}

// evalBool runs a compiled condition. An error at run time (an index out of
// range, the cost limit) is returned, never taken for true or false.
func evalBool(prg cel.Program, vars map[string]any) (bool, error) {
	out, _, err := prg.Eval(vars)
	if err != nil {
		return false, err
	}
	b, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("the expression gave %v, not a bool", out.Value())
	}
	return b, nil
}

func severityName(s incident.Severity) string {
	if s.Valid() {
		return s.String()
	}
	return ""
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func personalDataView(pd *incident.PersonalData) personalDataExpr {
	if pd == nil {
		return personalDataExpr{Categories: []string{}, Jurisdictions: []string{}}
	}
	return personalDataExpr{Categories: nonNil(pd.Categories), Subjects: pd.Subjects, Jurisdictions: nonNil(pd.Jurisdictions), Encrypted: pd.Encrypted != nil && *pd.Encrypted}
}

// factsView copies the facts into their expression view through their JSON
// form, so that the view follows incident.Facts key by key: each field of
// factsExpr takes the fact whose key is its cel tag. Holds become the list
// of regimes held.
func factsView(f *incident.Facts) (*factsExpr, error) {
	v := &factsExpr{Set: []string{}}
	if f == nil {
		fillEmpty(reflect.ValueOf(v).Elem())
		return v, nil
	}
	doc, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode facts: %w", err)
	}
	var set map[string]jsontext.Value
	if err := json.Unmarshal(doc, &set); err != nil {
		return nil, fmt.Errorf("decode facts: %w", err)
	}
	if f.AwareAt.IsZero() {
		delete(set, "aware_at")
	}
	rv := reflect.ValueOf(v).Elem()
	var errs []error
	for i := range rv.NumField() {
		key := rv.Type().Field(i).Tag.Get("cel")
		raw, ok := set[key]
		if !ok || key == "set" {
			continue
		}
		v.Set = append(v.Set, key)
		if key == "holds" {
			for _, h := range f.Holds {
				v.Holds = append(v.Holds, h.Regime)
			}
			continue
		}
		if err := json.Unmarshal(raw, rv.Field(i).Addr().Interface()); err != nil {
			errs = append(errs, fmt.Errorf("fact %s: %w", key, err))
		}
	}
	fillEmpty(rv)
	return v, errors.Join(errs...)
}

// fillEmpty replaces nil lists and maps by empty ones: CEL reads an empty
// list where Go has nil, and "x in list" must not fail on a fact nobody set.
func fillEmpty(rv reflect.Value) {
	for i := range rv.NumField() {
		f := rv.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			if f.IsNil() {
				f.Set(reflect.MakeSlice(f.Type(), 0, 0))
			}
		case reflect.Map:
			if f.IsNil() {
				f.Set(reflect.MakeMap(f.Type()))
			}
		}
	}
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
