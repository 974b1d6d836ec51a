package incident_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// t0 is the fixed clock of these tests.
var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// badUTF8 is not valid UTF-8.
const badUTF8 = "ok\xff"

// validAlert returns an alert that passes Validate; each test breaks one thing.
func validAlert() *incident.Alert {
	return &incident.Alert{
		ID:          "a-1",
		Source:      "falco",
		Kind:        "exfiltration",
		Time:        t0,
		Severity:    incident.SeverityHigh,
		Title:       "Large upload to unknown host",
		Description: "3 GB left db-1 for 203.0.113.7",
		Asset:       incident.Asset{ID: "db-1", Type: "host", Tenant: "acme"},
		Labels:      map[string]string{"env": "prod"},
		PersonalData: &incident.PersonalData{
			Categories:    []string{"email"},
			Subjects:      1200,
			Jurisdictions: []string{"EU"},
		},
	}
}

// problems returns the problems of a validation error, failing the test when
// err is not one.
func problems(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, incident.ErrInvalid)
	var ve *incident.ValidationError
	require.ErrorAs(t, err, &ve)
	return ve.Problems
}

func TestAlertValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(a *incident.Alert)
		want string // a problem that must be reported; "" means valid
	}{
		{"a complete alert is valid", func(a *incident.Alert) {}, ""},
		{"an alert without optional fields is valid", func(a *incident.Alert) {
			a.Description, a.Fingerprint, a.Asset.Tenant, a.Labels, a.PersonalData = "", "", "", nil, nil
		}, ""},

		{"a missing id is reported", func(a *incident.Alert) { a.ID = "" }, "id is required"},
		{"a missing source is reported", func(a *incident.Alert) { a.Source = "" }, "source is required"},
		{"a missing kind is reported", func(a *incident.Alert) { a.Kind = "" }, "kind is required"},
		{"a missing title is reported", func(a *incident.Alert) { a.Title = "" }, "title is required"},
		{"a missing asset id is reported", func(a *incident.Alert) { a.Asset.ID = "" }, "asset.id is required"},
		{"a missing asset type is reported", func(a *incident.Alert) { a.Asset.Type = "" }, "asset.type is required"},
		{"a missing time is reported", func(a *incident.Alert) { a.Time = time.Time{} }, "time is required"},
		{"a missing severity is reported", func(a *incident.Alert) { a.Severity = 0 }, "severity is required"},
		{"an out of range severity is reported", func(a *incident.Alert) { a.Severity = incident.SeverityCritical + 1 }, "severity is required"},

		{"an id at the limit is valid", func(a *incident.Alert) { a.ID = strings.Repeat("i", incident.MaxIDLen) }, ""},
		{"an id over the limit is reported", func(a *incident.Alert) { a.ID = strings.Repeat("i", incident.MaxIDLen+1) }, "id is 257 bytes, over the limit of 256"},
		{"a source over the limit is reported", func(a *incident.Alert) { a.Source = strings.Repeat("s", incident.MaxNameLen+1) }, "source is 257 bytes"},
		{"a kind over the limit is reported", func(a *incident.Alert) { a.Kind = strings.Repeat("k", incident.MaxNameLen+1) }, "kind is 257 bytes"},
		{"a title at the limit is valid", func(a *incident.Alert) { a.Title = strings.Repeat("t", incident.MaxTitleLen) }, ""},
		{"a title over the limit is reported", func(a *incident.Alert) { a.Title = strings.Repeat("t", incident.MaxTitleLen+1) }, "title is 1025 bytes"},
		{"a description at the limit is valid", func(a *incident.Alert) { a.Description = strings.Repeat("d", incident.MaxDescriptionLen) }, ""},
		{"a description over the limit is reported", func(a *incident.Alert) { a.Description = strings.Repeat("d", incident.MaxDescriptionLen+1) }, "description is 65537 bytes"},
		{"a fingerprint over the limit is reported", func(a *incident.Alert) { a.Fingerprint = strings.Repeat("f", incident.MaxNameLen+1) }, "fingerprint is 257 bytes"},
		{"an asset id over the limit is reported", func(a *incident.Alert) { a.Asset.ID = strings.Repeat("a", incident.MaxNameLen+1) }, "asset.id is 257 bytes"},
		{"an asset type over the limit is reported", func(a *incident.Alert) { a.Asset.Type = strings.Repeat("a", incident.MaxNameLen+1) }, "asset.type is 257 bytes"},
		{"an asset tenant over the limit is reported", func(a *incident.Alert) { a.Asset.Tenant = strings.Repeat("a", incident.MaxNameLen+1) }, "asset.tenant is 257 bytes"},

		{"an id with a space inside is valid", func(a *incident.Alert) { a.ID = "scan 7 of host-1" }, ""},
		{"an id with a trailing space is reported", func(a *incident.Alert) { a.ID = "collide-7 " }, "id has leading or trailing whitespace"},
		{"an id with a leading space is reported", func(a *incident.Alert) { a.ID = " collide-7" }, "id has leading or trailing whitespace"},
		{"an id with a trailing no-break space is reported", func(a *incident.Alert) { a.ID = "collide-7\u00a0" }, "id has leading or trailing whitespace"},
		{"an id with a trailing newline is reported", func(a *incident.Alert) { a.ID = "collide-7\n" }, "id has a control character (U+000A) at byte 9"},
		{"an id with a tab inside is reported", func(a *incident.Alert) { a.ID = "collide\t7" }, "id has a control character (U+0009)"},
		{"an id with a NUL is reported", func(a *incident.Alert) { a.ID = "collide-7\x00" }, "id has a control character (U+0000)"},
		{"an id with DEL is reported", func(a *incident.Alert) { a.ID = "collide-7\x7f" }, "id has a control character (U+007F)"},
		{"an id with a C1 control is reported", func(a *incident.Alert) { a.ID = "collide-7\u0085" }, "id has a control character (U+0085)"},
		{"a whitespace-only id is reported", func(a *incident.Alert) { a.ID = "   " }, "id is only whitespace"},
		{"an id of a lone newline is reported", func(a *incident.Alert) { a.ID = "\n" }, "id is only whitespace"},
		{"an id that is not UTF-8 is reported", func(a *incident.Alert) { a.ID = badUTF8 }, "id is not valid UTF-8"},
		{"a source that is not UTF-8 is reported", func(a *incident.Alert) { a.Source = badUTF8 }, "source is not valid UTF-8"},
		{"a kind that is not UTF-8 is reported", func(a *incident.Alert) { a.Kind = badUTF8 }, "kind is not valid UTF-8"},
		{"a title that is not UTF-8 is reported", func(a *incident.Alert) { a.Title = badUTF8 }, "title is not valid UTF-8"},
		{"a description that is not UTF-8 is reported", func(a *incident.Alert) { a.Description = badUTF8 }, "description is not valid UTF-8"},
		{"a fingerprint that is not UTF-8 is reported", func(a *incident.Alert) { a.Fingerprint = badUTF8 }, "fingerprint is not valid UTF-8"},
		{"an asset id that is not UTF-8 is reported", func(a *incident.Alert) { a.Asset.ID = badUTF8 }, "asset.id is not valid UTF-8"},
		{"an asset type that is not UTF-8 is reported", func(a *incident.Alert) { a.Asset.Type = badUTF8 }, "asset.type is not valid UTF-8"},
		{"an asset tenant that is not UTF-8 is reported", func(a *incident.Alert) { a.Asset.Tenant = badUTF8 }, "asset.tenant is not valid UTF-8"},

		{"labels at the limit are valid", func(a *incident.Alert) { a.Labels = labels(incident.MaxLabels) }, ""},
		{"too many labels are reported", func(a *incident.Alert) { a.Labels = labels(incident.MaxLabels + 1) }, "labels has 65 entries, over the limit of 64"},
		{"an empty label key is reported", func(a *incident.Alert) { a.Labels = map[string]string{"": "x"} }, "labels has an empty key"},
		{"a label key over the limit is reported", func(a *incident.Alert) {
			a.Labels = map[string]string{strings.Repeat("k", incident.MaxLabelKeyLen+1): "x"}
		}, "labels key is 129 bytes"},
		{"a label key that is not UTF-8 is reported", func(a *incident.Alert) { a.Labels = map[string]string{badUTF8: "x"} }, "labels key is not valid UTF-8"},
		{"a label value at the limit is valid", func(a *incident.Alert) {
			a.Labels = map[string]string{"k": strings.Repeat("v", incident.MaxLabelValueLen)}
		}, ""},
		{"a label value over the limit is reported", func(a *incident.Alert) {
			a.Labels = map[string]string{"k": strings.Repeat("v", incident.MaxLabelValueLen+1)}
		}, `labels["k"] is 1025 bytes`},
		{"a label value that is not UTF-8 is reported", func(a *incident.Alert) { a.Labels = map[string]string{"k": badUTF8} }, `labels["k"] is not valid UTF-8`},
		{"an empty label value is valid", func(a *incident.Alert) { a.Labels = map[string]string{"k": ""} }, ""},

		{"personal data with zero subjects is valid", func(a *incident.Alert) { a.PersonalData.Subjects = 0 }, ""},
		{"negative subjects are reported", func(a *incident.Alert) { a.PersonalData.Subjects = -1 }, "personal_data.subjects is negative"},
		{"categories at the limit are valid", func(a *incident.Alert) { a.PersonalData.Categories = names("c", incident.MaxListLen) }, ""},
		{"too many categories are reported", func(a *incident.Alert) {
			a.PersonalData.Categories = names("c", incident.MaxListLen+1)
		}, "personal_data.categories has 65 entries, over the limit of 64"},
		{"too many jurisdictions are reported", func(a *incident.Alert) {
			a.PersonalData.Jurisdictions = names("j", incident.MaxListLen+1)
		}, "personal_data.jurisdictions has 65 entries, over the limit of 64"},
		{"an empty category is reported", func(a *incident.Alert) { a.PersonalData.Categories = []string{""} }, "personal_data.categories entry is required"},
		{"an empty jurisdiction is reported", func(a *incident.Alert) { a.PersonalData.Jurisdictions = []string{""} }, "personal_data.jurisdictions entry is required"},
		{"a category over the limit is reported", func(a *incident.Alert) {
			a.PersonalData.Categories = []string{strings.Repeat("c", incident.MaxNameLen+1)}
		}, "personal_data.categories entry is 257 bytes"},
		{"a jurisdiction that is not UTF-8 is reported", func(a *incident.Alert) {
			a.PersonalData.Jurisdictions = []string{badUTF8}
		}, "personal_data.jurisdictions entry is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAlert()
			tt.edit(a)
			err := a.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			got := problems(t, err)
			require.Len(t, got, 1, "one broken field makes one problem: %q", got)
			require.Contains(t, got[0], tt.want)
		})
	}
}

