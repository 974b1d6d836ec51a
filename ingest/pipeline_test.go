package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/natstest"
	"github.com/breachd/breachd/store"
)

var testNow = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

// harness is one pipeline on a real embedded NATS server and a real bbolt file.
type harness struct {
	t     *testing.T
	js    jetstream.JetStream
	nc    *nats.Conn
	store *store.Store
	pipe  *Pipeline
	reg   *prometheus.Registry
	// stop ends the pipeline (draining it); the store stays open.
	stop func()
	// storeClosed: the test closed the store itself; skip its checks.
	storeClosed bool
}

func testOptions() Options {
	o := DefaultOptions()
	o.Now = func() time.Time { return testNow }
	return o
}

// startPipeline runs a pipeline with opts against js and the store at dbPath
// until the test ends or h.stop is called.
func startPipeline(t *testing.T, js jetstream.JetStream, dbPath string, opts Options) *harness {
	t.Helper()
	st, err := store.Open(dbPath, store.Options{})
	require.NoError(t, err)
	reg := prometheus.NewPedanticRegistry()
	p, err := New(t.Context(), js, st, opts, zerolog.New(zerolog.NewTestWriter(t)), reg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { require.NoError(t, p.Run(ctx)) })
	h := &harness{t: t, js: js, store: st, pipe: p, reg: reg}
	h.stop = sync.OnceFunc(func() {
		cancel()
		wg.Wait()
	})
	t.Cleanup(func() {
		h.stop()
		if !h.storeClosed {
			require.NoError(t, st.Check())
			require.NoError(t, st.Close())
		}
	})
	return h
}

func newHarness(t *testing.T) *harness {
	ns := natstest.Start(t)
	nc, js := natstest.Connect(t, ns)
	h := startPipeline(t, js, filepath.Join(t.TempDir(), "breachd.db"), testOptions())
	h.nc = nc
	return h
}

