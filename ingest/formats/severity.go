package formats

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// Severities maps the spellings of a severity label to breachd's five
// severities. Keys are normalised: lower case, without spaces, dashes or
// underscores, so that "SEV-1", "sev_1" and "Sev 1" are one spelling.
type Severities map[string]incident.Severity

// DefaultSeverities are the spellings producers commonly use: breachd's
// own names, syslog's and Zabbix's levels, Alertmanager's conventions
// (page, warning), and the P0–P5 priorities and SEV0–SEV5 levels of
// incident-management tools, where 0 and 1 are the most urgent.
func DefaultSeverities() Severities {
	table := map[incident.Severity][]string{
		incident.SeverityCritical: {"critical", "crit", "page", "emergency", "emerg", "fatal", "disaster", "p0", "p1", "sev0", "sev1"},
		incident.SeverityHigh:     {"high", "error", "err", "major", "p2", "sev2"},
		incident.SeverityMedium:   {"medium", "warning", "warn", "average", "moderate", "p3", "sev3"},
		incident.SeverityLow:      {"low", "minor", "notice", "p4", "sev4"},
		incident.SeverityInfo:     {"info", "informational", "none", "debug", "p5", "sev5"},
	}
	out := make(Severities)
	for sev, names := range table {
		for _, n := range names {
			out[n] = sev
		}
	}
	return out
}

// WithSeverities is DefaultSeverities with more spellings (or other
// meanings of the built-in ones): spelling → severity name. A severity
// that is not one of breachd's five, or an empty spelling, is an error
// naming it.
func WithSeverities(extra map[string]string) (Severities, error) {
	out := DefaultSeverities()
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		key := normaliseSeverity(k)
		if key == "" {
			return nil, fmt.Errorf("severity_map: an empty spelling (for %q)", extra[k])
		}
		sev, err := incident.ParseSeverity(strings.ToLower(strings.TrimSpace(extra[k])))
		if err != nil {
			return nil, fmt.Errorf("severity_map: %q: %w", k, err)
		}
		out[key] = sev
	}
	return out, nil
}

// Lookup is the severity a label spells; s nil reads DefaultSeverities.
func (s Severities) Lookup(label string) (incident.Severity, bool) {
	if s == nil {
		s = DefaultSeverities()
	}
	sev, ok := s[normaliseSeverity(label)]
	return sev, ok
}

// Spellings lists the table by severity, most severe first, for an error
// that refuses a label: "critical: crit, disaster, …; high: …".
func (s Severities) Spellings() string {
	if s == nil {
		s = DefaultSeverities()
	}
	var parts []string
	for sev := incident.SeverityCritical; sev >= incident.SeverityInfo; sev-- {
		var names []string
		for k, v := range s {
			if v == sev && k != sev.String() {
				names = append(names, k)
			}
		}
		slices.Sort(names)
		part := sev.String()
		if len(names) > 0 {
			part += " (" + strings.Join(names, ", ") + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}

func normaliseSeverity(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}
