package console

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// factKind is how the facts form shows and reads one field.
type factKind int

const (
	factBool factKind = iota
	factInt
	factTime
	factString
	factList
	factObject
)

// factTypes say each kind in words, beside the field.
var factTypes = [...]string{
	factBool:   "true, false or unknown",
	factInt:    "whole number",
	factTime:   "time, RFC 3339 (2026-03-10T14:20:00Z)",
	factString: "text",
	factList:   "list, comma-separated",
	factObject: "JSON",
}

// factDef is one field of the facts model.
type factDef struct {
	Key  string
	Kind factKind
}

// factDefs lists every field of incident.Facts, in the model's order, read
// from the type itself so that a new fact appears in the form without a
// change here.
var factDefs = func() []factDef {
	var defs []factDef
	t := reflect.TypeFor[incident.Facts]()
	timeType := reflect.TypeFor[time.Time]()
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if key == "" || key == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		var k factKind
		switch {
		case ft == timeType:
			k = factTime
		case ft.Kind() == reflect.Bool:
			k = factBool
		case ft.Kind() == reflect.Int || ft.Kind() == reflect.Int64:
			k = factInt
		case ft.Kind() == reflect.String:
			k = factString
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			k = factList
		default:
			k = factObject
		}
		defs = append(defs, factDef{Key: key, Kind: k})
	}
	return defs
}()

// factField is one field of the facts form as shown: its current text
// ("" when unknown), what was typed when the form is shown again, and the
// problem with it.
type factField struct {
	Key     string
	Type    string
	Kind    string // bool, int, time, string, list, object: picks the input
	Value   string
	Unknown bool
	Error   string
	// Orig is the stored text the form is drawn from, sent back beside
	// the field (o.KEY), so that a save changes only what the person
	// changed, not what someone else changed meanwhile.
	Orig string
}

// factTexts renders each fact of f as the form shows it; an absent key
// is unknown.
func factTexts(f *incident.Facts) (map[string]string, error) {
	out := map[string]string{}
	if f == nil {
		return out, nil
	}
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode facts: %w", err)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("decode facts: %w", err)
	}
	for _, d := range factDefs {
		v, ok := obj[d.Key]
		if !ok || string(v) == "null" {
			continue
		}
		switch d.Kind {
		case factTime, factString:
			var s string
			if json.Unmarshal(v, &s) == nil {
				out[d.Key] = s
			}
		case factList:
			var l []string
			if json.Unmarshal(v, &l) == nil {
				out[d.Key] = strings.Join(l, ", ")
			}
		default:
			out[d.Key] = string(v)
		}
	}
	return out, nil
}

// factFields builds the form's fields from the current texts, the texts
// typed (nil: none) and the problems by key.
func factFields(current, typed map[string]string, problems map[string]string) []factField {
	kinds := [...]string{"bool", "int", "time", "string", "list", "object"}
	fields := make([]factField, 0, len(factDefs))
	for _, d := range factDefs {
		v, known := current[d.Key]
		if t, ok := typed[d.Key]; ok {
			v = t
		}
		fields = append(fields, factField{Key: d.Key, Type: factTypes[d.Kind], Kind: kinds[d.Kind], Value: v,
			Unknown: !known, Error: problems[d.Key], Orig: current[d.Key]})
	}
	return fields
}

// factsPatch turns the posted form into a facts patch: only the fields
// whose text differs from the one the form was drawn from (o.KEY; without
// it, the current one), an emptied field unset (null, back to unknown). A
// fact someone else changed since the form was drawn, and the person did
// not touch, is left as it now is. It returns nil when nothing changed,
// and the texts as typed for showing the form again.
func factsPatch(form url.Values, current map[string]string) ([]byte, map[string]string, error) {
	patch := map[string]json.RawMessage{}
	typed := map[string]string{}
	for _, d := range factDefs {
		vals, ok := form["f."+d.Key]
		if !ok {
			continue
		}
		text := formText(vals)
		typed[d.Key] = text
		base := current[d.Key]
		if orig, ok := form["o."+d.Key]; ok {
			base = formText(orig)
		}
		if text == base {
			continue
		}
		if text == "" {
			patch[d.Key] = json.RawMessage("null")
			continue
		}
		patch[d.Key] = factJSON(d, text)
	}
	if len(patch) == 0 {
		return nil, typed, nil
	}
	b, err := json.Marshal(patch)
	return b, typed, err
}

// factJSON reads the text of one field. Text that does not fit the field's
// type is passed on as a string, so that the facts model refuses it with
// its own message naming the field.
func factJSON(d factDef, text string) json.RawMessage {
	quoted := func() json.RawMessage { b, _ := json.Marshal(text); return b }
	switch d.Kind {
	case factBool:
		if text == "true" || text == "false" {
			return json.RawMessage(text)
		}
	case factInt:
		if _, err := strconv.Atoi(text); err == nil {
			return json.RawMessage(text)
		}
	case factList:
		return incident.FactValue(d.Key, text)
	case factObject:
		if json.Valid([]byte(text)) {
			return json.RawMessage(text)
		}
	}
	return quoted()
}

// leadingKey is the field a facts problem starts with, after its category:
// "invalid facts: aware_at: is required", "data_subjects must be …",
// "jurisdictions.0: …".
var leadingKey = regexp.MustCompile(`^([a-z][a-z0-9_]*)`)

// factProblems sorts the problems of a refused facts change by the field
// each names; those that name none are listed apart.
func factProblems(err error) (map[string]string, []string) {
	known := map[string]bool{}
	for _, d := range factDefs {
		known[d.Key] = true
	}
	byKey := map[string]string{}
	var general []string
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		rest := line
		for _, p := range []string{"invalid facts: ", "invalid facts ", "invalid: "} {
			rest = strings.TrimPrefix(rest, p)
		}
		rest = strings.TrimPrefix(rest, "key ")
		rest = strings.TrimPrefix(rest, "unknown key ")
		key := leadingKey.FindString(rest)
		if known[key] {
			if byKey[key] != "" {
				byKey[key] += "; "
			}
			byKey[key] += rest
			continue
		}
		general = append(general, line)
	}
	return byKey, general
}

// formText is the last value of a form field, trimmed, its line breaks as
// stored (a browser sends a textarea's as CRLF).
func formText(vals []string) string {
	return strings.TrimSpace(strings.ReplaceAll(vals[len(vals)-1], "\r\n", "\n"))
}
