package deadline

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/us"
	"go.yaml.in/yaml/v3"
)

// ErrNoCalendar is returned for a jurisdiction that has no holiday calendar,
// or a year its calendar has no data for. A business-day period there cannot
// be computed; it is never guessed from weekends alone.
var ErrNoCalendar = errors.New("no holiday calendar")

//go:embed calendars.yaml
var defaultCalendars []byte

// holidaySets are the rickar/cal holiday lists a calendar file may name. The
// lists are chosen, not taken whole, where the library's national list
// differs from the days a regulator is closed.
var holidaySets = map[string]func() []*cal.Holiday{
	// 5 U.S.C. 6103(a) and (b): Saturday holidays are observed on the
	// Friday, Sunday ones on the Monday.
	"us_federal": func() []*cal.Holiday { return us.Holidays },
	"gb_england_wales": func() []*cal.Holiday {
		return gb.Holidays
	},
	// Carnival and Corpus Christi are pontos facultativos, not national
	// holidays (REGULATIONS.md §9): counted as working days.
	"br_national": func() []*cal.Holiday {
		return []*cal.Holiday{br.AnoNovo, br.SextaFeiraSanta, br.Tiradentes, br.Trabalhador,
			br.Independencia, br.NossaSenhoraAparecida, br.Finados, br.Republica, br.Natal}
	},
	"ie": func() []*cal.Holiday { return ie.Holidays },
	// Only the nationwide holidays; each Land adds its own.
	"de_national": func() []*cal.Holiday { return de.Holidays },
	"fr":          func() []*cal.Holiday { return fr.Holidays },
	// Bevrijdingsdag (5 May) is a general day off only every fifth year;
	// counted as a working day, the earlier answer.
	"nl": func() []*cal.Holiday {
		return []*cal.Holiday{nl.Nieuwjaar, nl.GoedeVrijdag, nl.TweedePaasdag, nl.Koningsdag,
			nl.Hemelvaart, nl.TweedePinksterDag, nl.EersteKerstdag, nl.TweedeKerstdag}
	},
}

// Calendar tells business days from other days in one jurisdiction. It is
// immutable once built and safe for concurrent use.
type Calendar struct {
	code     string
	name     string
	loc      *time.Location
	holidays []*cal.Holiday
	closed   map[time.Time]string
	open     map[time.Time]bool
	annual   []annualDay
	// fromYear and toYear bound the years a dates-only calendar covers; 0
	// means unbounded.
	fromYear, toYear int
}

// Code returns the jurisdiction code, such as "US" or "EU-IE".
func (c *Calendar) Code() string { return c.code }

// Name describes the calendar.
func (c *Calendar) Name() string { return c.name }

// Location returns the jurisdiction's default time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// IsBusinessDay reports whether the civil date of d (its year, month and
// day, whatever its zone) is a business day: a Monday to Friday that is
// neither a public holiday, an observed holiday nor a listed closure.
func (c *Calendar) IsBusinessDay(d time.Time) (bool, error) {
	d = civil(d.Date())
	if (c.fromYear != 0 && d.Year() < c.fromYear) || (c.toYear != 0 && d.Year() > c.toYear) {
		return false, fmt.Errorf("%w: %s calendar has no data for %d (it covers %d-%d)", ErrNoCalendar, c.code, d.Year(), c.fromYear, c.toYear)
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false, nil
	}
	if _, ok := c.closed[d]; ok {
		return false, nil
	}
	for _, a := range c.annual {
		if d.Year() >= a.from && d.Month() == a.month && d.Day() == a.day {
			return false, nil
		}
	}
	if c.open[d] {
		return true, nil
	}
	for _, h := range c.holidays {
		if holidayOn(h, d) {
			return false, nil
		}
	}
	return true, nil
}

// holidayOn reports whether h is observed on d. A holiday observed on a
// substitute day is observed only there; the library's own lookup is not
// used because its calendar type caches in a map and is not safe to share.
func holidayOn(h *cal.Holiday, d time.Time) bool {
	// A New Year's Day on a Saturday is observed on 31 December of the
	// year before, so look at the neighbouring years too.
	for y := d.Year() - 1; y <= d.Year()+1; y++ {
		_, obs := h.Calc(y)
		if obs.IsZero() {
			continue
		}
		oy, om, od := obs.Date()
		if oy == d.Year() && om == d.Month() && od == d.Day() {
			return true
		}
	}
	return false
}

type annualDay struct {
	month time.Month
	day   int
	from  int
}

// Calendars holds the calendar of each jurisdiction that has one.
type Calendars struct {
	byCode map[string]*Calendar
}

