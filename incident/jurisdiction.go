package incident

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

// ValidJurisdiction reports whether code is one the facts model knows.
func ValidJurisdiction(code string) bool {
	if rest, ok := strings.CutPrefix(code, "EU-"); ok {
		return slices.Contains(euMembers, rest)
	}
	if rest, ok := strings.CutPrefix(code, "US-"); ok {
		return slices.Contains(usStates, rest)
	}
	return slices.Contains(countries, code)
}

// IncidentGrades returns the values of the fact incident_grade (China's
// grading).
func IncidentGrades() []string { return []string{"relatively_major", "major", "especially_major"} }

// Certifications returns the values of the fact certifications: commitments
// that add customer-notice obligations.
func Certifications() []string { return []string{"iso27018", "iso27701", "cispe"} }
