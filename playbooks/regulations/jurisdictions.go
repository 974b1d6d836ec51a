package regulations

import (
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// matchJurisdiction reports whether code matches pattern: a code, or a
// prefix ending in "*" such as "EU-*".
func matchJurisdiction(pattern, code string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(code, prefix)
	}
	return pattern == code
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// factJurisdictions are the jurisdictions the facts name: jurisdictions,
// then the keys of data_subjects_by_jurisdiction and residents_by_state.
func factJurisdictions(f *incident.Facts) []string {
	return slices.Concat(f.Jurisdictions, sortedKeys(f.DataSubjectsByJurisdiction), sortedKeys(f.ResidentsByState))
}
