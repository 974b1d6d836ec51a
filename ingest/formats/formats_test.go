package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/text"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden is what a sample decodes to: its alerts, or why it was refused.
type golden struct {
	Sniffed string       `json:"sniffed"`
	Alerts  []goldenItem `json:"alerts,omitempty"`
	Reason  string       `json:"reason,omitempty"`
	Error   string       `json:"error,omitempty"`
}

type goldenItem struct {
	Alert    any  `json:"alert"`
	Resolved bool `json:"resolved,omitempty"`
}

// TestDecodersMatchTheirGoldenFiles decodes every testdata/<format>.<case>.json
// with the decoder of its format and compares the result, alerts or
// rejection, with testdata/<format>.<case>.golden (go test -update rewrites
// them; review their diffs like code).
func TestDecodersMatchTheirGoldenFiles(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, samples)
	for _, path := range samples {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			f := ParseFormat(strings.SplitN(name, ".", 2)[0])
			require.NotEqual(t, Unknown, f, "sample %s must be named <format>.<case>.json", name)
			got := golden{Sniffed: Sniff(data).String()}
			ds, err := Decode(f, data)
			if err != nil {
				var rej *RejectError
				require.ErrorAs(t, err, &rej)
				got.Reason, got.Error = rej.Reason, rej.Err.Error()
			}
			for _, d := range ds {
				require.NoError(t, d.Alert.Validate())
				got.Alerts = append(got.Alerts, goldenItem{Alert: d.Alert, Resolved: d.Resolved})
			}
			out, err := json.MarshalIndent(got, "", "  ")
			require.NoError(t, err)
			out = append(out, '\n')
			goldenPath := strings.TrimSuffix(path, ".json") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(goldenPath, out, 0o644))
				return
			}
			want, err := os.ReadFile(goldenPath)
			require.NoError(t, err, "run go test ./ingest/formats -update to write it")
			require.Equal(t, string(want), string(out))
		})
	}
}

// TestSniffRecognisesEveryFormatByItsMembers: content sniffing alone picks
// the right decoder for each good sample.
func TestSniffRecognisesEveryFormatByItsMembers(t *testing.T) {
	for _, f := range Formats() {
		if f == Native {
			continue
		}
		samples, _ := filepath.Glob(filepath.Join("testdata", f.String()+".*.json"))
		require.NotEmpty(t, samples, "no sample for %s", f)
		for _, path := range samples {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			if _, err := Decode(f, data); err != nil && !strings.Contains(path, "missing") {
				continue // samples of bad values may not look like their format
			}
			require.Equal(t, f, Sniff(data), path)
		}
	}
	require.Equal(t, Native, Sniff([]byte(`{"id":"a","source":"s"}`)))
	require.Equal(t, Native, Sniff([]byte(`not json`)))
	require.Equal(t, Native, Sniff([]byte(`[{"class_uid":2004}]`)))
}

func TestDecodeUnknownSniffsTheContent(t *testing.T) {
	data, err := os.ReadFile("testdata/wazuh.brute-force.json")
	require.NoError(t, err)
	ds, err := Decode(Unknown, data)
	require.NoError(t, err)
	require.Equal(t, "wazuh", ds[0].Alert.Source)
}

