package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest/formats"
	"github.com/breachd/breachd/internal/lograte"
	"github.com/breachd/breachd/store"
)

// Pipeline consumes the alert stream: it decodes each fetched batch, triages
// it, commits the outcome in one store transaction and acknowledges the batch
// only after that commit (DESIGN invariant 1). A redelivered message is
// recognised by its stream sequence, recorded in the same transaction, and
// adds nothing (invariant 2).
type Pipeline struct {
	opts   Options
	js     jetstream.JetStream
	cons   jetstream.Consumer
	store  *store.Store
	stream string // incarnation identity, see ensureStreams
	log    zerolog.Logger
	m      *metrics
	disp   dispatcher
	// held are the alerts kept while the store commits nothing.
	held holding
	// consMu guards cons, which Run replaces when the consumer is gone,
	// for the metrics read elsewhere; lost says why intake stopped.
	consMu sync.Mutex
	lost   error
	// The lines a storm repeats (a flood of poison or bad alerts) are
	// thinned, each written line counting those held back.
	failLog, rejectLog *lograte.Limiter
	// reconsume asks Run to consume afresh (see Reconsume).
	reconsume chan struct{}
	// Publisher publishes HTTP alerts into the same stream.
	Publisher *Publisher
}

// New validates the options, creates or updates the streams and the consumer,
// and registers the ingest metrics on reg.
func New(ctx context.Context, js jetstream.JetStream, st *store.Store, opts Options, log zerolog.Logger, reg prometheus.Registerer) (*Pipeline, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("ingest options: %w", err)
	}
	cons, stream, err := ensureStreams(ctx, js, &opts)
	if err != nil {
		return nil, err
	}
	m := newMetrics(reg)
	p := &Pipeline{opts: opts, js: js, cons: cons, store: st, stream: stream, log: log, m: m, reconsume: make(chan struct{}, 1),
		failLog: lograte.New(time.Second, 10), rejectLog: lograte.New(time.Second, 10),
		disp: dispatcher{falco: opts.FalcoSubjects, dec: formats.Decoder{Severities: opts.Severities}}}
	reg.MustRegister(&pendingCollector{p: p})
	p.Publisher = &Publisher{js: js, opts: &p.opts, m: m, log: log, rejectLog: p.rejectLog}
	return p, nil
}

// Run consumes until ctx is cancelled, then drains: messages already fetched
// are committed and acknowledged before it returns.
//
// Two goroutines share the work: the consumer's callback decodes and
// validates each message as it arrives, and this loop commits whatever has
// been decoded as one batch. Decoding the next batch thus overlaps with
// committing the current one.
func (p *Pipeline) Run(ctx context.Context) error {
	decoded := make(chan item, p.opts.BatchSize)
	consume := func() (jetstream.ConsumeContext, error) {
		return p.consumer().Consume(func(m jetstream.Msg) { decoded <- p.decode(m) },
			jetstream.PullMaxMessages(p.opts.BatchSize),
			// A pull lost to a consumer changing leaders (on a cluster,
			// when a server goes) is noticed by its missing heartbeats,
			// and pulled again: in seconds, not the half-minute default.
			jetstream.PullHeartbeat(pullHeartbeat),
			jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
				p.log.Warn().Err(err).Msg("consume")
			}))
	}
	if err := p.waitForConsumer(ctx); err != nil {
		return nil // ctx ended
	}
	cc, err := consume()
	if err != nil {
		return fmt.Errorf("consume %s: %w", p.opts.Stream, err)
	}
	p.prune(ctx)
	prune := time.NewTicker(time.Minute)
	defer prune.Stop()

	batch := make([]item, 0, p.opts.BatchSize)
	done := ctx.Done()
	restarting := false
	for {
		select {
		case <-done:
			cc.Drain()
			done = nil
		case <-p.reconsume:
			// Stop now; Closed follows once the callbacks are done, and
			// the loop goes on taking what they decode meanwhile.
			if done != nil && !restarting {
				restarting = true
				cc.Stop()
			}
		case <-cc.Closed():
			if done != nil && restarting {
				restarting = false
				p.processBuffered(decoded, batch)
				next, err := consume()
				if err != nil {
					p.log.Warn().Err(err).Msg("consume again after JetStream restarted")
					if next = p.recover(ctx, consume); next == nil {
						return nil
					}
				}
				cc = next
				p.log.Info().Str("stream", p.opts.Stream).Str("consumer", p.opts.Durable).Msg("intake consumes again")
				continue
			}
			if done != nil {
				// Closed unasked: the consumer or the stream was deleted.
				// Commit what was fetched, then put them back and go on.
				p.processBuffered(decoded, batch)
				if cc = p.recover(ctx, consume); cc == nil {
					return nil
				}
				continue
			}
			// No callback follows Closed: what is buffered is the rest.
			// What cannot be committed goes back to the server at once,
			// for the next daemon.
			for {
				if p.held.holding() {
					if p.retryHeld(); p.held.holding() {
						p.held.release()
						return nil
					}
				}
				if batch = fill(batch[:0], decoded); len(batch) == 0 {
					return nil
				}
				held, err := p.process(batch)
				p.held.next(p, held, err)
			}
		case <-prune.C:
			p.prune(ctx)
		case <-p.held.retry():
			p.retryHeld()
		case it := <-decoded:
			if p.held.holding() {
				// The store commits nothing: the alert waits with the
				// others, in progress, for the next retry.
				p.held.add(p, it)
				continue
			}
			batch = fill(append(batch[:0], it), decoded)
			held, err := p.process(batch)
			p.held.next(p, held, err)
		}
	}
}

