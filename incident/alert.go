package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on alert fields. They keep one alert from bloating an incident, a
// timeline event or a Slack message; a producer that needs more is sending
// something other than an alert.
const (
	MaxIDLen          = 256
	MaxNameLen        = 256 // source, kind, asset id, type and tenant, fingerprint
	MaxTitleLen       = 1024
	MaxDescriptionLen = 64 << 10
	MaxLabels         = 64
	MaxLabelKeyLen    = 128
	MaxLabelValueLen  = 1024
	MaxListLen        = 64 // personal data categories and jurisdictions
)

// Alert is one security alert in breachd's native shape. Every ingest format is
// converted into it at the edge; triage sees nothing else.
type Alert struct {
	ID           string            `json:"id"`
	Source       string            `json:"source"`
	Kind         string            `json:"kind"`
	Time         time.Time         `json:"time"`
	Severity     Severity          `json:"severity"`
	Title        string            `json:"title"`
	Description  string            `json:"description"`
	Fingerprint  string            `json:"fingerprint,omitempty"`
	Asset        Asset             `json:"asset"`
	Labels       map[string]string `json:"labels,omitempty"`
	PersonalData *PersonalData     `json:"personal_data,omitempty"`
}

// Asset is the thing an alert is about: a host, a bucket, an account.
type Asset struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Tenant string `json:"tenant,omitempty"`
}

// PersonalData is what an alert's producer knows about the personal data
// involved. It seeds an incident's breach facts.
type PersonalData struct {
	Categories    []string `json:"categories,omitempty"`
	Subjects      int64    `json:"subjects"`
	Jurisdictions []string `json:"jurisdictions,omitempty"`
	// Encrypted says whether the data was encrypted; nil when the alert
	// does not say, which is unknown, never "not encrypted".
	Encrypted *bool `json:"encrypted,omitempty"`
}

// Validate checks every field of the alert and reports all problems at once,
// each naming its field.
func (a *Alert) Validate() error {
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	text := func(field, v string, max int, required bool) {
		switch {
		case v == "" && required:
			bad("%s is required", field)
		case len(v) > max:
			bad("%s is %d bytes, over the limit of %d", field, len(v), max)
		case !utf8.ValidString(v):
			bad("%s is not valid UTF-8", field)
		}
	}
	text("id", a.ID, MaxIDLen, true)
	if msg := idProblem(a.ID); msg != "" {
		bad("id %s", msg)
	}
	text("source", a.Source, MaxNameLen, true)
	text("kind", a.Kind, MaxNameLen, true)
	text("title", a.Title, MaxTitleLen, true)
	text("description", a.Description, MaxDescriptionLen, false)
	text("fingerprint", a.Fingerprint, MaxNameLen, false)
	text("asset.id", a.Asset.ID, MaxNameLen, true)
	text("asset.type", a.Asset.Type, MaxNameLen, true)
	text("asset.tenant", a.Asset.Tenant, MaxNameLen, false)
	if a.Time.IsZero() {
		bad("time is required")
	}
	if !a.Severity.Valid() {
		bad("severity is required (one of info, low, medium, high, critical)")
	}
	if len(a.Labels) > MaxLabels {
		bad("labels has %d entries, over the limit of %d", len(a.Labels), MaxLabels)
	}
	for k, v := range a.Labels {
		if k == "" {
			bad("labels has an empty key")
		}
		text("labels key", k, MaxLabelKeyLen, false)
		text(fmt.Sprintf("labels[%.64q]", k), v, MaxLabelValueLen, false)
	}
	if pd := a.PersonalData; pd != nil {
		if pd.Subjects < 0 {
			bad("personal_data.subjects is negative")
		}
		for field, list := range map[string][]string{"personal_data.categories": pd.Categories, "personal_data.jurisdictions": pd.Jurisdictions} {
			if len(list) > MaxListLen {
				bad("%s has %d entries, over the limit of %d", field, len(list), MaxListLen)
			}
			for _, v := range list {
				text(field+" entry", v, MaxNameLen, true)
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: problems}
}

// idProblem says what makes a non-empty, valid UTF-8 id unusable, or ""
// when nothing does. An alert id is the stream's duplicate key and NATS
// trims header values, so "a-7", "a-7 " and "a-7\n" would be one message:
// ids that differ only at their edges, or by characters no one can see or
// type, are refused rather than merged.
func idProblem(id string) string {
	if id == "" || !utf8.ValidString(id) {
		return "" // reported already
	}
	if strings.TrimSpace(id) == "" {
		return "is only whitespace"
	}
	for i, r := range id {
		if unicode.IsControl(r) {
			return fmt.Sprintf("has a control character (%U) at byte %d", r, i)
		}
	}
	if strings.TrimSpace(id) != id {
		return "has leading or trailing whitespace"
	}
	return ""
}

// CheckTime refuses an alert stamped further in the future than skew allows:
// such a time would push an incident's "last seen" past every real alert.
func (a *Alert) CheckTime(now time.Time, skew time.Duration) error {
	if a.Time.After(now.Add(skew)) {
		return Invalidf("time %s is %s in the future (at most %s allowed)",
			a.Time.UTC().Format(time.RFC3339), a.Time.Sub(now).Round(time.Second), skew)
	}
	return nil
}

// EffectiveFingerprint is the producer's fingerprint, or one derived from the
// source, kind and asset: alerts about the same thing from the same detector
// are duplicates of each other.
func (a *Alert) EffectiveFingerprint() string {
	if a.Fingerprint != "" {
		return a.Fingerprint
	}
	h := sha256.New()
	for _, part := range []string{a.Source, a.Kind, a.Asset.Type, a.Asset.ID, a.Asset.Tenant} {
		// Length-prefix each part so that ("ab","c") and ("a","bc") differ.
		fmt.Fprintf(h, "%d:%s;", len(part), part)
	}
	return "fp-" + hex.EncodeToString(h.Sum(nil)[:12])
}