func alertJSON(id, fp, severity string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"source":"test","kind":"k","time":"2026-03-10T14:00:00Z","severity":%q,
		"title":"alert %s","fingerprint":%q,"asset":{"id":"host-%s","type":"host"}}`, id, severity, id, fp, fp)
}

func (h *harness) publish(subject string, data []byte, hdr nats.Header) {
	h.t.Helper()
	msg := &nats.Msg{Subject: subject, Data: data, Header: hdr}
	_, err := h.js.PublishMsg(h.t.Context(), msg)
	require.NoError(h.t, err)
}

// incidents returns every stored incident.
func (h *harness) incidents() []*incident.Incident {
	h.t.Helper()
	var all []*incident.Incident
	require.NoError(h.t, h.store.View(func(tx *store.Tx) error {
		page, err := tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
		all = page.Incidents
		return err
	}))
	return all
}

func (h *harness) alertCount() int64 {
	var n int64
	for _, inc := range h.incidents() {
		n += inc.AlertCount
	}
	return n
}

func (h *harness) waitForAlerts(n int64) {
	h.t.Helper()
	require.Eventually(h.t, func() bool { return h.alertCount() >= n }, 20*time.Second, 10*time.Millisecond)
	require.Equal(h.t, n, h.alertCount())
}

func TestPipelineFoldsAlertsIntoIncidents(t *testing.T) {
	h := newHarness(t)
	h.publish("alerts.test", alertJSON("1", "a", "low"), nil)
	h.publish("alerts.test", alertJSON("2", "a", "critical"), nil)
	h.publish("alerts.test", alertJSON("3", "b", "medium"), nil)
	h.waitForAlerts(3)

	incs := h.incidents()
	require.Len(t, incs, 2)
	byFP := map[string]*incident.Incident{}
	for _, inc := range incs {
		byFP[inc.Fingerprints[0]] = inc
	}
	require.Equal(t, int64(2), byFP["a"].AlertCount)
	require.Equal(t, incident.SeverityCritical, byFP["a"].Severity, "the highest severity wins")
	require.Equal(t, int64(1), byFP["b"].AlertCount)
	// The counters move just after the commit that the incidents show.
	require.Eventually(t, func() bool {
		return testutil.ToFloat64(h.pipe.m.deduplicated.WithLabelValues("fingerprint")) == 1 &&
			testutil.ToFloat64(h.pipe.m.opened) == 2
	}, 5*time.Second, 5*time.Millisecond)
}

// DESIGN invariant 7: bad input is rejected with a reason, counted, logged
// and kept on the dead-letter stream; good alerts around it are unaffected.
func TestBadInputIsDeadLetteredCountedAndTheRestCommitted(t *testing.T) {
	h := newHarness(t)
	bad := map[string][]byte{
		ReasonMalformed:    []byte("not json at all"),
		ReasonWrongType:    []byte(`{"id": 7}`),
		ReasonUnknownField: []byte(`{"id":"x","bogus":true}`),
		ReasonInvalidField: []byte(`{"id":"x"}`),
		ReasonInvalidUTF8:  []byte("{\"id\":\"\xff\"}"),
		ReasonTooLarge:     make([]byte, MaxAlertSize+1),
		ReasonFutureTime: []byte(`{"id":"f","source":"s","kind":"k","time":"2027-01-01T00:00:00Z","severity":"low",
			"title":"t","asset":{"id":"h","type":"host"}}`),
	}
	h.publish("alerts.test", alertJSON("good-1", "a", "low"), nil)
	for reason, data := range bad {
		h.publish("alerts.test", data, nats.Header{"X-Reason-Under-Test": []string{reason}})
	}
	h.publish("alerts.test", alertJSON("good-2", "a", "low"), nil)
	h.waitForAlerts(2)

	dlq, err := h.js.Stream(t.Context(), "ALERTS_DLQ")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		info, err := dlq.Info(t.Context())
		return err == nil && info.State.Msgs == uint64(len(bad))
	}, 10*time.Second, 10*time.Millisecond)

	for seq := uint64(1); seq <= uint64(len(bad)); seq++ {
		msg, err := dlq.GetMsg(t.Context(), seq)
		require.NoError(t, err)
		want := msg.Header.Get("X-Reason-Under-Test")
		require.Equal(t, want, msg.Header.Get(HeaderRejectReason), "dead letter %d", seq)
		require.NotEmpty(t, msg.Header.Get(HeaderRejectError))
		require.Equal(t, "alerts.test", msg.Header.Get(HeaderOriginalSubject))
		require.Equal(t, bad[want], msg.Data, "the dead letter keeps the original payload")
		require.Equal(t, 1.0, testutil.ToFloat64(h.pipe.m.rejected.WithLabelValues(want, "nats")), want)
	}

	// Terminated, so nothing is left to redeliver.
	cons, err := h.js.Consumer(t.Context(), "ALERTS", "breachd")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		info, err := cons.Info(t.Context())
		return err == nil && info.NumAckPending == 0 && info.NumPending == 0
	}, 10*time.Second, 10*time.Millisecond)
}

// DESIGN invariant 1: an alert is acknowledged only after its effects are
// committed. While commits fail nothing is acked; a pipeline on a working
// store later commits every alert exactly once.
func TestAlertsAreAckedOnlyAfterTheirCommit(t *testing.T) {
	ns := natstest.Start(t)
	_, js := natstest.Connect(t, ns)
	dbPath := filepath.Join(t.TempDir(), "breachd.db")

	broken := startPipeline(t, js, dbPath, testOptions())
	require.NoError(t, broken.store.Close()) // every commit now fails
	broken.storeClosed = true
	for i := range 5 {
		broken.publish("alerts.test", alertJSON(strconv.Itoa(i), "a", "high"), nil)
	}
	require.Eventually(t, func() bool {
		return testutil.ToFloat64(broken.pipe.m.held) >= 5
	}, 10*time.Second, 10*time.Millisecond)
	require.ErrorContains(t, broken.pipe.Ready(), "5 held")
	cons, err := js.Consumer(t.Context(), "ALERTS", "breachd")
	require.NoError(t, err)
	info, err := cons.Info(t.Context())
	require.NoError(t, err)
	require.Zero(t, info.AckFloor.Stream, "nothing may be acked while commits fail")
	require.Equal(t, 5, info.NumAckPending+int(info.NumPending))

	broken.stop()

	h := startPipeline(t, js, dbPath, testOptions())
	h.waitForAlerts(5)
	require.Len(t, h.incidents(), 1)
	require.Eventually(t, func() bool {
		info, err := cons.Info(t.Context())
		return err == nil && info.AckFloor.Stream == 5
	}, 10*time.Second, 10*time.Millisecond)
}

// fakeMsg is a delivered message whose acks are recorded.
type fakeMsg struct {
	jetstream.Msg
	data  []byte
	meta  jetstream.MsgMetadata
	acked int
}

func (m *fakeMsg) Data() []byte                              { return m.data }
func (m *fakeMsg) Subject() string                           { return "alerts.test" }
func (m *fakeMsg) Headers() nats.Header                      { return nats.Header{} }
func (m *fakeMsg) Metadata() (*jetstream.MsgMetadata, error) { return &m.meta, nil }
func (m *fakeMsg) Ack() error                                { m.acked++; return nil }

// DESIGN invariant 2: a redelivered alert (same stream sequence) is acked
// again but adds nothing: no count, no timeline event.
func TestRedeliveredAlertAddsNothing(t *testing.T) {
	h := newHarness(t)
	msg := func() *fakeMsg {
		return &fakeMsg{data: alertJSON("r-1", "r", "high"), meta: jetstream.MsgMetadata{
			Sequence: jetstream.SequencePair{Stream: 1000}, NumDelivered: 1, Timestamp: testNow}}
	}
	first, again := msg(), msg()
	h.pipe.process([]item{h.pipe.decode(first)})
	before := h.incidents()
	require.Len(t, before, 1)

	again.meta.NumDelivered = 2
	h.pipe.process([]item{h.pipe.decode(again), h.pipe.decode(again)})
	after := h.incidents()
	require.Len(t, after, 1)
	require.Equal(t, before[0].AlertCount, after[0].AlertCount)
	require.Equal(t, before[0].TimelineSeq, after[0].TimelineSeq)
	require.Equal(t, 1, first.acked)
	require.Equal(t, 2, again.acked, "a redelivery is acknowledged so it stops coming back")
	require.Equal(t, 2.0, testutil.ToFloat64(h.pipe.m.deduplicated.WithLabelValues("redelivery")))
}

func TestPublisherRejectsAWholeRequestWithAnyBadAlert(t *testing.T) {
	h := newHarness(t)
	ids, rejected, err := h.pipe.Publisher.Publish(t.Context(), []json.RawMessage{
		alertJSON("p-1", "p", "low"), []byte(`{"id":"p-2"}`), alertJSON("p-3", "p", "low"),
	})
	require.NoError(t, err)
	require.Nil(t, ids)
	require.Len(t, rejected, 1)
	require.Equal(t, 1, rejected[0].Index)
	require.Equal(t, "p-2", rejected[0].ID)
	require.Equal(t, ReasonInvalidField, rejected[0].Reason)

	ids, rejected, err = h.pipe.Publisher.Publish(t.Context(), []json.RawMessage{
		alertJSON("p-1", "p", "low"), alertJSON("p-3", "p", "low"),
	})
	require.NoError(t, err)
	require.Empty(t, rejected)
	require.Equal(t, []string{"p-1", "p-3"}, ids)
	h.waitForAlerts(2)

	// A retry of the same request inside the duplicate window is dropped by the stream.
	_, _, err = h.pipe.Publisher.Publish(t.Context(), []json.RawMessage{alertJSON("p-1", "p", "low")})
	require.NoError(t, err)
	stream, err := h.js.Stream(t.Context(), "ALERTS")
	require.NoError(t, err)
	info, err := stream.Info(t.Context())
	require.NoError(t, err)
	require.Equal(t, uint64(2), info.State.Msgs)
}

// failHook fails the commit of any batch holding the alert of its id: an
// alert with a problem of its own that is no invalid data.
type failHook struct{ id string }

func (f failHook) Changed(_ *store.Tx, c *incident.Changes, _ time.Time) error {
	for _, a := range c.Alerts {
		if a.Alert.ID == f.id {
			return fmt.Errorf("alert %s cannot be stored", f.id)
		}
	}
	return nil
}

// An alert whose own commit keeps failing while others commit is a poison
// message: it is delivered again with a growing delay until MaxDeliver,
// then the server's max-deliveries advisory lands in the dead-letter
// stream, naming the stream sequence, and the alert itself stays in ALERTS.
func TestAPoisonAlertOutOfDeliveriesIsRecordedInTheDeadLetterStream(t *testing.T) {
	ns := natstest.Start(t)
	_, js := natstest.Connect(t, ns)
	opts := testOptions()
	opts.MaxDeliver = 2
	opts.AckWait = time.Second // the server decides on the ack timer
	opts.Hooks = failHook{id: "doomed"}
	h := startPipeline(t, js, filepath.Join(t.TempDir(), "breachd.db"), opts)
	h.publish("alerts.test", alertJSON("doomed", "d", "high"), nil)

	dlq, err := js.Stream(t.Context(), "ALERTS_DLQ")
	require.NoError(t, err)
	var adv struct {
		Stream     string `json:"stream"`
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries uint64 `json:"deliveries"`
	}
	// Alone, the alert cannot tell its problem from the store's; alerts
	// that commit beside it show it is its own.
	n := 0
	require.Eventually(t, func() bool {
		n++
		h.publish("alerts.test", alertJSON(fmt.Sprintf("fine-%d", n), "f", "high"), nil)
		msg, err := dlq.GetLastMsgForSubject(t.Context(), "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.ALERTS.breachd")
		return err == nil && json.Unmarshal(msg.Data, &adv) == nil
	}, 30*time.Second, 100*time.Millisecond)
	require.Equal(t, "ALERTS", adv.Stream)
	require.Equal(t, uint64(1), adv.StreamSeq)
	require.Positive(t, testutil.ToFloat64(h.pipe.m.failures))

	alerts, err := js.Stream(t.Context(), "ALERTS")
	require.NoError(t, err)
	kept, err := alerts.GetMsg(t.Context(), adv.StreamSeq)
	require.NoError(t, err)
	require.Contains(t, string(kept.Data), `"doomed"`, "the alert is still there to replay")
}

// A store that commits nothing (a full disk, a closed file) uses up no
// alert's deliveries, however long it lasts: the alerts are held in
// progress and retried, readiness says why, and once a working store is
// there every alert is committed, none given up.
func TestAStoreThatCommitsNothingUsesUpNoDeliveries(t *testing.T) {
	ns := natstest.Start(t)
	_, js := natstest.Connect(t, ns)
	dbPath := filepath.Join(t.TempDir(), "breachd.db")
	opts := testOptions()
	opts.MaxDeliver = 2
	opts.AckWait = time.Second // without holding, 2 deliveries are gone in about 3 s
	broken := startPipeline(t, js, dbPath, opts)
	require.NoError(t, broken.store.Close())
	broken.storeClosed = true
	for i := range 20 {
		broken.publish("alerts.test", alertJSON(strconv.Itoa(i), "a", "high"), nil)
	}
	cons, err := js.Consumer(t.Context(), "ALERTS", "breachd")
	require.NoError(t, err)
	// Held through several ack waits, each retry telling the server the
	// alerts are in progress: no redelivery, no delivery used.
	start := time.Now()
	require.Eventually(t, func() bool {
		return testutil.ToFloat64(broken.pipe.m.held) == 20 && time.Since(start) > 4*time.Second
	}, 20*time.Second, 50*time.Millisecond)
	info, err := cons.Info(t.Context())
	require.NoError(t, err)
	require.Zero(t, info.NumRedelivered, "no alert was delivered a second time")
	require.Zero(t, testutil.ToFloat64(broken.pipe.m.failures))
	require.ErrorContains(t, broken.pipe.Ready(), "the store has committed no alert since")

	broken.stop() // the held alerts go back to the server at once
	h := startPipeline(t, js, dbPath, opts)
	h.waitForAlerts(20)
	require.NoError(t, h.pipe.Ready())
	dlq, err := js.Stream(t.Context(), "ALERTS_DLQ")
	require.NoError(t, err)
	dinfo, err := dlq.Info(t.Context())
	require.NoError(t, err)
	require.Zero(t, dinfo.State.Msgs, "nothing given up")
}

// Deleting the consumer or the whole stream does not stop intake for good:
// the pipeline creates them again and goes on taking alerts.
func TestADeletedConsumerOrStreamIsCreatedAgain(t *testing.T) {
	h := newHarness(t)
	h.publish("alerts.test", alertJSON("before", "a", "high"), nil)
	h.waitForAlerts(1)
	// Its incident resolved and its delivery record compacted below the
	// ack floor: delivered again by a new consumer, it must still be
	// recognised as applied, not open an incident of its own.
	first := h.incidents()[0]
	require.NoError(t, h.store.Update(func(tx *store.Tx) error {
		inc, err := tx.Incident(first.ID)
		if err != nil {
			return err
		}
		events, err := inc.SetStatus(incident.StatusResolved, "alice", "", testNow)
		if err != nil {
			return err
		}
		return tx.SaveIncident(inc, events)
	}))
	require.Eventually(t, func() bool {
		info, err := h.pipe.consumer().Info(t.Context())
		return err == nil && info.AckFloor.Stream == 1
	}, 10*time.Second, 10*time.Millisecond)
	h.pipe.prune(t.Context())

	require.NoError(t, h.js.DeleteConsumer(t.Context(), "ALERTS", "breachd"))
	require.Eventually(t, func() bool {
		_, err := h.js.Consumer(t.Context(), "ALERTS", "breachd")
		return err == nil
	}, 20*time.Second, 20*time.Millisecond, "the consumer is back")
	h.publish("alerts.test", alertJSON("after-consumer", "a", "high"), nil)
	h.waitForAlerts(2)
	incs := h.incidents()
	require.Len(t, incs, 2)
	require.Equal(t, "alert after-consumer", incs[0].Title, "the new incident is the new alert's, not the redelivered one's")
	require.Equal(t, int64(1), incs[0].AlertCount)

	require.NoError(t, h.js.DeleteStream(t.Context(), "ALERTS"))
	require.Eventually(t, func() bool {
		_, err := h.js.Consumer(t.Context(), "ALERTS", "breachd")
		return err == nil
	}, 20*time.Second, 20*time.Millisecond, "the stream and its consumer are back")
	h.publish("alerts.test", alertJSON("after-stream", "a", "high"), nil)
	h.waitForAlerts(3)
	require.NoError(t, h.pipe.Ready())
	require.Len(t, h.incidents(), 2, "the resolved one and the one after it; none for the redelivered alert")
}