func TestAlertValidateReportsEveryProblemAtOnce(t *testing.T) {
	t.Run("an empty alert names every required field", func(t *testing.T) {
		got := problems(t, (&incident.Alert{}).Validate())
		require.ElementsMatch(t, []string{
			"id is required",
			"source is required",
			"kind is required",
			"title is required",
			"asset.id is required",
			"asset.type is required",
			"time is required",
			"severity is required (one of info, low, medium, high, critical)",
		}, got)
	})
	t.Run("problems in different parts of an alert are all reported", func(t *testing.T) {
		a := validAlert()
		a.Source = badUTF8
		a.Title = strings.Repeat("t", incident.MaxTitleLen+1)
		a.Labels = map[string]string{"": "x"}
		a.PersonalData.Subjects = -5
		err := a.Validate()
		got := problems(t, err)
		require.Len(t, got, 4, "%q", got)
		for _, want := range []string{"source is not valid UTF-8", "title is 1025 bytes", "labels has an empty key", "personal_data.subjects is negative"} {
			require.Contains(t, err.Error(), want)
		}
	})
	t.Run("a wrapped validation error still matches ErrInvalid", func(t *testing.T) {
		err := fmt.Errorf("decode alert: %w", (&incident.Alert{}).Validate())
		require.True(t, errors.Is(err, incident.ErrInvalid))
		require.False(t, errors.Is(err, incident.ErrTransition))
	})
}

