package regulations

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// validPattern reports whether p is a jurisdiction code, or one of the
// patterns the catalog may use ("EU-*", "US-*").
func validPattern(p string) bool {
	return incident.ValidJurisdiction(p) || p == "EU-*" || p == "US-*" || p == "CA-*"
}

// validHome reports whether code may be a regime's jurisdiction: a
// jurisdiction code, the EU (whose regimes are the law of every member
// state), global (a standard's commitments) or contract (an agreement's).
func validHome(code string) bool {
	return incident.ValidJurisdiction(code) || code == "EU" || code == "global" || code == "contract"
}

// ErrJurisdiction is a code that is no jurisdiction a regime can have.
var ErrJurisdiction = errors.New("not a jurisdiction code (TH, EU-FR, US-WA or WA, CA-QC, EU, global)")

// regimeJurisdiction reads a code as the jurisdiction of regimes: a
// jurisdiction code written the one way the catalog names it (FR is EU-FR),
// a State without US- (WA, as residents_by_state takes it), EU, global or
// contract; "" is every jurisdiction.
func regimeJurisdiction(code string) (string, error) {
	switch {
	case code == "" || validHome(code) && !incident.ValidJurisdiction(code):
		return code, nil
	case incident.ValidJurisdiction(code):
		return incident.CanonicalJurisdiction(code), nil
	}
	if state, ok := incident.USState(code); ok {
		return state, nil
	}
	return "", fmt.Errorf("%q is %w", code, ErrJurisdiction)
}

// matchJurisdiction reports whether code matches pattern: a prefix ending
// in "*" such as "EU-*"; or a code, which also matches the codes of its
// subdivisions, since a breach of Washington residents' data is one of
// persons in the US ("US" matches "US-WA", "CA" matches "CA-QC"). A free
// zone with its own law is the exception: "AE" does not match "AE-DIFC".
func matchJurisdiction(pattern, code string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(code, prefix)
	}
	if pattern == code {
		return true
	}
	// code is pattern-xx, without building the prefix on every call.
	return len(code) > len(pattern) && code[len(pattern)] == '-' && strings.HasPrefix(code, pattern) && !incident.FreeZone(code)
}

// factJurisdictions are the jurisdictions the facts name: jurisdictions,
// then the keys of data_subjects_by_jurisdiction and residents_by_state.
// Each is written the one way the catalog names it (incident.CanonicalJurisdiction).
func factJurisdictions(f *incident.Facts) []string {
	codes := slices.Concat(f.Jurisdictions, slices.Sorted(maps.Keys(f.DataSubjectsByJurisdiction)), slices.Sorted(maps.Keys(f.ResidentsByState)))
	for i, c := range codes {
		codes[i] = incident.CanonicalJurisdiction(c)
	}
	return codes
}

// facts are the facts under evaluation with their jurisdictions read once,
// for the conditions of every regime to share.
type facts struct {
	*incident.Facts
	codes []string
}

func newFacts(f *incident.Facts) *facts { return &facts{Facts: f, codes: factJurisdictions(f)} }
