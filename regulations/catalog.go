package regulations

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/regulations/deadline"
)

// The embedded catalog is catalog.yaml, which holds the version and the
// coverage, and then every file of catalog/ in name order, one per
// jurisdiction (us-wa.yaml, th.yaml), each a list of regimes.
//
//go:embed catalog.yaml catalog
var embedded embed.FS

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
	Version string
	// Coverage names, for a jurisdiction whose regimes cover others, the
	// patterns of the jurisdictions it covers: the EU's regimes (the GDPR)
	// are the law of every member state, so "EU" covers "EU-*". A
	// jurisdiction of the facts that no regime's jurisdiction and no
	// coverage names is one the catalog has no rules for (see Evaluate).
	Coverage map[string][]string
	// NoDuty are the jurisdictions whose law, as read, imposes no
	// breach-notification duty: known to owe nothing, which is not unknown.
	NoDuty  []NoDuty
	Regimes []*Regime

	byID      map[string]*Regime
	homes     map[string]bool // the jurisdictions of the regimes
	calendars *deadline.Calendars
}

// catalogFile is one file of a catalog as written: the main file holds the
// version and the coverage, and any file regimes or a no-duty finding.
type catalogFile struct {
	Version  string              `yaml:"version"`
	Coverage map[string][]string `yaml:"coverage"`
	NoDuty   []NoDuty            `yaml:"no_duty"`
	Regimes  []*Regime           `yaml:"regimes"`
}

// NoDuty records that a jurisdiction's law imposes no breach-notification
// duty, with why and where that was read. An incident there gets an entry
// of status not_applicable saying so, instead of unknown.
type NoDuty struct {
	Jurisdiction string   `yaml:"jurisdiction"`
	Reason       string   `yaml:"reason"`
	SourceKind   string   `yaml:"source_kind"`
	Sources      []string `yaml:"sources"`
}

// Source is one file of a catalog: its name, for errors, and its YAML.
type Source struct {
	Name string
	Data []byte
}

// RecipientKinds are the kinds of recipient a regime's notice goes to.
func RecipientKinds() []string {
	return []string{"regulator", "individuals", "customer", "media", "consumer_reporting_agencies", "law_enforcement", "internal"}
}

// Source kinds: what a regime's rule was checked against.
const (
	// SourcePrimary is the statute, regulation or the regulator's own
	// text (the default).
	SourcePrimary = "primary"
	// SourceSecondary is a secondary source only (a law firm's chart, a
	// summary): the regime is reported with its basis marked unverified.
	SourceSecondary = "secondary"
)

