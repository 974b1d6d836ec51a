package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

type options struct {
	natsURL, server, token    string
	nkey                      string // seed file; "" connects without
	tlsCA                     string // CA file of the server's certificate; "" uses the system's
	n, fingerprints, size     int
	rate                      float64
	subject, stream, consumer string
	timeout                   time.Duration
}

func (o *options) validate() error {
	switch {
	case o.n < 1:
		return fmt.Errorf("-n must be at least 1")
	case o.fingerprints < 1:
		return fmt.Errorf("-fingerprints must be at least 1")
	case o.size < 300 || o.size > 200_000:
		return fmt.Errorf("-size must be 300 to 200000 bytes")
	case o.rate < 0:
		return fmt.Errorf("-rate must not be negative")
	case !strings.HasPrefix(o.subject, "alerts."):
		return fmt.Errorf("-subject must be under alerts.> to reach the ALERTS stream")
	}
	return nil
}

// result is what one run measured.
type result struct {
	published      int
	publishTime    time.Duration // first publish to last publish acknowledged by the stream
	commitTime     time.Duration // first publish to last alert committed
	latencies      []time.Duration
	rssBytes       float64 // -1 when unknown
	cpuSeconds     float64 // the daemon's CPU time during the run; -1 when unknown
	committedFirst uint64  // stream sequences of this run
	committedLast  uint64
	// drained is how many alerts were committed after the last publish and
	// drainTime how long that took: breachd's pace without the publisher
	// competing for the same machine.
	drained   uint64
	drainTime time.Duration
}

// tracker pairs each alert's publish time with the moment its ack is seen.
type tracker struct {
	mu     sync.Mutex
	sent   map[uint64]time.Time // stream seq → publish time
	acked  map[uint64]time.Time // stream seq → ack seen
	lastAt time.Time
}