// Get returns the calendar of a jurisdiction, or an error wrapping
// ErrNoCalendar.
func (cs *Calendars) Get(code string) (*Calendar, error) {
	c, ok := cs.byCode[code]
	if !ok {
		return nil, fmt.Errorf("%w for jurisdiction %q", ErrNoCalendar, code)
	}
	return c, nil
}

// Codes returns the jurisdictions that have a calendar, sorted.
func (cs *Calendars) Codes() []string { return slices.Sorted(maps.Keys(cs.byCode)) }

// Default returns the calendars embedded in the binary (calendars.yaml).
func Default() *Calendars {
	cs, err := LoadCalendars(defaultCalendars)
	if err != nil {
		panic(fmt.Sprintf("embedded calendars.yaml: %v", err)) // a test loads it
	}
	return cs
}

// calendarFile is the YAML document of calendars.yaml.
type calendarFile struct {
	Version   int                     `yaml:"version"`
	Calendars map[string]calendarSpec `yaml:"calendars"`
}

type calendarSpec struct {
	Name     string      `yaml:"name"`
	Zone     string      `yaml:"zone"`
	Holidays string      `yaml:"holidays"`
	Closed   []datedSpec `yaml:"closed"`
	Open     []datedSpec `yaml:"open"`
	Annual   []struct {
		Month int    `yaml:"month"`
		Day   int    `yaml:"day"`
		From  int    `yaml:"from"`
		Name  string `yaml:"name"`
	} `yaml:"annual"`
	Covers *struct {
		From int `yaml:"from"`
		To   int `yaml:"to"`
	} `yaml:"covers"`
}

type datedSpec struct {
	Date string `yaml:"date"`
	Name string `yaml:"name"`
}

// LoadCalendars decodes a calendar file strictly (an unknown key is an
// error) and builds its calendars. Every problem is reported, joined.
func LoadCalendars(data []byte) (*Calendars, error) {
	var f calendarFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decode calendars: %w", err)
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("calendars: version %d, want 1", f.Version)
	}
	cs := &Calendars{byCode: make(map[string]*Calendar, len(f.Calendars))}
	var errs []error
	for code, spec := range f.Calendars {
		c, err := buildCalendar(code, spec)
		if err != nil {
			errs = append(errs, fmt.Errorf("calendar %s: %w", code, err))
			continue
		}
		cs.byCode[code] = c
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return cs, nil
}

func buildCalendar(code string, s calendarSpec) (*Calendar, error) {
	var errs []error
	c := &Calendar{code: code, name: s.Name, closed: map[time.Time]string{}, open: map[time.Time]bool{}}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil || s.Zone == "" {
		errs = append(errs, fmt.Errorf("zone %q is not an IANA time zone", s.Zone))
	}
	c.loc = loc
	if s.Holidays != "" {
		set, ok := holidaySets[s.Holidays]
		if !ok {
			errs = append(errs, fmt.Errorf("unknown holiday set %q", s.Holidays))
		} else {
			c.holidays = set()
		}
	}
	if s.Covers != nil {
		if s.Covers.From <= 0 || s.Covers.To < s.Covers.From {
			errs = append(errs, fmt.Errorf("covers: from %d to %d is not a range of years", s.Covers.From, s.Covers.To))
		}
		c.fromYear, c.toYear = s.Covers.From, s.Covers.To
	}
	if s.Holidays == "" && s.Covers == nil {
		errs = append(errs, errors.New("a calendar without a holiday set must say which years its dates cover (covers)"))
	}
	parse := func(field string, i int, ds datedSpec) (time.Time, bool) {
		t, err := time.Parse(time.DateOnly, ds.Date)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s[%d]: date %q is not YYYY-MM-DD", field, i, ds.Date))
			return time.Time{}, false
		}
		if ds.Name == "" {
			errs = append(errs, fmt.Errorf("%s[%d]: %s needs a name saying why", field, i, ds.Date))
		}
		return civil(t.Date()), true
	}
	for i, ds := range s.Closed {
		if d, ok := parse("closed", i, ds); ok {
			c.closed[d] = ds.Name
		}
	}
	for i, ds := range s.Open {
		if d, ok := parse("open", i, ds); ok {
			c.open[d] = true
		}
	}
	for i, a := range s.Annual {
		if a.Month < 1 || a.Month > 12 || a.Day < 1 || a.Day > 31 || a.From <= 0 || a.Name == "" {
			errs = append(errs, fmt.Errorf("annual[%d]: needs month 1-12, day 1-31, a first year (from) and a name", i))
			continue
		}
		c.annual = append(c.annual, annualDay{month: time.Month(a.Month), day: a.Day, from: a.From})
	}
	return c, errors.Join(errs...)
}
