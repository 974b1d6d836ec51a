package ingest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

const validAlert = `{
  "id": "a-1", "source": "guardduty", "kind": "s3-public", "time": "2026-03-10T14:20:00Z",
  "severity": "high", "title": "Bucket is public", "description": "policy grants everyone read",
  "fingerprint": "fp-1", "asset": {"id": "s3://b", "type": "bucket", "tenant": "acme"},
  "labels": {"region": "eu-west-1"},
  "personal_data": {"categories": ["email"], "subjects": 10, "jurisdictions": ["EU-IE"], "encrypted": false}
}`

func TestDecodeNativeAcceptsTheDocumentedSchema(t *testing.T) {
	a, err := DecodeNative([]byte(validAlert))
	require.NoError(t, err)
	require.Equal(t, "a-1", a.ID)
	require.Equal(t, incident.SeverityHigh, a.Severity)
	require.Equal(t, time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC), a.Time.UTC())
	require.Equal(t, "acme", a.Asset.Tenant)
	require.Equal(t, int64(10), a.PersonalData.Subjects)
	require.Equal(t, "eu-west-1", a.Labels["region"])
}

func TestDecodeNativeAcceptsAnAlertWithOnlyRequiredFields(t *testing.T) {
	_, err := DecodeNative([]byte(`{"id":"a","source":"s","kind":"k","time":"2026-01-01T00:00:00+01:00",
		"severity":"info","title":"t","asset":{"id":"h","type":"host"}}`))
	require.NoError(t, err)
}

// mutate returns validAlert with one top-level field replaced (or removed when v is nil).
func mutate(t *testing.T, field string, v any) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(validAlert), &m))
	if v == nil {
		delete(m, field)
	} else {
		m[field] = v
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

func TestDecodeNativeRejectsBadInputWithAReasonNamingTheProblem(t *testing.T) {
	cases := []struct {
		name   string
		input  []byte
		reason string
		says   string
	}{
		{"not JSON", []byte("hello"), ReasonMalformed, "not JSON"},
		{"empty", []byte(""), ReasonMalformed, "empty"},
		{"cut short", []byte(validAlert[:40]), ReasonMalformed, "cut short"},
		{"an array", []byte(`[` + validAlert + `]`), ReasonWrongType, "JSON object"},
		{"trailing data", []byte(validAlert + `{}`), ReasonMalformed, "after the alert"},
		{"id of the wrong type", mutate(t, "id", 42), ReasonWrongType, "id must be a string"},
		{"subjects of the wrong type", mutate(t, "personal_data", map[string]any{"subjects": "many"}), ReasonWrongType, "personal_data.subjects"},
		{"unknown field", mutate(t, "severty", "high"), ReasonUnknownField, `"severty"`},
		{"missing id", mutate(t, "id", nil), ReasonInvalidField, "id is required"},
		{"missing title", mutate(t, "title", nil), ReasonInvalidField, "title is required"},
		{"missing time", mutate(t, "time", nil), ReasonInvalidField, "time is required"},
		{"missing severity", mutate(t, "severity", nil), ReasonInvalidField, "severity is required"},
		{"missing asset", mutate(t, "asset", nil), ReasonInvalidField, "asset.id is required"},
		{"unknown severity", mutate(t, "severity", "urgent"), ReasonInvalidField, `severity "urgent"`},
		{"time not RFC 3339", mutate(t, "time", "10/03/2026"), ReasonWrongType, "RFC 3339"},
		{"negative subjects", mutate(t, "personal_data", map[string]any{"subjects": -1}), ReasonInvalidField, "negative"},
		{"over 256 KiB", mutate(t, "description", strings.Repeat("x", MaxAlertSize)), ReasonTooLarge, "over the limit"},
		{"invalid UTF-8", []byte(strings.Replace(validAlert, "Bucket is public", "Bucket \xff\xfe", 1)), ReasonInvalidUTF8, "UTF-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is rejected as "+tc.reason, func(t *testing.T) {
			a, err := DecodeNative(tc.input)
			require.Nil(t, a)
			var rej *RejectError
			require.True(t, errors.As(err, &rej), "error %v is not a RejectError", err)
			require.Equal(t, tc.reason, rej.Reason, "error: %v", err)
			require.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestDecodeNativeReportsEveryMissingFieldAtOnce(t *testing.T) {
	_, err := DecodeNative([]byte(`{"id":"a"}`))
	require.Error(t, err)
	for _, f := range []string{"source", "kind", "title", "time", "severity", "asset.id", "asset.type"} {
		require.Contains(t, err.Error(), f+" is required")
	}
}

func TestCheckTimeRefusesAlertsFarInTheFuture(t *testing.T) {
	a, err := DecodeNative([]byte(validAlert))
	require.NoError(t, err)
	now := a.Time.Add(-time.Hour)
	err = CheckTime(a, now, 5*time.Minute)
	var rej *RejectError
	require.ErrorAs(t, err, &rej)
	require.Equal(t, ReasonFutureTime, rej.Reason)
	require.NoError(t, CheckTime(a, a.Time.Add(-4*time.Minute), 5*time.Minute), "within the skew")
	require.NoError(t, CheckTime(a, a.Time.Add(30*24*time.Hour), 5*time.Minute), "old alerts are fine")
}

// FuzzDecodeNative: no input panics the decoder; whatever it accepts is
// valid and survives a round trip through JSON unchanged.
func FuzzDecodeNative(f *testing.F) {
	f.Add([]byte(validAlert))
	f.Add([]byte(`{"id":"a","source":"s","kind":"k","time":"2026-01-01T00:00:00Z","severity":"info","title":"t","asset":{"id":"h","type":"host"}}`))
	f.Add([]byte(`{"labels":{"":""},"personal_data":{"subjects":1e400}}`))
	f.Add([]byte(`[{"id":1}]`))
	f.Add([]byte("\xff{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeNative(data)
		if err != nil {
			var rej *RejectError
			if !errors.As(err, &rej) || rej.Reason == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("accepted an invalid alert: %v", err)
		}
		again, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("accepted alert does not encode: %v", err)
		}
		b, err := DecodeNative(again)
		if err != nil {
			t.Fatalf("re-encoded alert rejected: %v\n%s", err, again)
		}
		if !a.Time.Equal(b.Time) || a.ID != b.ID || a.Severity != b.Severity || a.EffectiveFingerprint() != b.EffectiveFingerprint() {
			t.Fatalf("round trip changed the alert:\n%+v\n%+v", a, b)
		}
	})
}

func BenchmarkDecodeNative(b *testing.B) {
	alert := []byte(strings.Replace(validAlert, "policy grants everyone read", strings.Repeat("x", 700), 1))
	b.SetBytes(int64(len(alert)))
	for b.Loop() {
		if _, err := DecodeNative(alert); err != nil {
			b.Fatal(err)
		}
	}
}
