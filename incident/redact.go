package incident

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// pattern is one kind of personal data or secret that redaction finds in
// text, with an optional check that a match really is one (a card number's
// Luhn digit) so that ordinary numbers are left alone.
type pattern struct {
	name  string
	re    *regexp.Regexp
	check func(string) bool
	// maybe is a cheap test that a match is possible at all, from the
	// text and its shape; the regular expression runs only when it passes.
	// Redaction runs on every alert.
	maybe func(string, shape) bool
}

// shape is what one pass over a text learns for the digit patterns: the
// longest run of digits (single spaces and dashes between them allowed),
// and whether capital letters run into digits (an IBAN's country and check
// digits, an NRIC's letter and number).
type shape struct {
	digitRun     int
	caps2digits2 bool
	caps1digits7 bool
}

func shapeOf(s string) shape {
	var (
		sh           shape
		run, caps    int
		capsAtDigits int // capital letters right before the current digit run
		digitsInRun  int // digits of the current run with no separator
	)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if digitsInRun == 0 {
				capsAtDigits = caps
			}
			run++
			digitsInRun++
			caps = 0
			sh.digitRun = max(sh.digitRun, run)
			if capsAtDigits >= 2 && digitsInRun >= 2 {
				sh.caps2digits2 = true
			}
			if capsAtDigits >= 1 && digitsInRun >= 7 {
				sh.caps1digits7 = true
			}
		case (c == ' ' || c == '-') && run > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			digitsInRun, capsAtDigits, caps = 0, 0, 0
		case c >= 'A' && c <= 'Z':
			caps++
			run, digitsInRun = 0, 0
		default:
			caps, run, digitsInRun = 0, 0, 0
		}
	}
	return sh
}

// builtinPatterns are the patterns redaction knows by name.
func builtinPatterns() []pattern {
	return []pattern{
		{name: "email", re: regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`), maybe: has("@")},
		{name: "card", re: regexp.MustCompile(`\b(?:\d[ -]?){12,18}\d\b`), check: luhn, maybe: func(_ string, sh shape) bool { return sh.digitRun >= 13 }},
		{name: "iban", re: regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`), check: ibanValid, maybe: func(_ string, sh shape) bool { return sh.caps2digits2 }},
		{name: "ssn", re: regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`), maybe: func(_ string, sh shape) bool { return sh.digitRun >= 9 }},
		{name: "nric", re: regexp.MustCompile(`\b[STFGM]\d{7}[A-Z]\b`), maybe: func(_ string, sh shape) bool { return sh.caps1digits7 }},
		{name: "nino", re: regexp.MustCompile(`\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`), maybe: func(_ string, sh shape) bool { return sh.digitRun >= 6 }},
		{name: "aws_key", re: regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`), maybe: has("AKIA", "ASIA")},
		{name: "jwt", re: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}`), maybe: has("eyJ")},
		{name: "bearer", re: regexp.MustCompile(`(?i)\bbearer [A-Za-z0-9._~+/\-]{16,}=*`), maybe: hasFold("bearer ")},
		{name: "slack_token", re: regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9\-]{10,}`), maybe: has("xox")},
		{name: "github_token", re: regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,}\b`), maybe: has("gh")},
		{name: "phone", re: regexp.MustCompile(`\+\d[\d \-]{7,14}\d\b`), maybe: has("+")},
		// IPv4 dotted quads, and IPv6 written in full or with "::", so that
		// times (09:30:00) are left alone.
		{name: "ip", re: regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}\b`),
			check: ipValid, maybe: has(".", ":")},
	}
}

// DefaultRedactPatterns are the patterns on unless configured otherwise:
// every built-in one but phone numbers, which look too much like other
// numbers, and IP addresses, which are what responders investigate (Slack
// hides them, see notify/slack).
func DefaultRedactPatterns() []string {
	return []string{"email", "card", "iban", "ssn", "nric", "nino", "aws_key", "jwt", "bearer", "slack_token", "github_token"}
}

// Redactor replaces personal data and secrets in an alert's text before
// anything of it is stored or shown. A value is replaced by its kind and a
// keyed hash of it, "[email:3f2a9c1e]", so the same value always reads the
// same (duplicates still match, people can still tell two apart) and
// cannot be read back without the key.
type Redactor struct {
	patterns []pattern
	fields   []string
	key      []byte
}

// NewRedactor returns a redactor for the named patterns (built-in names, or
// "name=regexp" for one's own) and the alert fields whose whole value is
// replaced (title, description, asset.id, asset.tenant, fingerprint,
// labels.NAME), hashing with key.
func NewRedactor(patterns, fields []string, key []byte) (*Redactor, error) {
	if len(key) < 16 {
		return nil, fmt.Errorf("redaction key must be at least 16 bytes")
	}
	r := &Redactor{key: key}
	builtin := builtinPatterns()
	var problems []string
	for _, p := range patterns {
		if name, expr, ok := strings.Cut(p, "="); ok {
			re, err := regexp.Compile(expr)
			if err != nil || strings.TrimSpace(name) == "" {
				problems = append(problems, fmt.Sprintf("redaction pattern %.80q: want name=regexp (%v)", p, err))
				continue
			}
			r.patterns = append(r.patterns, pattern{name: strings.TrimSpace(name), re: re})
			continue
		}
		i := slices.IndexFunc(builtin, func(b pattern) bool { return b.name == p })
		if i < 0 {
			names := make([]string, len(builtin))
			for j, b := range builtin {
				names[j] = b.name
			}
			problems = append(problems, fmt.Sprintf("redaction pattern %q is not one of %s (or name=regexp)", p, strings.Join(names, ", ")))
			continue
		}
		r.patterns = append(r.patterns, builtin[i])
	}
	for _, f := range fields {
		if _, ok := redactField(&Alert{}, f); !ok {
			problems = append(problems, fmt.Sprintf("redaction field %q (want title, description, asset.id, asset.tenant, fingerprint or labels.NAME)", f))
		}
	}
	r.fields = slices.Clone(fields)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return r, nil
}

