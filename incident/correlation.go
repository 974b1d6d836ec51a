package incident

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// CorrelationRule says how alerts of some sources or kinds group into one
// incident: by which fields and for how long. Source and Kind are shell
// patterns (empty matches anything); the first rule that matches an alert
// applies, and an alert no rule matches uses the policy's CorrelateBy and
// CorrelationWindow. A rule with no fields turns correlation off for the
// alerts it matches.
type CorrelationRule struct {
	Source      string   `yaml:"source" json:"source,omitempty"`
	Kind        string   `yaml:"kind" json:"kind,omitempty"`
	CorrelateBy []string `yaml:"correlate_by" json:"correlate_by"`
	// Window is a duration such as 30m.
	Window string `yaml:"window" json:"window,omitempty"`
}

func (r *CorrelationRule) matches(a *Alert) bool {
	ok1, _ := path.Match(r.Source, a.Source)
	ok2, _ := path.Match(r.Kind, a.Kind)
	return (r.Source == "" || ok1) && (r.Kind == "" || ok2)
}

func (r *CorrelationRule) window() time.Duration {
	d, _ := time.ParseDuration(r.Window)
	return d
}

// validateRules reports every problem of the rules, each with its index.
func validateRules(rules []CorrelationRule) []string {
	var problems []string
	for i, r := range rules {
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("correlation rule %d: ", i)+fmt.Sprintf(format, args...))
		}
		if r.Source == "" && r.Kind == "" {
			bad("needs a source or a kind to match")
		}
		for name, p := range map[string]string{"source": r.Source, "kind": r.Kind} {
			if _, err := path.Match(p, ""); err != nil {
				bad("%s %q is not a valid pattern", name, p)
			}
		}
		for _, f := range r.CorrelateBy {
			if _, err := alertField(&Alert{}, f); err != nil {
				bad("%v", err)
			}
		}
		if len(r.CorrelateBy) > 0 {
			if d, err := time.ParseDuration(r.Window); err != nil || d <= 0 {
				bad("window %q is not a positive duration such as 30m", r.Window)
			}
		}
	}
	return problems
}

// correlation returns the fields and window that group a's incident.
func (p *Policy) correlation(a *Alert) ([]string, time.Duration) {
	for i := range p.CorrelationRules {
		if r := &p.CorrelationRules[i]; r.matches(a) {
			return r.CorrelateBy, r.window()
		}
	}
	return p.CorrelateBy, p.CorrelationWindow
}

// CorrelationKey returns the alert's correlation key, or "" when correlation
// is off for it or every key field of the alert is empty.
func (p *Policy) CorrelationKey(a *Alert) string {
	fields, _ := p.correlation(a)
	if len(fields) == 0 {
		return ""
	}
	parts := make([]string, len(fields))
	empty := true
	for i, f := range fields {
		v, _ := alertField(a, f)
		if v != "" {
			empty = false
		}
		// Quoting keeps values apart whatever they contain.
		parts[i] = f + "=" + strconv.Quote(v)
	}
	if empty {
		return ""
	}
	return strings.Join(parts, ",")
}
