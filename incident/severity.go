package incident

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Severity ranks how bad an alert or incident is. The zero value is invalid so
// that a missing severity is caught by validation.
type Severity int

// The five severities of the native alert schema, lowest first.
const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

// Severities lists every valid severity, lowest first.
func Severities() []Severity {
	return []Severity{SeverityInfo, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}
}

// ParseSeverity parses the lowercase name of a severity.
func ParseSeverity(s string) (Severity, error) {
	for i := SeverityInfo; i <= SeverityCritical; i++ {
		if severityNames[i] == s {
			return i, nil
		}
	}
	return 0, Invalidf("severity %q (want one of %s)", s, strings.Join(severityNames[1:], ", "))
}

// Valid reports whether s is one of the five severities.
func (s Severity) Valid() bool { return s >= SeverityInfo && s <= SeverityCritical }

// String returns the lowercase name, or "severity(N)" for an invalid value.
func (s Severity) String() string {
	if s.Valid() {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalJSON encodes the severity as its name.
func (s Severity) MarshalJSON() ([]byte, error) {
	if !s.Valid() {
		return nil, Invalidf("severity %d", int(s))
	}
	return json.Marshal(severityNames[s])
}

// UnmarshalJSON decodes a severity name.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return Invalidf("severity must be a string")
	}
	v, err := ParseSeverity(name)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
