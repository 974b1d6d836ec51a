package regulations

import (
	"fmt"
	"strings"

	"github.com/breachd/breachd/client"
)

// Describe returns r in words, as the API and breachctl show it.
func (r *Regime) Describe() client.Regime {
	d := client.Regime{
		ID: r.ID, Name: r.Name, Jurisdiction: r.Jurisdiction, Obliged: r.Obliged, Trigger: r.Trigger,
		Recipient: r.Recipient, RecipientKind: r.RecipientKind, Basis: r.Basis,
		EffectiveFrom: r.Effective.From, EffectiveTo: r.Effective.Until, Period: r.period(), Due: r.Due,
		Applies: []client.Rule{}, Thresholds: []string{}, Exemptions: []client.Rule{},
		Content: nonNil(r.Content), Sources: nonNil(r.Sources), Verified: r.SourceKind != SourceSecondary,
		Unverified: nonNil(r.Unverified), Notes: nonNil(r.Notes),
	}
	for _, a := range r.Applies {
		d.Applies = append(d.Applies, client.Rule{When: a.When.String(), Then: a.Otherwise})
		d.Thresholds = a.When.thresholds(d.Thresholds)
	}
	for _, e := range r.Exemptions {
		d.Exemptions = append(d.Exemptions, client.Rule{When: e.When.String(), Then: e.Reason})
	}
	return d
}

// Describe returns the catalog's regimes in words, in catalog order; with
// a jurisdiction code, only those of that jurisdiction or whose conditions
// name it (US-WA lists Washington's regimes and the federal ones that
// reach Washington residents). A code that is no jurisdiction is
// ErrJurisdiction.
func (c *Catalog) Describe(code string) ([]client.Regime, error) {
	jurisdiction, err := regimeJurisdiction(code)
	if err != nil {
		return nil, err
	}
	out := []client.Regime{}
	for _, r := range c.Regimes {
		if jurisdiction == "" || r.Jurisdiction == jurisdiction || r.names(jurisdiction) {
			out = append(out, r.Describe())
		}
	}
	return out, nil
}

// names reports whether an applies condition of r matches the code.
func (r *Regime) names(code string) bool {
	for _, a := range r.Applies {
		if a.When.matches(code) {
			return true
		}
	}
	return false
}

func (c Cond) matches(code string) bool {
	for _, p := range c.Jurisdiction {
		if matchJurisdiction(p, code) {
			return true
		}
	}
	for _, sub := range append(c.Any, c.All...) {
		if sub.matches(code) {
			return true
		}
	}
	return false
}

// period is the regime's clock in words: "30 calendar days from
// discovered_at (America/Los_Angeles)", "no numeric limit from aware_at".
func (r *Regime) period() string {
	from := strings.Join(r.Clock.Start, " or ")
	var p string
	switch {
	case r.Clock.Unit == UnitNone:
		p = "no numeric limit from " + from
	case r.Clock.Unit == UnitSECBusinessDays:
		p = "4 SEC business days from " + from
	case r.Clock.PeriodFrom != "":
		p = fmt.Sprintf("%s %s from %s", r.Clock.PeriodFrom, strings.ReplaceAll(r.Clock.Unit, "_", " "), from)
	default:
		p = fmt.Sprintf("%s from %s", periodWords(r), from)
	}
	switch {
	case r.Clock.Calendar != "":
		p += " (" + r.Clock.Calendar + " calendar)"
	case r.Clock.Zone != "":
		p += " (" + r.Clock.Zone + ")"
	}
	if cp := r.Clock.Cap; cp != nil {
		p += fmt.Sprintf(", at most %d hours from %s", cp.Period, cp.Start)
	}
	return p
}

// thresholds appends the count thresholds of c, with the statute's
// inequality.
func (c Cond) thresholds(out []string) []string {
	switch {
	case c.AtLeast != nil, c.MoreThan != nil:
		return append(out, c.String())
	case c.Not != nil:
		return c.Not.thresholds(out)
	}
	for _, sub := range append(c.Any, c.All...) {
		out = sub.thresholds(out)
	}
	return out
}

// String is c in words, as a maintainer writes it: "residents.US-WA > 500",
// "encrypted is true and encryption_key_compromised is false".
func (c Cond) String() string {
	list := func(v []string) string { return strings.Join(v, ", ") }
	join := func(cs []Cond, word string) string {
		parts := make([]string, len(cs))
		for i, sub := range cs {
			parts[i] = sub.String()
			if len(sub.Any)+len(sub.All) > 0 {
				parts[i] = "(" + parts[i] + ")"
			}
		}
		return strings.Join(parts, " "+word+" ")
	}
	switch {
	case c.Jurisdiction != nil:
		return "jurisdiction in " + list(c.Jurisdiction)
	case c.Role != nil:
		roles := make([]string, len(c.Role))
		for i, r := range c.Role {
			roles[i] = string(r)
		}
		return "role in " + list(roles)
	case c.True != "":
		return c.True + " is true"
	case c.False != "":
		return c.False + " is false"
	case c.NotFalse != "":
		return c.NotFalse + " is not false"
	case c.Set != "":
		return c.Set + " is recorded"
	case c.Unset != "":
		return c.Unset + " is not recorded"
	case c.AtLeast != nil:
		return fmt.Sprintf("%s >= %d", c.AtLeast.Count, c.AtLeast.Value)
	case c.MoreThan != nil:
		return fmt.Sprintf("%s > %d", c.MoreThan.Count, c.MoreThan.Value)
	case c.Recorded != "":
		return c.Recorded + " is recorded"
	case c.Categories != nil:
		return "data_categories include " + list(c.Categories)
	case c.Cause != nil:
		return "cause in " + list(c.Cause)
	case c.IncidentGrade != nil:
		return "incident_grade in " + list(c.IncidentGrade)
	case c.Certifications != nil:
		return "certifications include " + list(c.Certifications)
	case c.NIS2Entity != nil:
		return "nis2_entity in " + list(c.NIS2Entity)
	case c.Sector != nil:
		return "sectors include " + list(c.Sector)
	case c.Not != nil:
		return "not (" + c.Not.String() + ")"
	case c.Any != nil:
		return join(c.Any, "or")
	case c.All != nil:
		return join(c.All, "and")
	}
	return "?"
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
