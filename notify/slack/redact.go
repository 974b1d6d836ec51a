package slack

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// Redacted replaces a field hidden whole.
const Redacted = "[redacted]"

// redactFields are the incident fields a message shows that may be hidden
// whole; labels.NAME hides one label's values, labels all of them.
var redactFields = []string{"title", "asset.id", "asset.type", "asset.tenant", "sources", "kinds", "labels"}

// patternAliases are the pattern names slack_redact took before it shared
// incident's patterns; they still work.
var patternAliases = map[string]string{"emails": "email", "phones": "phone", "ips": "ip"}

// Redactor hides personal data in what a message shows. Its patterns are
// incident's (incident.NewRedactor), and it replaces a match by the same
// keyed token as the ingest does when keyed with the store's redaction
// key: a value hidden before it was stored and one hidden only in Slack
// read alike. On top of them it hides whole the incident fields named.
type Redactor struct {
	fields map[string]bool
	text   *incident.Redactor // nil: no patterns
}

// NewRedactor returns a redactor of names: incident fields (title,
// asset.id, asset.type, asset.tenant, sources, kinds) hidden whole, and
// incident's redaction patterns (email, phone, ip, card…, or name=regexp)
// scrubbed from every text, tokens keyed with key.
func NewRedactor(names []string, key []byte) (Redactor, error) {
	r := Redactor{fields: map[string]bool{}}
	var patterns []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case slices.Contains(redactFields, n), strings.HasPrefix(n, "labels.") && len(n) > len("labels."):
			r.fields[n] = true
		case patternAliases[n] != "":
			patterns = append(patterns, patternAliases[n])
		default:
			patterns = append(patterns, n)
		}
	}
	if len(patterns) > 0 {
		var err error
		if r.text, err = incident.NewRedactor(patterns, nil, key); err != nil {
			return Redactor{}, fmt.Errorf("%w (fields: %s)", err, strings.Join(redactFields, ", "))
		}
	}
	return r, nil
}

// Field returns the value of field v as a message may show it: hidden when
// the field is redacted, else scrubbed.
func (r Redactor) Field(field, v string) string {
	hidden := r.fields[field] || r.fields["labels"] && strings.HasPrefix(field, "labels.")
	if hidden && v != "" {
		return Redacted
	}
	return r.Text(v)
}

// maxShownLabels bounds the labels a message lists; the rest are counted.
const maxShownLabels = 16

// Labels lists labels as a message may show them, in name order: `name`
// value, each value passed through Field as labels.NAME.
func (r Redactor) Labels(labels map[string]string) string {
	keys := slices.Sorted(maps.Keys(labels))
	parts := make([]string, 0, min(len(keys), maxShownLabels)+1)
	for i, k := range keys {
		if i == maxShownLabels {
			parts = append(parts, fmt.Sprintf("+%d more", len(keys)-maxShownLabels))
			break
		}
		parts = append(parts, fmt.Sprintf("`%s` %s", escape(r.Text(k)), escape(r.Field("labels."+k, labels[k]))))
	}
	return strings.Join(parts, " · ")
}

// Text scrubs the redacted patterns from v.
func (r Redactor) Text(v string) string {
	if r.text == nil {
		return v
	}
	return r.text.Text(v)
}
