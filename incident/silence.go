package incident

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of a silence.
const (
	MaxMatchers     = 16
	MaxMatcherValue = 1024
	MaxSilenceSpan  = 366 * 24 * time.Hour
)

// Matcher operators, as Alertmanager writes them.
const (
	OpEqual     = "="
	OpNotEqual  = "!="
	OpRegexp    = "=~"
	OpNotRegexp = "!~"
)

// Matcher tests one alert field: source, kind, severity, asset.id,
// asset.type, asset.tenant or labels.NAME. A regular expression (RE2) is
// anchored: it must match the whole value.
type Matcher struct {
	Field string `json:"field"`
	Op    string `json:"op"`
	Value string `json:"value"`

	re *regexp.Regexp
}

// ParseMatcher reads "field=value", "field!=value", "field=~regexp" or
// "field!~regexp".
func ParseMatcher(s string) (Matcher, error) {
	for _, op := range []string{OpNotRegexp, OpRegexp, OpNotEqual, OpEqual} {
		if i := strings.Index(s, op); i > 0 {
			m := Matcher{Field: strings.TrimSpace(s[:i]), Op: op, Value: strings.Trim(strings.TrimSpace(s[i+len(op):]), `"`)}
			if err := m.compile(); err != nil {
				return m, err
			}
			return m, m.checkNew()
		}
	}
	return Matcher{}, Invalidf("matcher %.80q: want field=value, field!=value, field=~regexp or field!~regexp", s)
}

func (m *Matcher) compile() error {
	if _, err := matchField(&Alert{}, m.Field); err != nil {
		return err
	}
	switch {
	case len(m.Value) > MaxMatcherValue || !utf8.ValidString(m.Value):
		return Invalidf("matcher %s: value must be valid UTF-8 of at most %d bytes", m.Field, MaxMatcherValue)
	case m.Op == OpEqual || m.Op == OpNotEqual:
		return nil
	case m.Op == OpRegexp || m.Op == OpNotRegexp:
		re, err := regexp.Compile("^(?:" + m.Value + ")$")
		if err != nil {
			return Invalidf("matcher %s%s%.80q: not a regular expression: %v", m.Field, m.Op, m.Value, err)
		}
		m.re = re
		return nil
	}
	return Invalidf("matcher %s: operator %q (want =, !=, =~ or !~)", m.Field, m.Op)
}

// checkNew holds a matcher a person writes now to what compile does not
// ask of a stored one: a regular expression must be whole on its own, as
// wrapped unchecked "a)|(b" compiles to ^(?:a)|(b)$ and escapes the
// anchors. A silence stored before this rule still loads and matches as
// it did, so triage never stops on one.
func (m *Matcher) checkNew() error {
	if m.Op != OpRegexp && m.Op != OpNotRegexp {
		return nil
	}
	if _, err := syntax.Parse(m.Value, syntax.Perl); err != nil {
		return Invalidf("matcher %s%s%.80q: not a regular expression: %v", m.Field, m.Op, m.Value, err)
	}
	return nil
}

// Matches reports whether the alert's field passes the matcher.
func (m *Matcher) Matches(a *Alert) bool {
	v, _ := matchField(a, m.Field)
	return m.matchesValue(v)
}

// matchesValue reports whether a field's value passes the matcher.
func (m *Matcher) matchesValue(v string) bool {
	switch m.Op {
	case OpEqual:
		return v == m.Value
	case OpNotEqual:
		return v != m.Value
	case OpRegexp:
		return m.re != nil && m.re.MatchString(v)
	case OpNotRegexp:
		return m.re != nil && !m.re.MatchString(v)
	}
	return false
}

// matchesEveryAlert reports whether the compiled matcher lets every alert
// through, whatever it is about. It does when it matches the empty value:
// that is the value of a label or tenant an alert does not have, and a
// pattern such as .* or ^$|.* or a != of some other value matches it
// (Alertmanager refuses such silences alike). On a field every valid alert
// has, it also does when it takes every value of it: all five severities,
// any non-empty text (!= "", =~ .+) or all but the empty one (!~ "").
func (m *Matcher) matchesEveryAlert() bool {
	if m.matchesValue("") {
		return true
	}
	switch m.Field {
	case "severity":
		for _, sev := range Severities() {
			if !m.matchesValue(sev.String()) {
				return false
			}
		}
		return true
	case "source", "kind", "asset.id", "asset.type":
		switch m.Op {
		case OpNotEqual:
			return m.Value == ""
		case OpRegexp, OpNotRegexp:
			re, err := syntax.Parse(m.Value, syntax.Perl)
			if err != nil {
				return false
			}
			re = re.Simplify()
			if m.Op == OpNotRegexp {
				return re.Op == syntax.OpEmptyMatch
			}
			return re.Op == syntax.OpPlus && (re.Sub[0].Op == syntax.OpAnyChar || re.Sub[0].Op == syntax.OpAnyCharNotNL)
		}
	}
	return false
}