func measure(ctx context.Context, o options, progress io.Writer) (*result, error) {
	opts := []nats.Option{nats.Name("breachload")}
	if o.nkey != "" {
		opt, err := nats.NkeyOptionFromSeed(o.nkey)
		if err != nil {
			return nil, fmt.Errorf("--nkey: %w", err)
		}
		opts = append(opts, opt)
	}
	if o.tlsCA != "" {
		opts = append(opts, nats.RootCAs(o.tlsCA))
	}
	nc, err := nats.Connect(o.natsURL, opts...)
	if errors.Is(err, nats.ErrAuthorization) {
		return nil, fmt.Errorf("connect to %s: %w (breachd's embedded server lets in breachd's own identity only: -nkey <data_dir>/nats/breachd.nk)", o.natsURL, err)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w (is breachd running? try make run)", o.natsURL, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		return nil, err
	}
	cons, err := js.Consumer(ctx, o.stream, o.consumer)
	if err != nil {
		return nil, fmt.Errorf("consumer %s on %s: %w (start breachd first)", o.consumer, o.stream, err)
	}

	tr := &tracker{sent: make(map[uint64]time.Time, o.n), acked: make(map[uint64]time.Time, o.n)}
	sub, err := nc.Subscribe(fmt.Sprintf("$JS.ACK.%s.%s.>", o.stream, o.consumer), func(m *nats.Msg) {
		seq, ok := ackStreamSeq(m.Subject)
		if !ok || string(m.Data) != "+ACK" && len(m.Data) != 0 {
			return
		}
		now := time.Now()
		tr.mu.Lock()
		if _, seen := tr.acked[seq]; !seen {
			tr.acked[seq] = now
			tr.lastAt = now
		}
		tr.mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	defer sub.Unsubscribe()
	if err := nc.Flush(); err != nil {
		return nil, err
	}

	payloads := makePayloads(o)
	res := &result{published: o.n, rssBytes: -1, cpuSeconds: -1}
	cpuBefore := -1.0
	if o.server != "" {
		cpuBefore = scrapeCPU(ctx, o.server, o.token)
	}
	start := time.Now()
	var first, last uint64 = math.MaxUint64, 0
	var pending []pendingPub
	flush := func() error {
		for _, p := range pending {
			select {
			case ack := <-p.f.Ok():
				tr.mu.Lock()
				tr.sent[ack.Sequence] = p.at
				tr.mu.Unlock()
				first, last = min(first, ack.Sequence), max(last, ack.Sequence)
			case err := <-p.f.Err():
				return fmt.Errorf("publish: %w", err)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		pending = pending[:0]
		return nil
	}
	var interval time.Duration
	if o.rate > 0 {
		interval = time.Duration(float64(time.Second) / o.rate)
	}
	runID := strconv.FormatInt(start.UnixNano(), 36)
	for i := 0; i < o.n; i++ {
		if interval > 0 {
			if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
				time.Sleep(wait)
			}
		}
		msg := nats.NewMsg(o.subject)
		msg.Data = payload(payloads, i, runID)
		at := time.Now()
		f, err := js.PublishMsgAsync(msg)
		if errors.Is(err, jetstream.ErrTooManyStalledMsgs) {
			if err := flush(); err != nil {
				return nil, err
			}
			f, err = js.PublishMsgAsync(msg)
		}
		if err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
		pending = append(pending, pendingPub{f, at})
		if len(pending) >= 2048 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		if (i+1)%50_000 == 0 {
			fmt.Fprintf(progress, "published %d/%d\n", i+1, o.n)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	res.publishTime = time.Since(start)
	res.committedFirst, res.committedLast = first, last
	drainStart := time.Now()
	var floorAtPublishEnd uint64
	if info, err := cons.Info(ctx); err == nil {
		floorAtPublishEnd = max(info.AckFloor.Stream, first-1)
	}

	// Wait until breachd has acknowledged (so committed) every alert of this run.
	deadline := time.Now().Add(o.timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	lastReport := time.Now()
	for {
		info, err := cons.Info(ctx)
		if err == nil && info.AckFloor.Stream >= last {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("gave up after %s: breachd has not committed every alert", o.timeout)
		}
		if time.Since(lastReport) > 2*time.Second && err == nil {
			fmt.Fprintf(progress, "committed up to stream sequence %d of %d\n", info.AckFloor.Stream, last)
			lastReport = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
	// Let the last ack messages arrive at our subscription.
	_ = nc.Flush()
	time.Sleep(50 * time.Millisecond)

	tr.mu.Lock()
	res.commitTime = tr.lastAt.Sub(start)
	if floorAtPublishEnd > 0 && last > floorAtPublishEnd {
		res.drained, res.drainTime = last-floorAtPublishEnd, tr.lastAt.Sub(drainStart)
	}
	for seq, at := range tr.sent {
		if acked, ok := tr.acked[seq]; ok {
			res.latencies = append(res.latencies, acked.Sub(at))
		}
	}
	tr.mu.Unlock()
	if res.commitTime <= 0 {
		res.commitTime = time.Since(start)
	}
	slices.Sort(res.latencies)
	if o.server != "" {
		res.rssBytes = scrapeRSS(ctx, o.server, o.token)
		if after := scrapeCPU(ctx, o.server, o.token); after >= 0 && cpuBefore >= 0 {
			res.cpuSeconds = after - cpuBefore
		}
	}
	return res, nil
}

type pendingPub struct {
	f  jetstream.PubAckFuture
	at time.Time
}

// ackStreamSeq reads the stream sequence from an ack subject, in both the
// old ($JS.ACK.stream.consumer.delivered.sseq.cseq.ts.pending) and the new
// form (with domain and account hash before the stream, and a token after).
func ackStreamSeq(subject string) (uint64, bool) {
	tokens := strings.Split(subject, ".")
	var idx int
	switch {
	case len(tokens) == 9:
		idx = 5
	case len(tokens) >= 12:
		idx = 7
	default:
		return 0, false
	}
	seq, err := strconv.ParseUint(tokens[idx], 10, 64)
	return seq, err == nil
}

// makePayloads builds one template alert per fingerprint, padded to size.
func makePayloads(o options) [][]byte {
	out := make([][]byte, o.fingerprints)
	for k := range out {
		a := map[string]any{
			"id": "ID_PLACEHOLDER", "source": "breachload", "kind": "load-test",
			"time": time.Now().UTC().Format(time.RFC3339), "severity": "medium",
			"title":       fmt.Sprintf("synthetic alert for asset %d", k),
			"fingerprint": fmt.Sprintf("load-%d", k),
			"asset":       map[string]string{"id": fmt.Sprintf("load-asset-%d", k), "type": "host", "tenant": "load"},
			"labels":      map[string]string{"generator": "breachload"},
			"description": "",
		}
		b, _ := json.Marshal(a)
		if pad := o.size - len(b); pad > 0 {
			a["description"] = strings.Repeat("x", pad)
			b, _ = json.Marshal(a)
		}
		out[k] = b
	}
	return out
}

// payload fills in a unique id for alert i.
func payload(templates [][]byte, i int, runID string) []byte {
	t := templates[i%len(templates)]
	return []byte(strings.Replace(string(t), "ID_PLACEHOLDER", fmt.Sprintf("%s-%09d", runID, i), 1))
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func (r *result) print(w io.Writer, o options) {
	rate := "max"
	if o.rate > 0 {
		rate = fmt.Sprintf("%.0f/s", o.rate)
	}
	fmt.Fprintf(w, "alerts:        %d of ~%d bytes over %d fingerprints, offered at %s\n", r.published, o.size, o.fingerprints, rate)
	fmt.Fprintf(w, "published:     %.0f alerts/s into the stream (%s)\n", float64(r.published)/r.publishTime.Seconds(), r.publishTime.Round(time.Millisecond))
	fmt.Fprintf(w, "committed:     %.0f alerts/s durably committed and acked (%s)\n", float64(r.published)/r.commitTime.Seconds(), r.commitTime.Round(time.Millisecond))
	if r.drained > 1000 && r.drainTime > 0 {
		fmt.Fprintf(w, "drain:         %.0f alerts/s committed after the last publish (%d alerts in %s)\n",
			float64(r.drained)/r.drainTime.Seconds(), r.drained, r.drainTime.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "latency:       publish→commit p50 %s  p99 %s  max %s  (%d samples)\n",
		fmtDur(percentile(r.latencies, 50)), fmtDur(percentile(r.latencies, 99)), fmtDur(percentile(r.latencies, 100)), len(r.latencies))
	if r.cpuSeconds >= 0 {
		fmt.Fprintf(w, "daemon CPU:    %.1f s in all, %.1f µs per alert (NATS server included)\n", r.cpuSeconds, r.cpuSeconds*1e6/float64(r.published))
	}
	if r.rssBytes >= 0 {
		fmt.Fprintf(w, "daemon RSS:    %.1f MiB\n", r.rssBytes/(1<<20))
	}
}

func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}
