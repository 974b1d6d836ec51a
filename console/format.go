package console

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"
)

// funcs are the template functions every page may use.
var funcs = template.FuncMap{
	"utc":     isoUTC,
	"rfc3339": rfc3339,
	"query":   query,
	"join":    strings.Join,
	"json":    compactJSON,
}

// asTime reads a time.Time or a *time.Time; nil is no time.
func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil || t.IsZero() {
			return time.Time{}, false
		}
		return *t, true
	}
	return time.Time{}, false
}

// isoUTC shows a time in UTC ISO form to the minute (seconds when it has
// them): 2026-03-10 15:00Z. No time is "".
func isoUTC(v any) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	t = t.UTC()
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05Z")
	}
	return t.Format("2006-01-02 15:04Z")
}

// rfc3339 is the machine form of a time, for data-due and <time datetime>.
func rfc3339(v any) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// relative says how far at is from now in words the countdown script also
// writes: "in 2 d 3 h", "in 5 h 12 m", "in 4 m", "OVERDUE by 3 h 4 m".
func relative(at, now time.Time) string {
	d := at.Sub(now)
	if d < 0 {
		return "OVERDUE by " + span(-d)
	}
	return "in " + span(d)
}

// span is a duration in days, hours and minutes, the two largest units.
func span(d time.Duration) string {
	m := int64(d / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d d %d h", days, hours)
	case days > 0:
		return fmt.Sprintf("%d d", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%d h %d m", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%d h", hours)
	}
	return fmt.Sprintf("%d m", mins)
}

// query builds a query string from name, value pairs, leaving out the
// empty values: {{query "status" .Status "cursor" .Next}}.
func query(pairs ...string) template.URL {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	if len(v) == 0 {
		return ""
	}
	return template.URL("?" + v.Encode())
}

// compactJSON shows a value as one line of JSON.
func compactJSON(v any) string {
	if raw, ok := v.(json.RawMessage); ok {
		return string(raw)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
