package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest/formats"
	"github.com/breachd/breachd/internal/natstest"
)

// sample reads a format sample of the formats package.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("formats", "testdata", name))
	require.NoError(t, err)
	return data
}

func TestDispatchChoosesBySubjectThenHeaderThenContent(t *testing.T) {
	d := dispatcher{falco: []string{"falco.>"}}
	ocsf, falco, native := sample(t, "ocsf.detection-finding.json"), sample(t, "falco.read-sensitive-file.json"), alertJSON("n", "n", "low")
	ceBinary := nats.Header{"ce-specversion": {"1.0"}, "ce-id": {"1"}, "ce-source": {"s"}, "ce-type": {"falco.rule.output.v1"}}
	cases := []struct {
		name    string
		subject string
		header  nats.Header
		data    []byte
		want    formats.Format
		ok      bool
	}{
		{"a native alert on a native subject", "alerts.native.app", nil, native, formats.Native, true},
		{"an OCSF finding on an OCSF subject", "alerts.ocsf.acme-eu", nil, ocsf, formats.OCSF, true},
		{"a Falco event on Falcosidekick's subject", "falco.warning.read_sensitive_file_untrusted", nil, falco, formats.Falco, true},
		{"the subject wins over the content", "alerts.native.app", nil, ocsf, formats.Native, false},
		{"the subject wins over a header", "alerts.ocsf.x", nats.Header{HeaderFormat: {"falco"}}, ocsf, formats.OCSF, true},
		{"a header names the format on another subject", "alerts.app", nats.Header{HeaderFormat: {"falco"}}, falco, formats.Falco, true},
		{"ce- headers mean a binary CloudEvent", "alerts.app", ceBinary, falco, formats.CloudEvents, true},
		{"ce- headers on the CloudEvents subject", "alerts.cloudevents.app", ceBinary, falco, formats.CloudEvents, true},
		{"the structured CloudEvents content type", "alerts.app", nats.Header{"Content-Type": {"application/cloudevents+json; charset=utf-8"}},
			sample(t, "cloudevents.falcosidekick.json"), formats.CloudEvents, true},
		{"the content is sniffed last", "alerts.app", nil, ocsf, formats.OCSF, true},
		{"a native alert is taken without sniffing", "alerts.load", nil, native, formats.Native, true},
		{"content like no format is judged as native", "alerts.app", nil, []byte(`{"id":"x","bogus":1}`), formats.Native, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, ds, err := d.decode(tc.subject, tc.header, tc.data)
			require.Equal(t, tc.want, f)
			if tc.ok {
				require.NoError(t, err)
				require.NotEmpty(t, ds)
			} else {
				require.Error(t, err)
			}
		})
	}
}

func TestSubjectMatchesLikeNATS(t *testing.T) {
	for _, tc := range []struct {
		pattern, subject string
		want             bool
	}{
		{"falco.>", "falco.warning.read_sensitive_file", true},
		{"falco.>", "falco", false},
		{"falco.*.x", "falco.warning.x", true},
		{"falco.*.x", "falco.warning.y", false},
		{"falco.*", "falco.warning.x", false},
		{"falco.warning", "falco.warning", true},
		{"falco.warning", "falco.warnings", false},
		{"sec.falco.>", "falco.warning", false},
	} {
		require.Equal(t, tc.want, subjectMatches(tc.pattern, tc.subject), "%s ~ %s", tc.pattern, tc.subject)
	}
}

func TestOptionsRefuseFalcoSubjectsInsideTheAlertSubjects(t *testing.T) {
	for _, bad := range []string{"alerts.falco.>", "falco..x", "falco.>.x", "fal*co.>", "alerts.>"} {
		o := testOptions()
		o.FalcoSubjects = []string{bad}
		require.ErrorContains(t, o.Validate(), "falco subject", bad)
	}
	o := testOptions()
	o.FalcoSubjects = nil
	require.NoError(t, o.Validate(), "Falco capture can be turned off")
}

// formatsNow is after every sample's time.
var formatsNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func newFormatsHarness(t *testing.T) *harness {
	ns := natstest.Start(t)
	nc, js := natstest.Connect(t, ns)
	opts := testOptions()
	opts.Now = func() time.Time { return formatsNow }
	h := startPipeline(t, js, filepath.Join(t.TempDir(), "breachd.db"), opts)
	h.nc = nc
	return h
}

// incidentOf returns the stored incident holding the alert's fingerprint.
func (h *harness) incidentOf(fp string) *incident.Incident {
	h.t.Helper()
	for _, inc := range h.incidents() {
		for _, f := range inc.Fingerprints {
			if f == fp {
				return inc
			}
		}
	}
	h.t.Fatalf("no incident has fingerprint %s", fp)
	return nil
}

