package regulations

import (
	"slices"
	"strings"
)

// euMembers are the ISO 3166-1 codes of the EU member states, as used in
// EU-xx jurisdiction codes (Greece is GR, not EL).
var euMembers = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// usStates are the US states, DC and the inhabited territories, as used in
// US-xx jurisdiction codes.
var usStates = []string{"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
	"IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
	"NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
	"WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP"}

// countries are the jurisdictions named by a bare code.
var countries = []string{"UK", "SG", "CN", "BR", "AU", "JP", "KR", "IN", "CA", "US"}

// validJurisdiction reports whether code is one the facts model knows.
func validJurisdiction(code string) bool {
	if rest, ok := strings.CutPrefix(code, "EU-"); ok {
		return slices.Contains(euMembers, rest)
	}
	if rest, ok := strings.CutPrefix(code, "US-"); ok {
		return slices.Contains(usStates, rest)
	}
	return slices.Contains(countries, code)
}

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
func factJurisdictions(f *Facts) []string {
	return slices.Concat(f.Jurisdictions, sortedKeys(f.DataSubjectsByJurisdiction), sortedKeys(f.ResidentsByState))
}