func labels(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m[fmt.Sprintf("k%d", i)] = "v"
	}
	return m
}

func names(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return s
}

func TestAlertCheckTime(t *testing.T) {
	const skew = 5 * time.Minute
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"an alert from the past is accepted", t0.Add(-72 * time.Hour), true},
		{"an alert stamped now is accepted", t0, true},
		{"an alert ahead by less than the skew is accepted", t0.Add(skew - time.Second), true},
		{"an alert ahead by exactly the skew is accepted", t0.Add(skew), true},
		{"an alert ahead by more than the skew is refused", t0.Add(skew + time.Nanosecond), false},
		{"an alert an hour ahead is refused", t0.Add(time.Hour), false},
		{"an alert in another time zone is compared as an instant", t0.In(time.FixedZone("UTC+9", 9*3600)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAlert()
			a.Time = tt.at
			err := a.CheckTime(t0, skew)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, incident.ErrInvalid)
			require.Contains(t, err.Error(), "in the future")
		})
	}
}

func TestAlertEffectiveFingerprint(t *testing.T) {
	t.Run("the derived fingerprint is stable across releases", func(t *testing.T) {
		// Stored incidents are found by this value: changing the derivation
		// would open new incidents for ongoing ones after an upgrade.
		require.Equal(t, "fp-2553e203800f13bf9a443d53", validAlert().EffectiveFingerprint())
	})
	t.Run("alerts about the same thing from the same detector share a fingerprint", func(t *testing.T) {
		a, b := validAlert(), validAlert()
		b.ID, b.Title, b.Description = "a-2", "other title", "other"
		b.Time, b.Severity = t0.Add(time.Hour), incident.SeverityLow
		b.Labels, b.PersonalData = map[string]string{"x": "y"}, nil
		require.Equal(t, a.EffectiveFingerprint(), b.EffectiveFingerprint())
	})
	t.Run("a producer's fingerprint wins", func(t *testing.T) {
		a := validAlert()
		a.Fingerprint = "producer-fp"
		require.Equal(t, "producer-fp", a.EffectiveFingerprint())
	})
	for _, tt := range []struct {
		name   string
		change func(a *incident.Alert)
	}{
		{"a different source changes the fingerprint", func(a *incident.Alert) { a.Source = "wazuh" }},
		{"a different kind changes the fingerprint", func(a *incident.Alert) { a.Kind = "ransomware" }},
		{"a different asset type changes the fingerprint", func(a *incident.Alert) { a.Asset.Type = "bucket" }},
		{"a different asset id changes the fingerprint", func(a *incident.Alert) { a.Asset.ID = "db-2" }},
		{"a different tenant changes the fingerprint", func(a *incident.Alert) { a.Asset.Tenant = "globex" }},
		{"a missing tenant changes the fingerprint", func(a *incident.Alert) { a.Asset.Tenant = "" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := validAlert()
			tt.change(a)
			require.NotEqual(t, validAlert().EffectiveFingerprint(), a.EffectiveFingerprint())
		})
	}
	for _, tt := range []struct {
		name string
		a, b incident.Alert
	}{
		{"source and kind cannot trade characters",
			incident.Alert{Source: "ab", Kind: "c", Asset: incident.Asset{ID: "x", Type: "t"}},
			incident.Alert{Source: "a", Kind: "bc", Asset: incident.Asset{ID: "x", Type: "t"}}},
		{"asset type and id cannot trade characters",
			incident.Alert{Source: "s", Kind: "k", Asset: incident.Asset{Type: "hos", ID: "tdb"}},
			incident.Alert{Source: "s", Kind: "k", Asset: incident.Asset{Type: "host", ID: "db"}}},
		{"asset id and tenant cannot trade characters",
			incident.Alert{Source: "s", Kind: "k", Asset: incident.Asset{Type: "t", ID: "db-1a", Tenant: "cme"}},
			incident.Alert{Source: "s", Kind: "k", Asset: incident.Asset{Type: "t", ID: "db-1", Tenant: "acme"}}},
		{"a part holding the separators cannot imitate two parts",
			incident.Alert{Source: "1:a;1:b", Kind: "", Asset: incident.Asset{Type: "t", ID: "x"}},
			incident.Alert{Source: "a", Kind: "b", Asset: incident.Asset{Type: "t", ID: "x"}}},
		{"an empty part is not the same as a missing separator",
			incident.Alert{Source: "", Kind: "sk", Asset: incident.Asset{Type: "t", ID: "x"}},
			incident.Alert{Source: "sk", Kind: "", Asset: incident.Asset{Type: "t", ID: "x"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEqual(t, tt.a.EffectiveFingerprint(), tt.b.EffectiveFingerprint())
		})
	}
}

func TestSeverity(t *testing.T) {
	names := map[string]incident.Severity{
		"info": incident.SeverityInfo, "low": incident.SeverityLow, "medium": incident.SeverityMedium,
		"high": incident.SeverityHigh, "critical": incident.SeverityCritical,
	}
	for name, want := range names {
		t.Run(name+" parses, prints and round-trips through JSON", func(t *testing.T) {
			got, err := incident.ParseSeverity(name)
			require.NoError(t, err)
			require.Equal(t, want, got)
			require.True(t, got.Valid())
			require.Equal(t, name, got.String())

			b, err := json.Marshal(got)
			require.NoError(t, err)
			require.JSONEq(t, `"`+name+`"`, string(b))
			var back incident.Severity
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, want, back)
		})
	}
	t.Run("severities are listed lowest first", func(t *testing.T) {
		all := incident.Severities()
		require.Len(t, all, len(names))
		for i := 1; i < len(all); i++ {
			require.Less(t, all[i-1], all[i])
		}
	})
	for _, bad := range []string{"", "HIGH", "High", " high", "urgent", "severity(3)", "3"} {
		t.Run(fmt.Sprintf("%q does not parse", bad), func(t *testing.T) {
			_, err := incident.ParseSeverity(bad)
			require.ErrorIs(t, err, incident.ErrInvalid)
			var s incident.Severity
			require.ErrorIs(t, json.Unmarshal([]byte(fmt.Sprintf("%q", bad)), &s), incident.ErrInvalid)
			require.Zero(t, s, "a failed decode leaves the value alone")
		})
	}
	t.Run("a number in JSON is refused", func(t *testing.T) {
		var s incident.Severity
		require.ErrorIs(t, json.Unmarshal([]byte(`3`), &s), incident.ErrInvalid)
	})
	t.Run("an invalid severity does not encode", func(t *testing.T) {
		_, err := json.Marshal(incident.Severity(0))
		require.ErrorIs(t, err, incident.ErrInvalid)
		require.Equal(t, "severity(9)", incident.Severity(9).String())
		require.False(t, incident.Severity(0).Valid())
	})
	t.Run("an alert round-trips through JSON", func(t *testing.T) {
		a := validAlert()
		b, err := json.Marshal(a)
		require.NoError(t, err)
		require.Contains(t, string(b), `"severity":"high"`)
		var back incident.Alert
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, a.Severity, back.Severity)
		require.True(t, a.Time.Equal(back.Time))
		back.Time = a.Time
		require.Equal(t, *a, back)
		require.NoError(t, back.Validate())
	})
}