func TestCloudEventsBinaryModeTakesAttributesFromHeaders(t *testing.T) {
	data, err := os.ReadFile("testdata/falco.read-sensitive-file.json")
	require.NoError(t, err)
	header := map[string][]string{
		"ce-specversion": {"1.0"}, "ce-id": {"5c1b5a8e"}, "ce-source": {"https%3A%2F%2Ffalco.org"},
		"ce-type": {"falco.rule.output.v1"}, "Ce-Tenant": {"acme-eu"}, "Content-Type": {"application/json"},
	}
	ds, err := DecodeCloudEventBinary(header, data)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	a := ds[0].Alert
	require.Equal(t, "falco", a.Source)
	require.Equal(t, "https://falco.org", a.Labels["cloudevents.source"], "header values are percent-decoded")
	require.Equal(t, "payments", a.Asset.Tenant, "the data's own tenant wins over the extension")

	t.Run("a missing attribute is named", func(t *testing.T) {
		h := map[string][]string{"ce-specversion": {"1.0"}, "ce-source": {"x"}, "ce-type": {"falco.rule.output.v1"}}
		_, err := DecodeCloudEventBinary(h, data)
		requireReject(t, err, ReasonMissingField, "CloudEvent id is missing")
	})
	t.Run("an attribute that is not UTF-8 is refused", func(t *testing.T) {
		for _, v := range []string{"acme%ff", "acme\xff"} {
			h := map[string][]string{"ce-specversion": {"1.0"}, "ce-id": {"1"}, "ce-source": {"x"},
				"ce-type": {"falco.rule.output.v1"}, "ce-tenant": {v}}
			_, err := DecodeCloudEventBinary(h, data)
			requireReject(t, err, ReasonInvalidUTF8, "ce-tenant is not valid UTF-8")
		}
	})
	t.Run("data that is not JSON is refused", func(t *testing.T) {
		h := map[string][]string{"ce-specversion": {"1.0"}, "ce-id": {"1"}, "ce-source": {"x"}, "ce-type": {"t"},
			"Content-Type": {"application/xml"}}
		_, err := DecodeCloudEventBinary(h, []byte("<alert/>"))
		requireReject(t, err, ReasonInvalidField, "not JSON")
	})
	t.Run("an event inside an event is refused", func(t *testing.T) {
		inner, err := os.ReadFile("testdata/cloudevents.native.json")
		require.NoError(t, err)
		h := map[string][]string{"ce-specversion": {"1.0"}, "ce-id": {"1"}, "ce-source": {"x"}, "ce-type": {"t"}}
		_, err = DecodeCloudEventBinary(h, inner)
		requireReject(t, err, ReasonInvalidField, "inside a CloudEvent")
	})
}

func TestAlertmanagerSinglePayloadDecodesToThatAlertOnly(t *testing.T) {
	data, err := os.ReadFile("testdata/alertmanager.resolved-and-firing.json")
	require.NoError(t, err)
	w, err := ParseAlertmanager(data)
	require.NoError(t, err)
	for i := range w.Alerts {
		one, err := w.Single(i)
		require.NoError(t, err)
		ds, err := Decode(Alertmanager, one)
		require.NoError(t, err)
		require.Len(t, ds, 1)
		want, err := w.Alert(i, nil)
		require.NoError(t, err)
		require.Equal(t, want, ds[0])
	}
}

func TestLongTextIsCutAndLongNamesStayDistinct(t *testing.T) {
	long := strings.Repeat("é", 400) // 800 bytes
	require.LessOrEqual(t, len(text.Truncate(long, 101)), 101)
	require.True(t, strings.HasSuffix(text.Truncate(long, 101), "…"))
	a, b := fit(long+"a", 256), fit(long+"b", 256)
	require.LessOrEqual(t, len(a), 256)
	require.NotEqual(t, a, b)
	require.Equal(t, "read-sensitive-file-untrusted", slug("Read sensitive file (untrusted)"))
}

func requireReject(t *testing.T, err error, reason, says string) {
	t.Helper()
	var rej *RejectError
	require.ErrorAs(t, err, &rej)
	require.Equal(t, reason, rej.Reason, "error: %v", err)
	require.Contains(t, err.Error(), says)
}

// fuzzDecoder seeds a fuzz target with the samples of format f and checks
// that no input panics the decoder, every refusal has a known reason, and
// every alert it accepts is valid and survives the native schema unchanged.
func fuzzDecoder(f *testing.F, format Format, decode func([]byte) ([]Decoded, error)) {
	samples, _ := filepath.Glob(filepath.Join("testdata", format.String()+".*.json"))
	for _, path := range samples {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte("\xff{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := decode(data)
		if err != nil {
			var rej *RejectError
			if !errors.As(err, &rej) || !slices.Contains(RejectReasons(), rej.Reason) {
				t.Fatalf("error without a known reason: %v", err)
			}
			return
		}
		if len(ds) == 0 {
			t.Fatal("accepted a message with no alert")
		}
		for _, d := range ds {
			if err := d.Alert.Validate(); err != nil {
				t.Fatalf("accepted an invalid alert: %v", err)
			}
			native, err := json.Marshal(d.Alert)
			if err != nil {
				t.Fatalf("accepted alert does not encode: %v", err)
			}
			back, err := DecodeNative(native)
			if err != nil {
				t.Fatalf("accepted alert is not a valid native alert: %v\n%s", err, native)
			}
			again, _ := json.Marshal(back)
			if !bytes.Equal(native, again) {
				t.Fatalf("native round trip changed the alert:\n%s\n%s", native, again)
			}
		}
	})
}

