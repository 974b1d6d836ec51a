package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// subject is where the alerts go; the ALERTS stream captures alerts.>.
const subject = "alerts.chaos"

// publishTimeout bounds one publish's wait for the stream's ack; a
// publish that gets none is tried again with the same message id. An ack
// takes about a millisecond; one lost with a killed daemon is not waited
// for long, so that alerts flow soon after each restart.
const publishTimeout = 500 * time.Millisecond

// publisher publishes the alerts one by one, each until the stream
// acknowledges it, at a pace that spreads them over the disruptions.
type publisher struct {
	n, fingerprints int
	interval        time.Duration // between two alerts' first attempts

	mu      sync.Mutex
	ackedC  chan struct{} // closed and replaced at each ack
	acked   int           // distinct alerts the stream acknowledged
	retries int           // publishes tried again
	lastErr error
}

// alertID names alert i; the data directory is new, so ids need not be
// unique beyond the run.
func alertID(i int) string { return fmt.Sprintf("chaos-%07d", i) }

// fingerprint is alert i's fingerprint: the alerts go round the
// fingerprints, so each incident gets alerts all through the run.
func fingerprint(i, fingerprints int) string { return fmt.Sprintf("chaos-fp-%04d", i%fingerprints) }

// alert is alert i in breachd's native format. Each fingerprint has its own
// asset, so that correlation (by asset) joins no two fingerprints.
func alert(i, fingerprints int, now time.Time) []byte {
	k := i % fingerprints
	b, err := json.Marshal(map[string]any{
		"id":          alertID(i),
		"source":      "breachchaos",
		"kind":        "chaos-test",
		"time":        now.UTC().Format(time.RFC3339Nano),
		"severity":    "medium",
		"title":       fmt.Sprintf("chaos alert for asset %d", k),
		"fingerprint": fingerprint(i, fingerprints),
		"asset":       map[string]string{"id": fmt.Sprintf("chaos-asset-%04d", k), "type": "host", "tenant": "chaos"},
		"labels":      map[string]string{"generator": "breachchaos"},
	})
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	return b
}

// connect connects as the producer, with the seed breachd generated. The
// connection reconnects for ever, and buffers nothing while the daemon is
// down: a publish then fails at once and is tried again.
func connect(url, seedFile string) (*nats.Conn, error) {
	nkey, err := nats.NkeyOptionFromSeed(seedFile)
	if err != nil {
		return nil, fmt.Errorf("producer nkey: %w", err)
	}
	nc, err := nats.Connect(url, nkey,
		nats.Name("breachchaos"),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(100*time.Millisecond),
		nats.ReconnectBufSize(-1),
	)
	if err != nil {
		return nil, fmt.Errorf("connect to %s as the producer: %w", url, err)
	}
	return nc, nil
}

// run publishes every alert, or stops when ctx ends. An alert whose
// publish fails (the daemon is down, its disk full) is published again
// with the same Nats-Msg-Id, so the stream stores it once.
func (p *publisher) run(ctx context.Context, nc *nats.Conn) error {
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	start := time.Now()
	for i := range p.n {
		if wait := time.Until(start.Add(time.Duration(i) * p.interval)); wait > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		}
		if err := p.publish(ctx, js, i); err != nil {
			return err
		}
	}
	return nil
}

// publish publishes alert i until the stream acknowledges it.
func (p *publisher) publish(ctx context.Context, js jetstream.JetStream, i int) error {
	msg := nats.NewMsg(subject)
	msg.Data = alert(i, p.fingerprints, time.Now())
	msg.Header.Set(jetstream.MsgIDHeader, alertID(i))
	for {
		pctx, cancel := context.WithTimeout(ctx, publishTimeout)
		_, err := js.PublishMsg(pctx, msg)
		cancel()
		if err == nil {
			p.mu.Lock()
			p.acked++
			if p.ackedC != nil {
				close(p.ackedC)
				p.ackedC = nil
			}
			p.mu.Unlock()
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("alert %s not acknowledged: %w", alertID(i), ctx.Err())
		}
		p.mu.Lock()
		p.retries++
		p.lastErr = err
		p.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// counts reads how many alerts were acknowledged and how many publishes
// were tried again.
func (p *publisher) counts() (acked, retries int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.acked, p.retries
}

// lastError is the last error a publish got.
func (p *publisher) lastError() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastErr
}

// waitAck waits for the stream to acknowledge one more alert, or for
// every alert to be acknowledged already. The error names the last
// publish error.
func (p *publisher) waitAck(ctx context.Context, timeout time.Duration) error {
	p.mu.Lock()
	if p.acked == p.n {
		p.mu.Unlock()
		return nil
	}
	if p.ackedC == nil {
		p.ackedC = make(chan struct{})
	}
	c := p.ackedC
	p.mu.Unlock()
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(timeout):
		return fmt.Errorf("the stream acknowledged no alert in %s (last publish error: %v)", timeout.Round(time.Second), p.lastError())
	}
}