// pullHeartbeat is how often the server says a pull is alive; two missed
// make the client pull again.
const pullHeartbeat = 2 * time.Second

// waitForConsumer returns once the consumer answers, or with ctx's error.
// On a cluster just formed, or one that lost a server, a replicated
// consumer answers once its servers have elected its leader; a pull sent
// before that has no responder, and the client would only send the next
// once heartbeats were missed, half a minute later.
func (p *Pipeline) waitForConsumer(ctx context.Context) error {
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		info, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := p.consumer().Info(info)
		cancel()
		if err == nil || ctx.Err() != nil {
			return ctx.Err()
		}
		p.log.Debug().Err(err).Msg("waiting for the consumer to answer")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}

// Reconsume makes Run stop consuming and start again. After the server's
// JetStream was stopped and started again, the pulls the consumer had
// waiting are gone, and would be noticed only once their heartbeats were
// missed (half a minute).
func (p *Pipeline) Reconsume() {
	select {
	case p.reconsume <- struct{}{}:
	default: // one is pending already
	}
}

// processBuffered commits what the consumer fetched before it stopped.
func (p *Pipeline) processBuffered(decoded <-chan item, batch []item) {
	for {
		if batch = fill(batch[:0], decoded); len(batch) == 0 {
			return
		}
		if p.held.holding() {
			for _, it := range batch {
				p.held.add(p, it)
			}
			continue
		}
		held, err := p.process(batch)
		p.held.next(p, held, err)
	}
}

// recover creates the streams and the consumer again after they were
// deleted, retrying with a growing delay until it works or ctx ends (then
// it returns nil); meanwhile Ready says intake stopped and why.
func (p *Pipeline) recover(ctx context.Context, consume func() (jetstream.ConsumeContext, error)) jetstream.ConsumeContext {
	p.setLost(fmt.Errorf("the consumer %s on %s stopped (deleted?): creating it again", p.opts.Durable, p.opts.Stream))
	p.log.Error().Str("stream", p.opts.Stream).Str("consumer", p.opts.Durable).Msg("intake stopped: the consumer is gone; creating the streams and the consumer again")
	delay := time.Second
	for attempt := 1; ; attempt++ {
		setup, cancel := context.WithTimeout(ctx, 10*time.Second)
		cons, stream, err := ensureStreams(setup, p.js, &p.opts)
		cancel()
		var cc jetstream.ConsumeContext
		if err == nil {
			p.consMu.Lock()
			p.cons = cons
			p.consMu.Unlock()
			p.stream = stream
			cc, err = consume()
		}
		if err == nil {
			p.setLost(nil)
			p.log.Info().Str("stream", p.opts.Stream).Str("consumer", p.opts.Durable).Int("attempts", attempt).Msg("intake resumed: streams and consumer created again")
			return cc
		}
		p.setLost(fmt.Errorf("intake stopped: the consumer %s on %s is gone and cannot be created again: %w", p.opts.Durable, p.opts.Stream, err))
		p.log.Error().Err(err).Int("attempt", attempt).Dur("retry_in", delay).Msg("create the streams and the consumer again")
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(2*delay, maxHoldRetry)
	}
}

func (p *Pipeline) consumer() jetstream.Consumer {
	p.consMu.Lock()
	defer p.consMu.Unlock()
	return p.cons
}

func (p *Pipeline) setLost(err error) {
	p.consMu.Lock()
	defer p.consMu.Unlock()
	p.lost = err
}

// retryHeld tries the held alerts again, a batch at a time; while a batch
// commits nothing, the rest stay held without being tried.
func (p *Pipeline) retryHeld() {
	items := p.held.items
	var still []item
	var lastErr error
	for len(items) > 0 {
		chunk := items[:min(len(items), p.opts.BatchSize)]
		items = items[len(chunk):]
		held, err := p.commitOrSplit(chunk, p.opts.Now())
		still = append(still, held...)
		if len(held) == len(chunk) {
			still, lastErr = append(still, items...), err
			break
		}
	}
	p.held.next(p, still, lastErr)
}