func TestPipelineTakesEveryFormatFromItsSubject(t *testing.T) {
	h := newFormatsHarness(t)
	h.publish("alerts.ocsf.acme-eu", sample(t, "ocsf.detection-finding.json"), nil)
	h.publish("alerts.wazuh.mgr-1", sample(t, "wazuh.brute-force.json"), nil)
	h.publish("alerts.aws.eu-central-1", sample(t, "aws.guardduty.json"), nil)
	h.publish("alerts.cloudevents.dlp", sample(t, "cloudevents.native.json"), nil)
	h.publish("alerts.cloudevents.falco", sample(t, "falco.host-without-uuid.json"), nats.Header{
		"ce-specversion": {"1.0"}, "ce-id": {"ev-1"}, "ce-source": {"https://falco.org"}, "ce-type": {"falco.rule.output.v1"}})
	// Falcosidekick publishes on core NATS, without a message id; the
	// stream captures its subject.
	require.NoError(t, h.nc.Publish("falco.warning.read_sensitive_file_untrusted", sample(t, "falco.read-sensitive-file.json")))
	h.waitForAlerts(6)
	require.Len(t, h.incidents(), 6)

	ds, err := formats.Decode(formats.OCSF, sample(t, "ocsf.detection-finding.json"))
	require.NoError(t, err)
	inc := h.incidentOf(ds[0].Alert.Fingerprint)
	require.Equal(t, incident.SeverityHigh, inc.Severity)
	require.Equal(t, "fs-hr-01", inc.Asset.ID)

	require.Eventually(t, func() bool {
		return testutil.ToFloat64(h.pipe.m.decoded.WithLabelValues("falco")) == 1 &&
			testutil.ToFloat64(h.pipe.m.decoded.WithLabelValues("cloudevents")) == 2 &&
			testutil.ToFloat64(h.pipe.m.decoded.WithLabelValues("ocsf")) == 1
	}, 5*time.Second, 5*time.Millisecond)
}

// A resolved notice is recorded on the incident its firing alert opened,
// and opens nothing when there is none.
func TestPipelineRecordsAResolvedAlertWithoutReopeningAnything(t *testing.T) {
	h := newFormatsHarness(t)
	w, err := formats.ParseAlertmanager(sample(t, "alertmanager.resolved-and-firing.json"))
	require.NoError(t, err)
	resolved, err := w.Alert(0, nil)
	require.NoError(t, err)
	require.True(t, resolved.Resolved)
	firing := w.Alerts[0]
	firing.Status, firing.EndsAt = "firing", time.Time{}
	firingWebhook := *w
	firingWebhook.Alerts = []formats.AlertmanagerAlert{firing}
	firingData, err := firingWebhook.Single(0)
	require.NoError(t, err)

	h.publish("alerts.alertmanager.http", firingData, nil)
	h.waitForAlerts(1)
	h.publish("alerts.alertmanager.http", sample(t, "alertmanager.resolved-and-firing.json"), nil)
	// The group holds the resolved notice of the first alert and another
	// alert still firing: the notice joins the first incident, the other
	// alert opens its own.
	h.waitForAlerts(3)
	require.Len(t, h.incidents(), 2)
	inc := h.incidentOf(resolved.Alert.Fingerprint)
	require.Equal(t, int64(2), inc.AlertCount)
	require.Equal(t, incident.StatusOpen, inc.Status, "the alert's end does not resolve the incident")

	// A resolved notice of an alert breachd never saw opens nothing.
	stranger := *w
	stranger.Alerts = []formats.AlertmanagerAlert{w.Alerts[0]}
	stranger.Alerts[0].Fingerprint = "0000000000000000"
	strangerData, err := stranger.Single(0)
	require.NoError(t, err)
	h.publish("alerts.alertmanager.http", strangerData, nil)
	require.Eventually(t, func() bool {
		return testutil.ToFloat64(h.pipe.m.followUpsUnmatched) == 1
	}, 10*time.Second, 10*time.Millisecond)
	require.Len(t, h.incidents(), 2)
}

// A payload that decodes but lacks what triage needs is refused with a
// reason naming the missing field, dead-lettered and counted.
func TestAFormatMissingAFieldIsDeadLetteredWithTheFieldNamed(t *testing.T) {
	h := newFormatsHarness(t)
	h.publish("alerts.ocsf.acme-eu", sample(t, "ocsf.missing-finding-uid.json"), nil)
	require.NoError(t, h.nc.Publish("falco.warning.read_k8s_secret", sample(t, "falco.missing-hostname.json")))
	dlq, err := h.js.Stream(t.Context(), "ALERTS_DLQ")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		info, err := dlq.Info(t.Context())
		return err == nil && info.State.Msgs == 2
	}, 10*time.Second, 10*time.Millisecond)
	for seq, says := range map[uint64]string{1: "finding_info.uid", 2: "hostname"} {
		msg, err := dlq.GetMsg(t.Context(), seq)
		require.NoError(t, err)
		require.Equal(t, ReasonMissingField, msg.Header.Get(HeaderRejectReason))
		require.Contains(t, msg.Header.Get(HeaderRejectError), says)
	}
	require.Equal(t, 2.0, testutil.ToFloat64(h.pipe.m.rejected.WithLabelValues(ReasonMissingField, "nats")))
	require.Empty(t, h.incidents())
}

