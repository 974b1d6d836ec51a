package slack

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Redacted replaces what is hidden.
const Redacted = "[redacted]"

// redactFields are the incident fields a message shows that may be hidden
// whole; redactPatterns the kinds of personal data scrubbed from any text.
var (
	redactFields   = []string{"title", "asset.id", "asset.type", "asset.tenant", "sources", "kinds"}
	redactPatterns = map[string]*regexp.Regexp{
		"emails": regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`),
		// Numbers written as phone numbers: international (+44 20 7946 0958)
		// or with an area code in brackets ((020) 7946 0958). Dates, counts
		// and ports stay.
		"phones": regexp.MustCompile(`\+\d[\d \-().]{6,}\d|\(\d{2,5}\)[ \-]?\d[\d \-]{4,}\d`),
		"ips":    regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{1,4}\b`),
	}
)

// Redactor hides personal data in what a message shows.
type Redactor struct {
	fields   map[string]bool
	patterns []*regexp.Regexp
}

// NewRedactor returns a redactor of the named fields and patterns.
func NewRedactor(names []string) (Redactor, error) {
	r := Redactor{fields: map[string]bool{}}
	for _, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case slices.Contains(redactFields, n):
			r.fields[n] = true
		case redactPatterns[n] != nil:
			r.patterns = append(r.patterns, redactPatterns[n])
		default:
			return Redactor{}, fmt.Errorf("%q is not a field (%s) nor a pattern (emails, phones, ips)", n, strings.Join(redactFields, ", "))
		}
	}
	return r, nil
}

// Field returns the value of field v as a message may show it: hidden when
// the field is redacted, else scrubbed.
func (r Redactor) Field(field, v string) string {
	if r.fields[field] && v != "" {
		return Redacted
	}
	return r.Text(v)
}

// Text scrubs the redacted patterns from v.
func (r Redactor) Text(v string) string {
	for _, p := range r.patterns {
		v = p.ReplaceAllString(v, Redacted)
	}
	return v
}
