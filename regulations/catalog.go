package regulations

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/regulations/deadline"
)

//go:embed catalog.yaml
var defaultCatalog []byte

// Units of a regime's period.
const (
	UnitHours           = "hours"
	UnitCalendarDays    = "calendar_days"
	UnitBusinessDays    = "business_days"
	UnitSECBusinessDays = "sec_business_days"
	UnitMonths          = "months"
	// UnitMonthsSameTime is calendar months ending at the clock time of
	// the trigger (deadline.MonthsSameTime).
	UnitMonthsSameTime = "months_same_time"
	// UnitDaysAfterYearEnd is calendar days after 31 December of the
	// trigger's year (deadline.AfterYearEnd).
	UnitDaysAfterYearEnd = "days_after_year_end"
	// UnitCalendarDaysInclusive is calendar days counting the trigger day
	// as the first (deadline.CalendarDaysInclusive).
	UnitCalendarDaysInclusive = "calendar_days_inclusive"
	UnitNone                  = "none" // without undue delay: no numeric limit
)

// Catalog is the regulation catalog: the regimes, in the order they are
// reported, and the holiday calendars their business-day periods use. It is
// immutable once loaded.
type Catalog struct {
	Version   string    `yaml:"version"`
	Regimes   []*Regime `yaml:"regimes"`
	byID      map[string]*Regime
	calendars *deadline.Calendars
}

// Regime is one notification or documentation duty: who owes what to whom,
// when, and on which article it rests.
type Regime struct {
	ID           string   `yaml:"id"`
	Name         string   `yaml:"name"`
	Jurisdiction string   `yaml:"jurisdiction"`
	Obliged      string   `yaml:"obliged"`
	Trigger      string   `yaml:"trigger"`
	Recipient    string   `yaml:"recipient"`
	Basis        string   `yaml:"basis"`
	Effective    Period   `yaml:"effective"`
	Applies      []Check  `yaml:"applies"`
	Exemptions   []Check  `yaml:"exemptions"`
	Clock        Clock    `yaml:"clock"`
	FulfilledBy  []string `yaml:"fulfilled_by"`
	Pending      string   `yaml:"pending"`
	Due          string   `yaml:"due"`
	Phases       []Phase  `yaml:"phases"`
	Content      []string `yaml:"content"`
	Unverified   []string `yaml:"unverified"`
	Notes        []string `yaml:"notes"`
}

// Period is when a regime's rule is in force, compared with aware_at
// (REGULATIONS.md §17.12). Dates are YYYY-MM-DD, inclusive, UTC; Until is
// empty while the rule stands.
type Period struct {
	From  string `yaml:"from"`
	Until string `yaml:"until"`

	from, until time.Time
}

// Check is a condition with the sentence that explains its outcome: for an
// applies check, Otherwise says why the regime does not apply when it is
// false; for an exemption, Reason says why it is exempt when it is true.
type Check struct {
	When      Cond   `yaml:"when"`
	Otherwise string `yaml:"otherwise"`
	Reason    string `yaml:"reason"`
}

// Clock is how a regime's deadline is computed. Start lists time facts; the
// first one recorded starts the clock. A time fact is a trigger such as
// aware_at, or submitted.<regime>, the time a previous report was filed.
type Clock struct {
	Start    []string `yaml:"start"`
	Period   int      `yaml:"period"`
	Unit     string   `yaml:"unit"`
	Calendar string   `yaml:"calendar"`
	Zone     string   `yaml:"zone"`
	// PeriodFrom takes the period from a count fact instead of Period (the
	// contractual notice period, contract_notification_sla_hours).
	PeriodFrom string `yaml:"period_from"`
	// Overrides replace Period for some obliged parties (NIS2 trust service
	// providers: 24 h; Brazil's small processing agents: doubled). The first
	// whose condition holds wins; one whose condition is unknown wins only
	// if it shortens the period.
	Overrides []Override `yaml:"overrides"`
	// Cap is an outer limit in hours from its own trigger: the deadline is
	// the earlier of the two (DORA: 4 h from classification, but no later
	// than 24 h from awareness). While the main clock has not started, the
	// cap alone is the deadline.
	Cap *Cap `yaml:"cap"`
	// Relief moves a deadline that falls on a non-working day to noon of
	// the next working day, for the entities its condition names (DORA RTS
	// 2025/301 Art. 5(4)).
	Relief *Relief `yaml:"relief"`
}

// Override is a period that replaces the clock's own when When holds.
type Override struct {
	When   Cond   `yaml:"when"`
	Period int    `yaml:"period"`
	Note   string `yaml:"note"`
}

