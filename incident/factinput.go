package incident

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
)

// Facts are typed by hand as key=value pairs in more than one place
// (breachctl facts, /breach facts, the Slack facts form); this is how such
// a pair becomes JSON, so that they all read a value the same way.

// FactValue turns the text after "=" of a key=value fact into JSON: the
// text as it is when it parses as JSON (true, 1200, null to unset,
// ["SG"]), a comma list when key is a list fact (jurisdictions=EU-IE,SG),
// else a string.
func FactValue(key, v string) json.RawMessage {
	if json.Valid([]byte(v)) {
		return json.RawMessage(v)
	}
	if slices.Contains(ListFacts(), key) {
		items := []string{}
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				items = append(items, part)
			}
		}
		raw, _ := json.Marshal(items)
		return raw
	}
	raw, _ := json.Marshal(v)
	return raw
}

// FactsPatch builds the JSON object of a facts patch (see
// Incident.PatchFacts) from key=value pairs, each value read by
// FactValue; a later pair of the same key wins.
func FactsPatch(pairs [][2]string) ([]byte, error) {
	obj := make(map[string]json.RawMessage, len(pairs))
	for _, p := range pairs {
		obj[p[0]] = FactValue(p[0], p[1])
	}
	return json.Marshal(obj)
}

// ListFacts names the facts whose value is a list of strings, read from
// the Facts type itself so that a new list fact needs no other change.
func ListFacts() []string {
	var names []string
	t := reflect.TypeFor[Facts]()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.String {
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}
