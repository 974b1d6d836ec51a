package incident

import (
	"slices"
	"strings"

	"github.com/biter777/countries"
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

// caProvinces are the Canadian provinces and territories, as used in CA-xx
// jurisdiction codes.
var caProvinces = []string{"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}

// zones are the jurisdictions inside a country that have breach laws of
// their own and no ISO code: the financial free zones of the UAE.
var zones = []string{"AE-DIFC", "AE-ADGM"}

// FreeZone reports whether code is a free zone with a law of its own
// (AE-DIFC, AE-ADGM): its country's law does not reach it, so the
// country's code does not match it as it matches a State or province.
func FreeZone(code string) bool { return slices.Contains(zones, code) }

// ValidJurisdiction reports whether code is one the facts model knows: an
// ISO 3166-1 alpha-2 country code (the United Kingdom is UK, as GB is
// accepted and written UK by CanonicalJurisdiction), EU-xx for a member
// state, US-xx for a state, DC or territory, CA-xx for a province or
// territory, and AE-DIFC or AE-ADGM.
func ValidJurisdiction(code string) bool {
	if rest, ok := strings.CutPrefix(code, "EU-"); ok {
		return slices.Contains(euMembers, rest)
	}
	if rest, ok := strings.CutPrefix(code, "US-"); ok {
		return slices.Contains(usStates, rest)
	}
	if rest, ok := strings.CutPrefix(code, "CA-"); ok {
		return slices.Contains(caProvinces, rest)
	}
	if slices.Contains(zones, code) || code == "UK" {
		return true
	}
	return len(code) == 2 && countries.ByName(code).Alpha2() == code
}

// CanonicalJurisdiction writes a valid code the one way the catalog names
// it: a member state's bare code as EU-xx ("FR" is "EU-FR"), GB as UK. Any
// other code is returned as it is.
func CanonicalJurisdiction(code string) string {
	switch {
	case code == "GB":
		return "UK"
	case slices.Contains(euMembers, code):
		return "EU-" + code
	}
	return code
}

// USState returns the US-xx code of a state given as "WA" or "US-WA", and
// whether it is one.
func USState(code string) (string, bool) {
	code = strings.TrimPrefix(code, "US-")
	if slices.Contains(usStates, code) {
		return "US-" + code, true
	}
	return "", false
}

// IncidentGrades returns the values of the fact incident_grade (China's
// grading).
func IncidentGrades() []string { return []string{"relatively_major", "major", "especially_major"} }

// Sectors returns the values of the fact sectors: what the organisation is,
// for the duties that bind only some kinds of organisation. It is the
// organisation's status, not an assessment of the breach, so a sector not
// recorded is not one (the duty does not apply), as for sec_registrant.
func Sectors() []string {
	return []string{
		"electronic_communications",     // public electronic communications services (EU 611/2013, UK PECR, US CPNI carriers)
		"banking_organization",          // US banking agencies' incident rule
		"bank_service_provider",         // US banking agencies' incident rule
		"ftc_financial_institution",     // FTC Safeguards Rule
		"sec_reg_sp_institution",        // SEC Regulation S-P covered institution
		"personal_health_record_vendor", // FTC Health Breach Notification Rule
		"critical_infrastructure",       // CIRCIA covered entity, Hong Kong Cap. 653 operator
		"essential_service_operator",    // UK NIS operator of essential services
		"digital_service_provider",      // UK NIS relevant digital service provider
	}
}

// Certifications returns the values of the fact certifications: commitments
// that add customer-notice obligations.
func Certifications() []string { return []string{"iso27018", "iso27701", "cispe"} }