// fill adds what the channel holds right now, up to the batch's capacity: a
// batch is whatever has arrived, so at low rates it commits at once and at
// high rates it grows and amortises the commit.
func fill(batch []item, decoded <-chan item) []item {
	for len(batch) < cap(batch) {
		select {
		case it := <-decoded:
			batch = append(batch, it)
		default:
			return batch
		}
	}
	return batch
}

// item is one delivered message and what decoding made of it: one alert,
// or several when its format carries several (an Alertmanager group).
type item struct {
	msg      jetstream.Msg
	meta     *jetstream.MsgMetadata
	format   formats.Format
	alerts   []formats.Decoded
	err      error // why the message cannot be used
	outcomes []incident.Outcome
	redeliv  bool
}

// decode reads and validates one message.
func (p *Pipeline) decode(m jetstream.Msg) item {
	p.m.received.Inc()
	it := item{msg: m}
	if it.meta, it.err = m.Metadata(); it.err != nil {
		return it // cannot happen on a pull consumer
	}
	it.format, it.alerts, it.err = p.disp.decode(m.Subject(), m.Headers(), m.Data())
	if it.err != nil {
		return it
	}
	now := p.opts.Now()
	for i, d := range it.alerts {
		if it.err = CheckTime(d.Alert, now, p.opts.MaxFutureSkew); it.err != nil {
			if len(it.alerts) > 1 {
				it.err = &RejectError{Reason: ReasonFutureTime, Err: fmt.Errorf("alert %d of %d (%s): %w", i+1, len(it.alerts), d.Alert.ID, it.err.(*RejectError).Err)}
			}
			return it
		}
	}
	return it
}

// process commits the usable items of a batch and dead-letters the others.
// It returns the items to hold, those that could not be committed while
// nothing else could either (see commitOrSplit), and why.
func (p *Pipeline) process(batch []item) ([]item, error) {
	now := p.opts.Now()
	good := batch[:0:0]
	for _, it := range batch {
		switch {
		case it.meta == nil:
			p.log.Error().Err(it.err).Str("subject", it.msg.Subject()).Msg("message without metadata")
			_ = it.msg.NakWithDelay(time.Second)
		case it.err != nil:
			p.deadLetter(it.msg, it.meta, it.err)
		default:
			p.m.decodedAs(it.format)
			good = append(good, it)
		}
	}
	if len(good) == 0 {
		return nil, nil
	}
	return p.commitOrSplit(good, now)
}

// commitOrSplit commits a batch; if the batch fails it commits each item on
// its own, so that one alert that cannot be stored does not hold back the
// others. An invalid item is dead-lettered. An item that failed while
// others committed has a problem of its own: it is delivered again later,
// using one of its deliveries, so that MaxDeliver ends a poison message.
// When nothing committed, the store is failing (disk full, I/O, closed):
// the items are returned to be held and retried, which uses no delivery,
// for as long as it takes.
func (p *Pipeline) commitOrSplit(items []item, now time.Time) ([]item, error) {
	err := p.commit(items, now)
	if err == nil {
		return nil, nil
	}
	errs := make([]error, len(items))
	committed := 0
	if len(items) == 1 {
		errs[0] = err
	} else {
		p.log.Warn().Err(err).Int("alerts", len(items)).Msg("batch commit failed, committing one by one")
		for i := range items {
			if errs[i] = p.commit(items[i:i+1], now); errs[i] == nil {
				committed++
			}
		}
	}
	var held []item
	for i, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, incident.ErrInvalid):
			p.deadLetter(items[i].msg, items[i].meta, &RejectError{Reason: ReasonInvalidField, Err: err})
		case committed > 0:
			p.fail(items[i], err)
		default:
			held = append(held, items[i])
		}
	}
	return held, err
}