// Cap is an outer limit of Period hours from the time fact Start.
type Cap struct {
	Start  string `yaml:"start"`
	Period int    `yaml:"period"`
	Note   string `yaml:"note"`
}

// Relief is a next-working-day relief. It uses the holiday calendar of each
// jurisdiction of the facts that matches Jurisdiction (such as "EU-*") and
// has a calendar, and takes the earliest relieved deadline among them. It
// applies only when When is certainly true.
type Relief struct {
	When         Cond     `yaml:"when"`
	Jurisdiction []string `yaml:"jurisdiction"`
	Note         string   `yaml:"note"`
}

// Phase is a later step of a regime (a follow-up report, an amendment).
type Phase struct {
	Name string `yaml:"name"`
	Due  string `yaml:"due"`
}

// alwaysRecorded are the time facts that are never missing: aware_at is
// required and the discovery-type facts default to it. A clock that starts
// on one of them needs no pending text.
var alwaysRecorded = map[string]bool{
	"aware_at": true, "discovered_at": true, "breach_determined_at": true, "personal_data_known_at": true,
}

// Regime returns the regime with this id, or nil.
func (c *Catalog) Regime(id string) *Regime { return c.byID[id] }

// Default returns the catalog embedded in the binary, with the embedded
// holiday calendars.
func Default() *Catalog {
	c, err := LoadCatalog(defaultCatalog, deadline.Default())
	if err != nil {
		panic(fmt.Sprintf("embedded catalog.yaml: %v", err)) // a test loads it
	}
	return c
}