// redactField returns a pointer to a redactable alert field.
func redactField(a *Alert, name string) (*string, bool) {
	switch name {
	case "title":
		return &a.Title, true
	case "description":
		return &a.Description, true
	case "asset.id":
		return &a.Asset.ID, true
	case "asset.tenant":
		return &a.Asset.Tenant, true
	case "fingerprint":
		return &a.Fingerprint, true
	}
	if label, ok := strings.CutPrefix(name, "labels."); ok && label != "" {
		return nil, true
	}
	return nil, false
}

// token is what replaces value.
func (r *Redactor) token(kind, value string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(value))
	return "[" + kind + ":" + hex.EncodeToString(m.Sum(nil)[:4]) + "]"
}

// text replaces every pattern match in s.
func (r *Redactor) text(s string) string {
	if s == "" {
		return s
	}
	sh := shapeOf(s)
	for _, p := range r.patterns {
		if p.maybe != nil && !p.maybe(s, sh) {
			continue
		}
		if !p.re.MatchString(s) {
			continue
		}
		s = p.re.ReplaceAllStringFunc(s, func(m string) string {
			if p.check != nil && !p.check(m) {
				return m
			}
			return r.token(p.name, m)
		})
	}
	return s
}

// Text returns s with every match of the redactor's patterns replaced, as
// Redact does to an alert's text; the configured fields play no part. It
// serves what shows text elsewhere (Slack) with the same patterns and
// tokens.
func (r *Redactor) Text(s string) string { return r.text(s) }

// Redact returns a copy of a with personal data replaced in its title,
// asset id and tenant, producer fingerprint and label values, and with the
// configured fields replaced whole. The description, the longest text and
// the one triage needs least, is left to Description. The fingerprint derived
// from the original (when the producer gave none) is kept, so redaction
// changes no dedup decision. a itself is not modified.
func (r *Redactor) Redact(a *Alert) *Alert {
	c := *a
	if c.Fingerprint == "" {
		c.Fingerprint = a.EffectiveFingerprint() // a hash already
	} else {
		c.Fingerprint = r.text(c.Fingerprint)
	}
	for _, f := range []*string{&c.Title, &c.Asset.ID, &c.Asset.Tenant} {
		*f = r.text(*f)
	}
	if len(a.Labels) > 0 {
		c.Labels = maps.Clone(a.Labels)
		for k, v := range c.Labels {
			c.Labels[k] = r.text(v)
		}
	}
	for _, name := range r.fields {
		if label, ok := strings.CutPrefix(name, "labels."); ok {
			if v, ok := c.Labels[label]; ok && v != "" {
				c.Labels[label] = r.token(name, v)
			}
			continue
		}
		if name == "description" {
			continue // see Description
		}
		if p, _ := redactField(&c, name); p != nil && *p != "" {
			*p = r.token(name, *p)
		}
	}
	return &c
}

// has returns a test that s contains one of subs.
func has(subs ...string) func(string, shape) bool {
	return func(s string, _ shape) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
}

// hasFold returns a test that s contains sub in any case (ASCII).
func hasFold(sub string) func(string, shape) bool {
	return func(s string, _ shape) bool {
		for i := 0; i+len(sub) <= len(s); i++ {
			if (s[i]|0x20) == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
				return true
			}
		}
		return false
	}
}

// Description returns the alert description with personal data replaced
// (and replaced whole when redact_fields names it).
func (r *Redactor) Description(s string) string {
	if s != "" && slices.Contains(r.fields, "description") {
		return r.token("description", s)
	}
	return r.text(s)
}

// luhn reports whether the digits of s pass the Luhn check.
func luhn(s string) bool {
	sum, n, double := 0, 0, false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
		double = !double
	}
	return n >= 13 && sum%10 == 0
}

// ipValid reports whether a dotted quad has octets of at most 255; an
// IPv6 match needs no check.
func ipValid(s string) bool {
	if strings.Contains(s, ":") {
		return true
	}
	for _, part := range strings.Split(s, ".") {
		if n, err := strconv.Atoi(part); err != nil || n > 255 {
			return false
		}
	}
	return true
}

// ibanValid reports whether s passes the IBAN mod-97 check.
func ibanValid(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) < 15 {
		return false
	}
	var digits strings.Builder
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			digits.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			fmt.Fprintf(&digits, "%d", c-'A'+10)
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}