func (m Matcher) String() string { return m.Field + m.Op + fmt.Sprintf("%q", m.Value) }

// matchField reads the fields a matcher may test: those of a correlation
// key and the severity.
func matchField(a *Alert, name string) (string, error) {
	if name == "severity" {
		return a.Severity.String(), nil
	}
	v, err := alertField(a, name)
	if err != nil {
		return "", Invalidf("matcher field %q (want source, kind, severity, asset.id, asset.type, asset.tenant or labels.<name>)", name)
	}
	return v, nil
}

// Silence keeps alerts that match all its matchers from opening incidents
// between StartsAt and EndsAt, like an Alertmanager silence. An alert that
// belongs to an incident already open still joins it: a silence hides new
// noise, never evidence. Silenced counts the alerts it kept out.
type Silence struct {
	ID        string    `json:"id"`
	Matchers  []Matcher `json:"matchers"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	CreatedBy string    `json:"created_by"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
	// Silenced is how many alerts the silence kept out; LastSilencedAt
	// when it last did.
	Silenced       int64      `json:"silenced"`
	LastSilencedAt *time.Time `json:"last_silenced_at,omitempty"`
}

// SilenceState is where a silence stands at a time.
type SilenceState string

// Silence states.
const (
	SilencePending SilenceState = "pending"
	SilenceActive  SilenceState = "active"
	SilenceExpired SilenceState = "expired"
)

// State says whether the silence is pending, active or expired at now.
func (s *Silence) State(now time.Time) SilenceState {
	switch {
	case now.Before(s.StartsAt):
		return SilencePending
	case now.Before(s.EndsAt):
		return SilenceActive
	}
	return SilenceExpired
}

// Validate checks a new silence and compiles its matchers; every problem
// is reported.
func (s *Silence) Validate() error {
	var problems []string
	if len(s.Matchers) == 0 {
		problems = append(problems, "a silence needs at least one matcher (it would silence everything)")
	}
	if len(s.Matchers) > MaxMatchers {
		problems = append(problems, fmt.Sprintf("%d matchers, over the limit of %d", len(s.Matchers), MaxMatchers))
	}
	everything := len(s.Matchers) > 0
	for i := range s.Matchers {
		err := s.Matchers[i].compile()
		if err == nil {
			err = s.Matchers[i].checkNew()
		}
		if err != nil {
			problems = append(problems, err.Error())
			everything = false
			continue
		}
		everything = everything && s.Matchers[i].matchesEveryAlert()
	}
	if everything {
		problems = append(problems, fmt.Sprintf("matchers %s each match an empty value or any value, "+
			"so the silence would hide every alert, or all but a few: add a matcher that names what to silence, such as asset.id=db-1", s.matcherList()))
	}
	switch {
	case s.StartsAt.IsZero() || s.EndsAt.IsZero():
		problems = append(problems, "starts_at and ends_at are required")
	case !s.EndsAt.After(s.StartsAt):
		problems = append(problems, "ends_at must be after starts_at")
	case s.EndsAt.Sub(s.StartsAt) > MaxSilenceSpan:
		problems = append(problems, "a silence lasts at most a year")
	}
	if err := checkActor(s.CreatedBy); err != nil {
		problems = append(problems, "created_by: "+err.Error())
	}
	if strings.TrimSpace(s.Comment) == "" {
		problems = append(problems, "a comment is required: say why alerts are silenced")
	} else if len(s.Comment) > MaxNoteLen || !utf8.ValidString(s.Comment) {
		problems = append(problems, fmt.Sprintf("the comment must be valid UTF-8 of at most %d bytes", MaxNoteLen))
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// matcherList writes the matchers as a person typed them, comma-separated.
func (s *Silence) matcherList() string {
	parts := make([]string, len(s.Matchers))
	for i, m := range s.Matchers {
		parts[i] = fmt.Sprintf("%s%s%.80q", m.Field, m.Op, m.Value)
	}
	return strings.Join(parts, ", ")
}

// Compile prepares the matchers of a stored silence for matching.
func (s *Silence) Compile() error {
	for i := range s.Matchers {
		if err := s.Matchers[i].compile(); err != nil {
			return err
		}
	}
	return nil
}

// Matches reports whether the silence, compiled, silences the alert at now.
func (s *Silence) Matches(a *Alert, now time.Time) bool {
	if s.State(now) != SilenceActive {
		return false
	}
	for i := range s.Matchers {
		if !s.Matchers[i].Matches(a) {
			return false
		}
	}
	return true
}