func (p *Pipeline) commit(items []item, now time.Time) error {
	start := time.Now()
	err := p.store.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(p.opts.Policy, tx)
		applied := make([]uint64, 0, len(items))
		for i := range items {
			it := &items[i]
			// bbolt may not run fn twice here, but set outputs on every run anyway.
			it.redeliv, it.outcomes = false, it.outcomes[:0]
			seq := it.meta.Sequence.Stream
			if tx.Delivered(p.stream, seq) {
				it.redeliv = true
				continue
			}
			for _, d := range it.alerts {
				add := tr.Add
				if d.Resolved {
					add = tr.AddFollowUp
				}
				out, err := add(d.Alert, now)
				if err != nil {
					return fmt.Errorf("triage alert %q: %w", d.Alert.ID, err)
				}
				it.outcomes = append(it.outcomes, out)
			}
			applied = append(applied, seq)
		}
		if err := tx.MarkDelivered(p.stream, applied...); err != nil {
			return err
		}
		c := tr.Changes()
		if p.opts.Obligations != nil {
			if err := p.opts.Obligations.Track(tx, &c, now); err != nil {
				return err
			}
		}
		if err := tx.Apply(c); err != nil {
			return err
		}
		if p.opts.Hooks != nil {
			return p.opts.Hooks.Changed(tx, &c, now)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if p.opts.Wake != nil {
		p.opts.Wake()
	}
	committed := time.Now()
	p.m.commitTime.Observe(committed.Sub(start).Seconds())
	p.m.batchSize.Observe(float64(len(items)))
	for i := range items {
		it := &items[i]
		// Ack only now that the effects are committed. A lost ack means a
		// redelivery, which the delivery record turns into a no-op.
		if err := it.msg.Ack(); err != nil {
			p.log.Debug().Err(err).Uint64("stream_seq", it.meta.Sequence.Stream).Msg("ack")
		}
		p.m.lag.Observe(committed.Sub(it.meta.Timestamp).Seconds())
		if it.redeliv {
			p.m.deduplicated.WithLabelValues("redelivery").Inc()
			continue
		}
		for j, out := range it.outcomes {
			a := it.alerts[j].Alert
			switch {
			case out.Repeat:
				p.m.deduplicated.WithLabelValues("repeat").Inc()
			case out.Opened:
				p.m.opened.Inc()
				p.log.Info().Str("incident_id", out.Incident).Str("alert_id", a.ID).
					Str("severity", a.Severity.String()).Str("asset", a.Asset.ID).Msg("incident opened")
			case out.Duplicate:
				p.m.deduplicated.WithLabelValues("fingerprint").Inc()
			case out.Correlated:
				p.m.correlated.Inc()
			case it.alerts[j].Resolved && out.Incident == "":
				// A follow-up (a "resolved" notice) with no active incident
				// to record it on: the stream keeps it, the log says so.
				p.m.followUpsUnmatched.Inc()
				p.log.Info().Str("alert_id", a.ID).Str("alert_fp", a.EffectiveFingerprint()).
					Str("format", it.format.String()).Msg("follow-up without an active incident")
			}
		}
	}
	return nil
}

// fail handles one alert whose commit failed while others committed: it is
// delivered again later, with a growing delay.
func (p *Pipeline) fail(it item, err error) {
	p.m.failures.Inc()
	delay := backoff(it.meta.NumDelivered)
	p.failLog.Event(time.Now(), p.log.Error()).Err(err).Str("alert_id", it.alerts[0].Alert.ID).Uint64("stream_seq", it.meta.Sequence.Stream).
		Uint64("delivered", it.meta.NumDelivered).Dur("retry_in", delay).Msg("commit alert")
	if err := it.msg.NakWithDelay(delay); err != nil {
		p.log.Debug().Err(err).Msg("nak")
	}
}

// prune forgets delivery records the server will never redeliver: those at
// or below the consumer's ack floor.
func (p *Pipeline) prune(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	info, err := p.consumer().Info(ctx)
	if err != nil {
		p.log.Debug().Err(err).Msg("consumer info for pruning")
		return
	}
	var n uint64
	err = p.store.Update(func(tx *store.Tx) error {
		var err error
		n, err = tx.PruneDeliveries(p.stream, info.AckFloor.Stream+1)
		return err
	})
	if err != nil {
		p.log.Warn().Err(err).Msg("prune delivery records")
		return
	}
	if n > 0 {
		p.log.Debug().Uint64("ranges", n).Uint64("ack_floor", info.AckFloor.Stream).Msg("compacted delivery records")
	}
}

// pendingCollector reports the consumer's backlog at scrape time.
type pendingCollector struct {
	p *Pipeline
}

var pendingDesc = prometheus.NewDesc("breachd_consumer_pending_messages",
	"Alerts in the stream not yet committed: state=waiting (not delivered) or unacked (delivered, not acknowledged).",
	[]string{"state"}, nil)

func (c *pendingCollector) Describe(ch chan<- *prometheus.Desc) { ch <- pendingDesc }

func (c *pendingCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	info, err := c.p.consumer().Info(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(pendingDesc, fmt.Errorf("consumer info: %w", err))
		return
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(info.NumPending), "waiting")
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(info.NumAckPending), "unacked")
}

// Ready says why intake is not working, or nil: alerts are held because
// the store commits nothing, or the consumer is gone and not yet created
// again.
func (p *Pipeline) Ready() error {
	if err := p.held.ready(); err != nil {
		return err
	}
	p.consMu.Lock()
	defer p.consMu.Unlock()
	return p.lost
}
