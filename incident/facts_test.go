package incident

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecodingFactsNamesTheKey(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"an unknown key", `{"aware_at":"2026-03-10T14:20:00Z","awareAt":"x"}`, "unknown key awareAt"},
		{"a misspelt nested key", `{"aware_at":"2026-03-10T14:20:00Z","holds":[{"regime":"gdpr_art33_sa","reason":"x","untill":"y"}]}`, "unknown key holds.0.untill"},
		{"a string for a boolean", `{"aware_at":"2026-03-10T14:20:00Z","high_risk":"yes"}`, "high_risk must be a boolean"},
		{"a fraction for a count", `{"aware_at":"2026-03-10T14:20:00Z","data_subjects":1.5}`, "data_subjects"},
		{"a date that is not RFC 3339", `{"aware_at":"10/03/2026"}`, "aware_at must be an RFC 3339 timestamp"},
		{"a bad time in submitted", `{"aware_at":"2026-03-10T14:20:00Z","submitted":{"gdpr_art33_sa":"soon"}}`, "submitted.gdpr_art33_sa must be an RFC 3339 timestamp"},
		{"a list for a string", `{"aware_at":"2026-03-10T14:20:00Z","role":["controller"]}`, "role must be a string"},
		{"a repeated key", `{"aware_at":"2026-03-10T14:20:00Z","aware_at":"2026-03-11T14:20:00Z"}`, "aware_at appears twice"},
		{"not an object", `[1]`, "must be a JSON object"},
		{"empty input", ``, "empty or cut short"},
		{"trailing data", `{"aware_at":"2026-03-10T14:20:00Z"} {}`, "not JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFacts([]byte(tc.doc))
			require.ErrorIs(t, err, ErrInvalidFacts)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestValidationNamesTheField(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"aware_at is required", `{"role":"controller"}`, "aware_at: is required"},
		{"an unknown role", `{"aware_at":"2026-03-10T14:20:00Z","role":"owner"}`, `role: "owner" is not one of`},
		{"an unknown jurisdiction", `{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["SG","EU-UK"]}`, `jurisdictions.1: "EU-UK"`},
		{"a lower-case code", `{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["sg"]}`, `jurisdictions.0`},
		{"an assessment before awareness", `{"aware_at":"2026-03-10T14:20:00Z","assessed_notifiable_at":"2026-03-09T00:00:00Z"}`, "assessed_notifiable_at: 2026-03-09T00:00:00Z is before aware_at"},
		{"a materiality determination before awareness", `{"aware_at":"2026-03-10T14:20:00Z","materiality_determined_at":"2026-03-01T00:00:00Z"}`, "materiality_determined_at"},
		{"a submission before awareness", `{"aware_at":"2026-03-10T14:20:00Z","submitted":{"gdpr_art33_sa":"2026-03-01T00:00:00Z"}}`, "submitted.gdpr_art33_sa"},
		{"a hold without a regime", `{"aware_at":"2026-03-10T14:20:00Z","holds":[{"reason":"x"}]}`, "holds.0.regime: is required"},
		{"a hold without a reason", `{"aware_at":"2026-03-10T14:20:00Z","holds":[{"regime":"gdpr_art33_sa"}]}`, "holds.0.reason"},
		{"a negative count", `{"aware_at":"2026-03-10T14:20:00Z","data_subjects":-1}`, "data_subjects: must not be negative"},
		{"a count for an unknown jurisdiction", `{"aware_at":"2026-03-10T14:20:00Z","data_subjects_by_jurisdiction":{"XX":1}}`, "data_subjects_by_jurisdiction.XX"},
		{"a state that is not one", `{"aware_at":"2026-03-10T14:20:00Z","residents_by_state":{"QC":1}}`, "residents_by_state.QC"},
		{"a time zone that is not one", `{"aware_at":"2026-03-10T14:20:00Z","timezones":{"SG":"Singapore/Central"}}`, "timezones.SG"},
		{"an unknown certification", `{"aware_at":"2026-03-10T14:20:00Z","certifications":["soc2"]}`, "certifications.0"},
		{"an unknown cause", `{"aware_at":"2026-03-10T14:20:00Z","cause":"hackers"}`, "cause"},
		{"a high risk without risk", `{"aware_at":"2026-03-10T14:20:00Z","risk_to_rights":false,"high_risk":true}`, "high_risk"},
		{"a zero SLA", `{"aware_at":"2026-03-10T14:20:00Z","contract_notification_sla_hours":0}`, "contract_notification_sla_hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseFacts([]byte(tc.doc))
			require.NoError(t, err)
			err = f.Validate()
			require.ErrorIs(t, err, ErrInvalidFacts)
			require.ErrorContains(t, err, tc.want)
		})
	}
	t.Run("every problem is reported", func(t *testing.T) {
		f, err := ParseFacts([]byte(`{"role":"owner","jurisdictions":["XX"]}`))
		require.NoError(t, err)
		err = f.Validate()
		for _, field := range []string{"aware_at", "role", "jurisdictions.0"} {
			require.ErrorContains(t, err, field+":")
		}
	})
	t.Run("a full set of facts is valid", func(t *testing.T) {
		f, err := ParseFacts([]byte(`{
			"role":"controller","jurisdictions":["EU-IE","UK","SG","US","US-CA"],"sec_registrant":true,
			"nis2_entity":"important","certifications":["iso27018","cispe"],"contract_notification_sla_hours":24,
			"personal_data_affected":true,"data_subjects":1200,"data_subjects_by_jurisdiction":{"EU-IE":700,"SG":500},
			"residents_by_state":{"US-CA":12},"data_categories":["name","email"],"encrypted":false,"cause":"external_unlawful_access",
			"risk_to_rights":true,"high_risk":false,"significant_harm":false,"incident_grade":"relatively_major",
			"aware_at":"2026-03-10T14:20:00Z","discovered_at":"2026-03-10T09:00:00Z","assessed_notifiable_at":"2026-03-12T01:00:00Z",
			"materiality_determined_at":"2026-03-12T18:00:00Z","submitted":{"gdpr_art33_sa":"2026-03-12T10:00:00Z"},
			"holds":[{"regime":"sec_8k_item_1_05","until":"2026-04-01T00:00:00Z","reason":"AG determination"}],
			"timezones":{"US-CA":"America/Los_Angeles"}}`))
		require.NoError(t, err)
		require.NoError(t, f.Validate())
	})
}