// DESIGN invariant 7: header bytes that are not text (a binary CloudEvent's
// ce-tenant) are bad input, dead-lettered with a reason, and not a commit
// failure retried until the consumer gives up.
func TestABinaryCloudEventWithHeadersThatAreNotTextIsDeadLettered(t *testing.T) {
	h := newFormatsHarness(t)
	h.publish("alerts.cloudevents.falco", sample(t, "falco.host-without-uuid.json"), nats.Header{
		"ce-specversion": {"1.0"}, "ce-id": {"ev-1"}, "ce-source": {"https://falco.org"},
		"ce-type": {"falco.rule.output.v1"}, "ce-tenant": {"acme%ff"}})
	dlq, err := h.js.Stream(t.Context(), "ALERTS_DLQ")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		info, err := dlq.Info(t.Context())
		return err == nil && info.State.Msgs == 1
	}, 10*time.Second, 10*time.Millisecond)
	msg, err := dlq.GetMsg(t.Context(), 1)
	require.NoError(t, err)
	require.Equal(t, ReasonInvalidUTF8, msg.Header.Get(HeaderRejectReason))
	require.Contains(t, msg.Header.Get(HeaderRejectError), "ce-tenant")
	require.Zero(t, testutil.ToFloat64(h.pipe.m.failures))
	require.Empty(t, h.incidents())
}

// One bad alert of a group costs only itself: it is dead-lettered with its
// reason, the others are published.
func TestPublishAlertmanagerTakesTheUsableAlertsAndDeadLettersTheRest(t *testing.T) {
	h := newFormatsHarness(t)
	bad, err := formats.ParseAlertmanager(sample(t, "alertmanager.resolved-and-firing.json"))
	require.NoError(t, err)
	delete(bad.Alerts[1].Labels, "severity")
	delete(bad.CommonLabels, "severity")
	body, err := json.Marshal(bad)
	require.NoError(t, err)
	ids, rejected, err := h.pipe.Publisher.PublishAlertmanager(t.Context(), body)
	require.NoError(t, err)
	require.Equal(t, []string{"am-a1b2c3d4e5f60718@2026-11-20T12:00:00Z/resolved"}, ids)
	require.Len(t, rejected, 1)
	require.Equal(t, 1, rejected[0].Index)
	require.Equal(t, ReasonMissingField, rejected[0].Reason)
	require.Contains(t, rejected[0].Error, "alerts[1].labels.severity")
	dlq, err := h.js.Stream(t.Context(), "ALERTS_DLQ")
	require.NoError(t, err)
	msg, err := dlq.GetMsg(t.Context(), 1)
	require.NoError(t, err)
	require.Equal(t, ReasonMissingField, msg.Header.Get(HeaderRejectReason))
	require.Equal(t, AlertmanagerSubject, msg.Header.Get(HeaderOriginalSubject))

	_, _, err = h.pipe.Publisher.PublishAlertmanager(t.Context(), sample(t, "alertmanager.wrong-version.json"))
	var rej *RejectError
	require.ErrorAs(t, err, &rej)
	require.Equal(t, ReasonInvalidField, rej.Reason)

	ids, rejected, err = h.pipe.Publisher.PublishAlertmanager(t.Context(), sample(t, "alertmanager.resolved-and-firing.json"))
	require.NoError(t, err)
	require.Empty(t, rejected)
	require.Len(t, ids, 2)
	// The resolved alert of the group finds no incident (and its second
	// publication is a duplicate the stream drops); the firing one opens one.
	h.waitForAlerts(1)
	require.Eventually(t, func() bool { return testutil.ToFloat64(h.pipe.m.followUpsUnmatched) == 1 }, 10*time.Second, 10*time.Millisecond)
	require.Len(t, h.incidents(), 1)
	require.Equal(t, 2.0, testutil.ToFloat64(h.pipe.m.decoded.WithLabelValues("alertmanager")))
}

// BenchmarkDispatchNative is the hot path: a native alert on a subject of
// no format, without headers, decoded through the dispatcher.
func BenchmarkDispatchNative(b *testing.B) {
	d := dispatcher{falco: []string{"falco.>"}}
	alert := alertJSON("bench", "fp", "high")
	b.SetBytes(int64(len(alert)))
	for b.Loop() {
		if _, _, err := d.decode("alerts.load", nil, alert); err != nil {
			b.Fatal(err)
		}
	}
}