func FuzzOCSF(f *testing.F)  { fuzzDecoder(f, OCSF, decodeOCSF) }
func FuzzFalco(f *testing.F) { fuzzDecoder(f, Falco, decodeFalco) }
func FuzzAlertmanager(f *testing.F) {
	fuzzDecoder(f, Alertmanager, func(b []byte) ([]Decoded, error) { return decodeAlertmanager(b, nil) })
}
func FuzzCloudEvents(f *testing.F) {
	fuzzDecoder(f, CloudEvents, func(b []byte) ([]Decoded, error) { return Decode(CloudEvents, b) })
}
func FuzzAWS(f *testing.F)   { fuzzDecoder(f, AWS, decodeAWS) }
func FuzzWazuh(f *testing.F) { fuzzDecoder(f, Wazuh, decodeWazuh) }

// FuzzSniffAndDecode: whatever the bytes, sniffing and decoding them as
// what was sniffed neither panics nor accepts an invalid alert.
func FuzzSniffAndDecode(f *testing.F) {
	fuzzDecoder(f, Unknown, func(b []byte) ([]Decoded, error) { return Decode(Unknown, b) })
}

func TestSeverityBandsFollowEachSourcesScale(t *testing.T) {
	for _, tc := range []struct {
		score float64
		want  string
	}{{0.5, "low"}, {3.9, "low"}, {4, "medium"}, {6.9, "medium"}, {7, "high"}, {8.9, "high"}, {9, "critical"}} {
		require.Equal(t, tc.want, guardDutySeverity(tc.score).String(), "GuardDuty %v", tc.score)
	}
	for level, want := range map[int]string{0: "info", 3: "info", 4: "low", 6: "low", 7: "medium", 11: "medium", 12: "high", 14: "high", 15: "critical"} {
		require.Equal(t, want, wazuhSeverity(level).String(), "Wazuh level %d", level)
	}
	for n, want := range map[float64]string{0: "info", 1: "low", 39: "low", 40: "medium", 70: "high", 90: "critical"} {
		got, ok := asffSeverity("", &n)
		require.True(t, ok)
		require.Equal(t, want, got.String(), "ASFF Normalized %v", n)
	}
}

// TestIDsFromASourceStayValidAndDistinct: a source's ids that differ only
// at their edges or by control characters map to valid native ids (NATS
// would trim the others into one duplicate key), each a different one.
func TestIDsFromASourceStayValidAndDistinct(t *testing.T) {
	variants := []string{"collide-7", "collide-7 ", " collide-7", "collide-7\n", "collide-7\x00", "collide\t7", "collide-7\u00a0"}
	for _, tc := range []struct {
		sample string
		set    func(doc map[string]any, id string)
		decode func([]byte) ([]Decoded, error)
	}{
		{"falco.read-sensitive-file", func(doc map[string]any, id string) { doc["uuid"] = id }, decodeFalco},
		{"ocsf.data-security-finding", func(doc map[string]any, id string) { doc["metadata"].(map[string]any)["uid"] = id }, decodeOCSF},
		{"cloudevents.native", func(doc map[string]any, id string) { doc["id"] = id },
			func(b []byte) ([]Decoded, error) { return Decode(CloudEvents, b) }},
	} {
		t.Run(tc.sample, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.sample+".json"))
			require.NoError(t, err)
			seen := map[string]string{}
			for _, v := range variants {
				var doc map[string]any
				require.NoError(t, json.Unmarshal(data, &doc))
				tc.set(doc, v)
				raw, err := json.Marshal(doc)
				require.NoError(t, err)
				ds, err := tc.decode(raw)
				require.NoError(t, err, "id %q", v)
				require.Len(t, ds, 1)
				id := ds[0].Alert.ID
				require.NoError(t, ds[0].Alert.Validate(), "id %q maps to %q", v, id)
				require.NotContains(t, seen, id, "%q and %q map to one id", v, seen[id])
				seen[id] = v
			}
		})
	}
	require.Equal(t, "collide-7", cleanID("collide-7"), "a clean id is kept as it is")
}