// FuzzParseFacts checks that any input either decodes and validates, or
// fails with ErrInvalidFacts (which is also ErrInvalid), and never panics.
func FuzzParseFacts(f *testing.F) {
	for _, seed := range []string{
		`{"aware_at":"2026-03-10T14:20:00Z"}`,
		`{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE","SG"],"data_subjects":500,"significant_harm":true,"assessed_notifiable_at":"2026-03-13T15:30:00Z"}`,
		`{"aware_at":"2026-03-10T14:20:00Z","holds":[{"regime":"sec_8k_item_1_05","reason":"x","until":"2026-07-30T00:00:00Z"}]}`,
		`{"aware_at":"2026-03-10T14:20:00Z","submitted":{"gdpr_art33_sa":"2026-03-12T09:00:00Z"},"timezones":{"SG":"Asia/Singapore"}}`,
		`{"data_subjects_by_jurisdiction":{"SG":-3}}`,
		`{`, `null`, `"x"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := ParseFacts(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidFacts) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("decode error is not ErrInvalidFacts: %v", err)
			}
			return
		}
		if err := facts.Validate(); err != nil && !errors.Is(err, ErrInvalidFacts) {
			t.Fatalf("validation error is not ErrInvalidFacts: %v", err)
		}
	})
}

func TestJurisdictionCodesAreWrittenTheOneWayTheCatalogNamesThem(t *testing.T) {
	f, err := ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","jurisdictions":["FR","GB","EU-FR","TH"],
		"residents_by_state":{"WA":900,"US-CA":3},"data_subjects_by_jurisdiction":{"DE":5},"timezones":{"GB":"Europe/London"}}`))
	require.NoError(t, err)
	require.NoError(t, f.Validate())
	require.Equal(t, []string{"EU-FR", "UK", "TH"}, f.Jurisdictions, "a member state is EU-xx, GB is UK, once each")
	require.Equal(t, map[string]int{"US-WA": 900, "US-CA": 3}, f.ResidentsByState, "WA and US-WA are the same State")
	require.Equal(t, map[string]int{"EU-DE": 5}, f.DataSubjectsByJurisdiction)
	require.Equal(t, map[string]string{"UK": "Europe/London"}, f.Timezones)

	_, err = ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","timezones":{"GB":"Europe/London","UK":"Europe/Dublin"}}`))
	require.ErrorContains(t, err, `timezones: "GB" and "UK" name the same jurisdiction, UK`, "never one silently overwriting the other")
	_, err = ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","residents_by_state":{"WA":1,"US-WA":2}}`))
	require.ErrorIs(t, err, ErrInvalidFacts)
	require.ErrorContains(t, err, `residents_by_state: "US-WA" and "WA" name the same jurisdiction, US-WA`)
}
