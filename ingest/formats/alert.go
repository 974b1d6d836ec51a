package formats

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// Decoded is one alert decoded from a message, valid by incident.Alert's
// rules.
type Decoded struct {
	Alert *incident.Alert
	// Resolved marks a notice that something reported earlier has ended
	// (an Alertmanager "resolved" entry, an OCSF Close activity, an archived
	// or resolved AWS finding). Triage records it on the active incident of
	// its fingerprint and opens nothing for it.
	Resolved bool
}

// builder collects a mapped alert: it keeps labels within the native limits
// and cuts over-long text, so that a chatty source loses detail, not alerts.
type builder struct {
	a incident.Alert
}

// label sets a label unless the value is empty or the alert already has as
// many labels as it may.
func (b *builder) label(k, v string) {
	if v == "" || k == "" {
		return
	}
	if b.a.Labels == nil {
		b.a.Labels = make(map[string]string, 8)
	}
	if _, ok := b.a.Labels[k]; !ok && len(b.a.Labels) >= incident.MaxLabels {
		return
	}
	b.a.Labels[fit(k, incident.MaxLabelKeyLen)] = text.Truncate(v, incident.MaxLabelValueLen)
}

// finish cuts text to the native limits and validates the alert. Names
// (ids, asset ids) are shortened with a hash so that two long ones stay apart.
func (b *builder) finish(f Format) (*incident.Alert, error) {
	a := &b.a
	a.ID = fit(cleanID(a.ID), incident.MaxIDLen)
	for _, s := range []*string{&a.Source, &a.Kind, &a.Fingerprint, &a.Asset.ID, &a.Asset.Type, &a.Asset.Tenant} {
		*s = fit(*s, incident.MaxNameLen)
	}
	a.Title = text.Truncate(firstLine(a.Title), incident.MaxTitleLen)
	a.Description = text.Truncate(a.Description, incident.MaxDescriptionLen)
	if err := a.Validate(); err != nil {
		return nil, &RejectError{Reason: ReasonInvalidField, Err: fmt.Errorf("%s maps to an invalid alert: %w", f.Title(), err)}
	}
	return a, nil
}

// digest is a short hex hash of parts, each length-prefixed so that
// ("ab","c") and ("a","bc") differ.
func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// fingerprint is a format's fingerprint of what makes two alerts the same
// finding: "ocsf-1f2e…".
func fingerprint(f Format, parts ...string) string {
	return f.String() + "-" + digest(parts...)
}

// fit returns s if it is at most max bytes, otherwise a prefix of it and a
// hash of the whole, max bytes long, so that distinct values stay distinct.
func fit(s string, max int) string {
	if len(s) <= max {
		return s
	}
	sum := digest(s)
	return text.Prefix(s, max-len(sum)-1) + "~" + sum
}

// cleanID returns id if it is usable as a native alert id, otherwise the
// id with control characters as "_" and its edges trimmed, followed by a
// hash of the whole, so that a source's "a-7" and "a-7 " (which NATS's
// duplicate key could not tell apart) stay two distinct, valid ids.
func cleanID(id string) string {
	clean := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '_'
		}
		return r
	}, id)
	if clean = strings.TrimSpace(clean); clean == id {
		return id
	}
	return clean + "~" + digest(id)
}

// firstID returns the first value that is not blank, untrimmed: an id is
// the source's, and trimming it would merge ids that differ at their edges.
func firstID(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// firstLine keeps a title to one line.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// first returns the first non-empty value.
func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// slug turns a name into a kind: lower case, runs of other characters as one dash.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// banded maps a numeric score to a severity given the lowest score of each
// level from low up; a score below low is info.
func banded(score, low, medium, high, critical float64) incident.Severity {
	switch {
	case score >= critical:
		return incident.SeverityCritical
	case score >= high:
		return incident.SeverityHigh
	case score >= medium:
		return incident.SeverityMedium
	case score >= low:
		return incident.SeverityLow
	}
	return incident.SeverityInfo
}