// LoadCatalog decodes a catalog strictly (an unknown key is an error) and
// checks every regime, reporting every problem with the regime id, joined.
func LoadCatalog(data []byte, cals *deadline.Calendars) (*Catalog, error) {
	var c Catalog
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("decode catalog: %w", err)
	}
	c.calendars = cals
	c.byID = make(map[string]*Regime, len(c.Regimes))
	var errs []error
	if c.Version == "" {
		errs = append(errs, errors.New("catalog: version is required"))
	}
	for i, r := range c.Regimes {
		if r.ID == "" {
			errs = append(errs, fmt.Errorf("regimes[%d]: id is required", i))
			continue
		}
		if c.byID[r.ID] != nil {
			errs = append(errs, fmt.Errorf("regime %s: id used twice", r.ID))
			continue
		}
		c.byID[r.ID] = r
		if err := r.check(cals); err != nil {
			errs = append(errs, fmt.Errorf("regime %s: %w", r.ID, err))
		}
	}
	// A phase chain must name a regime of this catalog.
	for _, r := range c.Regimes {
		for _, name := range slices.Concat(r.Clock.Start, r.FulfilledBy) {
			if id, ok := strings.CutPrefix(name, submittedPrefix); ok && c.byID[id] == nil {
				errs = append(errs, fmt.Errorf("regime %s: %q names no regime of the catalog", r.ID, name))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &c, nil
}

func (r *Regime) check(cals *deadline.Calendars) error {
	var errs []error
	need := func(field, v string) {
		if v == "" {
			errs = append(errs, fmt.Errorf("%s is required", field))
		}
	}
	need("name", r.Name)
	need("jurisdiction", r.Jurisdiction)
	need("obliged", r.Obliged)
	need("trigger", r.Trigger)
	need("recipient", r.Recipient)
	need("basis", r.Basis)
	need("due", r.Due)
	var err error
	if r.Effective.from, err = time.Parse(time.DateOnly, r.Effective.From); err != nil {
		errs = append(errs, fmt.Errorf("effective.from %q is not YYYY-MM-DD", r.Effective.From))
	}
	if r.Effective.Until != "" {
		if r.Effective.until, err = time.Parse(time.DateOnly, r.Effective.Until); err != nil {
			errs = append(errs, fmt.Errorf("effective.until %q is not YYYY-MM-DD", r.Effective.Until))
		}
	}
	for i, a := range r.Applies {
		if err := a.When.check(); err != nil {
			errs = append(errs, fmt.Errorf("applies[%d]: %w", i, err))
		}
		if a.Otherwise == "" || a.Reason != "" {
			errs = append(errs, fmt.Errorf("applies[%d]: needs otherwise (why it does not apply), not reason", i))
		}
	}
	for i, e := range r.Exemptions {
		if err := e.When.check(); err != nil {
			errs = append(errs, fmt.Errorf("exemptions[%d]: %w", i, err))
		}
		if e.Reason == "" || e.Otherwise != "" {
			errs = append(errs, fmt.Errorf("exemptions[%d]: needs reason (why it is exempt), not otherwise", i))
		}
	}
	if len(r.Clock.Start) == 0 {
		errs = append(errs, errors.New("clock.start needs at least one time fact"))
	}
	for _, s := range r.Clock.Start {
		if !isTimeFact(s) {
			errs = append(errs, fmt.Errorf("clock.start: %q is not a time fact", s))
		}
	}
	if len(r.Clock.Start) > 0 && !alwaysRecorded[r.Clock.Start[0]] && r.Pending == "" {
		errs = append(errs, errors.New("pending is required: what is due while the clock has not started"))
	}
	for _, s := range r.FulfilledBy {
		if !isTimeFact(s) {
			errs = append(errs, fmt.Errorf("fulfilled_by: %q is not a time fact", s))
		}
	}
	switch r.Clock.Unit {
	case UnitNone:
		if r.Clock.Period != 0 {
			errs = append(errs, errors.New("clock: unit none takes no period"))
		}
	case UnitSECBusinessDays:
		if r.Clock.Period != 0 {
			errs = append(errs, errors.New("clock: the SEC period is fixed at 4 business days; give no period"))
		}
	case UnitHours, UnitCalendarDays, UnitBusinessDays, UnitMonths, UnitMonthsSameTime, UnitDaysAfterYearEnd, UnitCalendarDaysInclusive:
		if r.Clock.PeriodFrom != "" {
			if r.Clock.Period != 0 || !isCountFact(r.Clock.PeriodFrom) {
				errs = append(errs, fmt.Errorf("clock: period_from %q needs a count fact and no period", r.Clock.PeriodFrom))
			}
		} else if r.Clock.Period <= 0 {
			errs = append(errs, fmt.Errorf("clock: unit %s needs a positive period", r.Clock.Unit))
		}
	default:
		errs = append(errs, fmt.Errorf("clock: unknown unit %q", r.Clock.Unit))
	}
	switch r.Clock.Unit {
	case UnitCalendarDays, UnitMonths, UnitDaysAfterYearEnd, UnitCalendarDaysInclusive:
		if r.Clock.Zone == "" && r.Clock.Calendar == "" {
			errs = append(errs, fmt.Errorf("clock: unit %s needs a zone or a calendar for the end of day", r.Clock.Unit))
		}
	case UnitBusinessDays, UnitSECBusinessDays:
		if r.Clock.Calendar == "" {
			errs = append(errs, fmt.Errorf("clock: unit %s needs a holiday calendar", r.Clock.Unit))
		}
	}
	for i, o := range r.Clock.Overrides {
		if err := o.When.check(); err != nil {
			errs = append(errs, fmt.Errorf("clock.overrides[%d]: %w", i, err))
		}
		if o.Period <= 0 || o.Note == "" {
			errs = append(errs, fmt.Errorf("clock.overrides[%d]: needs a positive period and a note saying why", i))
		}
		if r.Clock.Unit == UnitNone || r.Clock.Unit == UnitSECBusinessDays {
			errs = append(errs, fmt.Errorf("clock.overrides[%d]: unit %s has no period to override", i, r.Clock.Unit))
		}
	}
	if cp := r.Clock.Cap; cp != nil {
		if !isTimeFact(cp.Start) || strings.HasPrefix(cp.Start, submittedPrefix) {
			errs = append(errs, fmt.Errorf("clock.cap: start %q is not a trigger time fact", cp.Start))
		}
		if cp.Period <= 0 || cp.Note == "" {
			errs = append(errs, errors.New("clock.cap: needs a positive period in hours and a note"))
		}
	}
	if rl := r.Clock.Relief; rl != nil {
		if err := rl.When.check(); err != nil {
			errs = append(errs, fmt.Errorf("clock.relief: %w", err))
		}
		if len(rl.Jurisdiction) == 0 || rl.Note == "" {
			errs = append(errs, errors.New("clock.relief: needs the jurisdiction patterns whose calendars apply and a note"))
		}
		for i, p := range rl.Jurisdiction {
			if !validPattern(p) {
				errs = append(errs, fmt.Errorf("clock.relief.jurisdiction[%d]: %q is not a jurisdiction code or pattern", i, p))
			}
		}
	}
	if r.Clock.Calendar != "" {
		if _, err := cals.Get(r.Clock.Calendar); err != nil {
			errs = append(errs, fmt.Errorf("clock: %w", err))
		}
	}
	if r.Clock.Zone != "" {
		if _, err := time.LoadLocation(r.Clock.Zone); err != nil {
			errs = append(errs, fmt.Errorf("clock: zone %q is not an IANA time zone", r.Clock.Zone))
		}
	}
	return errors.Join(errs...)
}
