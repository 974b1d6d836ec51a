package regulations

import (
	"maps"
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// validPattern reports whether p is a jurisdiction code, or one of the
// patterns the catalog may use ("EU-*", "US-*").
func validPattern(p string) bool {
	return incident.ValidJurisdiction(p) || p == "EU-*" || p == "US-*"
}

// matchJurisdiction reports whether code matches pattern: a code, or a
// prefix ending in "*" such as "EU-*".
func matchJurisdiction(pattern, code string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(code, prefix)
	}
	return pattern == code
}

// factJurisdictions are the jurisdictions the facts name: jurisdictions,
// then the keys of data_subjects_by_jurisdiction and residents_by_state.
func factJurisdictions(f *incident.Facts) []string {
	return slices.Concat(f.Jurisdictions, slices.Sorted(maps.Keys(f.DataSubjectsByJurisdiction)), slices.Sorted(maps.Keys(f.ResidentsByState)))
}