// Regime is one notification or documentation duty: who owes what to whom,
// when, and on which article it rests.
type Regime struct {
	ID           string `yaml:"id"`
	Name         string `yaml:"name"`
	Jurisdiction string `yaml:"jurisdiction"`
	Obliged      string `yaml:"obliged"`
	Trigger      string `yaml:"trigger"`
	Recipient    string `yaml:"recipient"`
	// RecipientKind is one of RecipientKinds.
	RecipientKind string `yaml:"recipient_kind"`
	Basis         string `yaml:"basis"`
	// SourceKind says what the rule was checked against: SourcePrimary
	// (empty) or SourceSecondary.
	SourceKind string `yaml:"source_kind"`
	// Sources are where the rule was read: the statute's or regulator's
	// address or citation first.
	Sources     []string `yaml:"sources"`
	Effective   Period   `yaml:"effective"`
	Applies     []Check  `yaml:"applies"`
	Exemptions  []Check  `yaml:"exemptions"`
	Clock       Clock    `yaml:"clock"`
	FulfilledBy []string `yaml:"fulfilled_by"`
	Pending     string   `yaml:"pending"`
	Due         string   `yaml:"due"`
	Phases      []Phase  `yaml:"phases"`
	Content     []string `yaml:"content"`
	Unverified  []string `yaml:"unverified"`
	Notes       []string `yaml:"notes"`

	// shownBasis is Basis as an obligation shows it: marked unverified
	// when the rule was read in secondary sources only.
	shownBasis string
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

	loc *time.Location // Zone, loaded once
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

// Covers reports whether the catalog holds the rules of the jurisdiction
// code: a regime is its own (its jurisdiction is code), or the coverage of
// a jurisdiction with regimes names it (EU covers EU-FR).
func (c *Catalog) Covers(code string) bool {
	if c.homes[code] || c.noDuty(code) != nil {
		return true
	}
	for home, patterns := range c.Coverage {
		if c.homes[home] && slices.ContainsFunc(patterns, func(p string) bool { return matchJurisdiction(p, code) }) {
			return true
		}
	}
	return false
}

// noDuty returns the no-duty finding of code, or nil.
func (c *Catalog) noDuty(code string) *NoDuty {
	for i := range c.NoDuty {
		if c.NoDuty[i].Jurisdiction == code {
			return &c.NoDuty[i]
		}
	}
	return nil
}

// Regime returns the regime with this id, or nil.
func (c *Catalog) Regime(id string) *Regime { return c.byID[id] }

// Default returns the catalog embedded in the binary, with the embedded
// holiday calendars.
func Default() *Catalog {
	c, err := LoadSources(deadline.Default(), EmbeddedSources()...)
	if err != nil {
		panic(fmt.Sprintf("embedded catalog: %v", err)) // a test loads it
	}
	return c
}

// EmbeddedSources are the files of the embedded catalog, in order, named
// by their paths inside a catalog directory (see LoadFiles): the starting
// point of a catalog of one's own.
func EmbeddedSources() []Source {
	main, err := embedded.ReadFile("catalog.yaml")
	if err != nil {
		panic(err)
	}
	srcs := []Source{{Name: "catalog.yaml", Data: main}}
	names, err := fs.Glob(embedded, "catalog/*.yaml")
	if err != nil {
		panic(err)
	}
	slices.Sort(names)
	for _, name := range names {
		data, err := embedded.ReadFile(name)
		if err != nil {
			panic(err)
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	return srcs
}

// LoadCatalog is LoadSources of one file.
func LoadCatalog(data []byte, cals *deadline.Calendars) (*Catalog, error) {
	return LoadSources(cals, Source{Name: "catalog", Data: data})
}

// LoadSources decodes the files of a catalog strictly (an unknown key is an
// error), joins their regimes in order and checks every regime, reporting
// every problem with the file and the regime id, joined. Exactly one file
// gives the version.
func LoadSources(cals *deadline.Calendars, srcs ...Source) (*Catalog, error) {
	c := Catalog{Coverage: map[string][]string{}}
	var errs []error
	origin := map[*Regime]string{}
	versionFrom := ""
	for _, src := range srcs {
		var f catalogFile
		dec := yaml.NewDecoder(bytes.NewReader(src.Data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
			errs = append(errs, fmt.Errorf("%s: decode: %w", src.Name, err))
			continue
		}
		if f.Version != "" {
			if versionFrom != "" {
				errs = append(errs, fmt.Errorf("%s: version is given in %s already", src.Name, versionFrom))
			}
			c.Version, versionFrom = f.Version, src.Name
		}
		for home, patterns := range f.Coverage {
			if !validHome(home) {
				errs = append(errs, fmt.Errorf("%s: coverage: %q is not a jurisdiction code", src.Name, home))
			}
			for _, p := range patterns {
				if !validPattern(p) {
					errs = append(errs, fmt.Errorf("%s: coverage.%s: %q is not a jurisdiction code or pattern", src.Name, home, p))
				}
			}
			c.Coverage[home] = append(c.Coverage[home], patterns...)
		}
		for _, n := range f.NoDuty {
			switch {
			case !incident.ValidJurisdiction(n.Jurisdiction):
				errs = append(errs, fmt.Errorf("%s: no_duty: %q is not a jurisdiction code", src.Name, n.Jurisdiction))
			case n.Reason == "" || len(n.Sources) == 0:
				errs = append(errs, fmt.Errorf("%s: no_duty %s: needs a reason and its sources", src.Name, n.Jurisdiction))
			}
		}
		c.NoDuty = append(c.NoDuty, f.NoDuty...)
		for _, r := range f.Regimes {
			origin[r] = src.Name
		}
		c.Regimes = append(c.Regimes, f.Regimes...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.calendars = cals
	c.byID = make(map[string]*Regime, len(c.Regimes))
	c.homes = map[string]bool{}
	for _, r := range c.Regimes {
		c.homes[r.Jurisdiction] = true
	}
	if c.Version == "" {
		errs = append(errs, errors.New("catalog: version is required"))
	}
	for i, r := range c.Regimes {
		if r.ID == "" {
			errs = append(errs, fmt.Errorf("%s: regimes[%d]: id is required", origin[r], i))
			continue
		}
		if prev := c.byID[r.ID]; prev != nil {
			errs = append(errs, fmt.Errorf("regime %s: id used twice (%s and %s)", r.ID, origin[prev], origin[r]))
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
	if !slices.Contains(RecipientKinds(), r.RecipientKind) {
		errs = append(errs, fmt.Errorf("recipient_kind %q is not one of %s", r.RecipientKind, strings.Join(RecipientKinds(), ", ")))
	}
	if r.SourceKind != "" && r.SourceKind != SourcePrimary && r.SourceKind != SourceSecondary {
		errs = append(errs, fmt.Errorf("source_kind %q is not %s or %s", r.SourceKind, SourcePrimary, SourceSecondary))
	}
	if r.Jurisdiction != "" && !validHome(r.Jurisdiction) {
		errs = append(errs, fmt.Errorf("jurisdiction %q is not a jurisdiction code, EU, global or contract", r.Jurisdiction))
	}
	need("due", r.Due)
	r.shownBasis = r.Basis
	if r.SourceKind == SourceSecondary {
		r.shownBasis += unverifiedMark
	}
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
		var err error
		if r.Clock.loc, err = time.LoadLocation(r.Clock.Zone); err != nil {
			errs = append(errs, fmt.Errorf("clock: zone %q is not an IANA time zone", r.Clock.Zone))
		}
	}
	return errors.Join(errs...)
}
