package daemon

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// How the embedded JetStream is watched: its state is looked at every
// jetStreamCheckEvery; once stopped, it is started again after
// jetStreamFirstRetry, then at twice the interval each time up to
// jetStreamMaxRetry.
const (
	jetStreamCheckEvery = time.Second
	jetStreamFirstRetry = time.Second
	jetStreamMaxRetry   = time.Minute
)

// jetStreamKeeper keeps the embedded JetStream running. The server stops
// JetStream on a write error (a full disk, a file it may not write) and
// never starts it again by itself; the keeper does, with the limits and
// store it started with, so its streams and consumers come back from the
// files once the cause is gone (the space freed). Until then readiness
// says it is stopped and why the last start failed.
type jetStreamKeeper struct {
	ns  *server.Server
	cfg server.JetStreamConfig // as the server first started it; StoreDir its parent, as EnableJetStream wants it
	log zerolog.Logger

	restarts *prometheus.CounterVec

	mu       sync.Mutex
	down     time.Time // when it was found stopped; zero while it runs
	attempts int       // starts tried since
	lastErr  error     // of the last one
}

// newJetStreamKeeper watches ns's JetStream, which must be running.
func newJetStreamKeeper(ns *server.Server, log zerolog.Logger) (*jetStreamKeeper, error) {
	cfg := ns.JetStreamConfig()
	if cfg == nil {
		return nil, errors.New("the embedded NATS server started without JetStream")
	}
	k := &jetStreamKeeper{ns: ns, cfg: *cfg, log: log}
	// The server keeps its files under StoreDir/jetstream and adds the
	// last element itself.
	k.cfg.StoreDir = filepath.Dir(cfg.StoreDir)
	k.restarts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "breachd_jetstream_restarts_total",
		Help: "Starts of the embedded JetStream after the server stopped it (a full disk, a write error), by outcome: ok or failed.",
	}, []string{"outcome"})
	for _, o := range []string{"ok", "failed"} {
		k.restarts.WithLabelValues(o)
	}
	return k, nil
}

// up reports whether JetStream runs.
func (k *jetStreamKeeper) up() bool { return k.ns.JetStreamEnabled() }

// ready is nil while JetStream runs, else what /readyz says: that it
// stopped, since when, and why the last start failed.
func (k *jetStreamKeeper) ready() error {
	if k.up() {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	msg := "the embedded JetStream has stopped (a full disk or a write error: see the nats component's log lines); no alert can be taken until it runs again"
	if !k.down.IsZero() {
		msg += fmt.Sprintf("; stopped since %s", k.down.UTC().Format(time.RFC3339))
	}
	if k.lastErr != nil {
		msg += fmt.Sprintf("; breachd keeps starting it again (attempt %d: %v): free the space or fix the files under %s", k.attempts, k.lastErr, k.cfg.StoreDir)
	} else {
		msg += "; breachd is starting it again"
	}
	return errors.New(msg)
}

// jetStreamCollectors are the JetStream metrics: the keeper's with the
// embedded server; with an external one, breachd_jetstream_up at 1, since
// its own monitoring tells its health.
func (d *Daemon) jetStreamCollectors() []prometheus.Collector {
	if d.js != nil {
		return d.js.collectors()
	}
	return []prometheus.Collector{jetStreamUpGauge(func() bool { return true })}
}

// jetStreamUpGauge is breachd_jetstream_up, read from up at each scrape.
func jetStreamUpGauge(up func() bool) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "breachd_jetstream_up",
		Help: "1 while the embedded JetStream runs (or the server is external), 0 while it is stopped after a write error (a full disk) and not yet started again.",
	}, func() float64 {
		if up() {
			return 1
		}
		return 0
	})
}

// collectors are breachd_jetstream_up, read at each scrape, and the
// restarts counter.
func (k *jetStreamKeeper) collectors() []prometheus.Collector {
	return []prometheus.Collector{jetStreamUpGauge(k.up), k.restarts}
}

// run watches JetStream until ctx ends: when it stops, says so once, then
// starts it again with back-off, logging each failed attempt with its
// reason and the success with how long it was down, after which it calls
// started (the intake consumes afresh).
func (k *jetStreamKeeper) run(ctx context.Context, started func()) {
	check := time.NewTicker(jetStreamCheckEvery)
	defer check.Stop()
	// The back-off is kept across a start that does not last (the disk
	// still full: the first write stops JetStream again), so a flapping
	// server is tried ever less often; a minute up resets it.
	retry := jetStreamFirstRetry
	var next, startedAt time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-check.C:
			if k.up() {
				k.recovered()
				if !startedAt.IsZero() && now.Sub(startedAt) >= jetStreamMaxRetry {
					retry, startedAt = jetStreamFirstRetry, time.Time{}
				}
				continue
			}
			if k.stopped(now, retry) {
				next = now.Add(retry)
				continue
			}
			if now.Before(next) {
				continue
			}
			if k.start() {
				startedAt = now
				started()
			}
			retry = min(2*retry, jetStreamMaxRetry)
			next = now.Add(retry)
		}
	}
}

// stopped notes that JetStream was found stopped at now, and says so,
// when it is news.
func (k *jetStreamKeeper) stopped(now time.Time, retry time.Duration) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.down.IsZero() {
		return false
	}
	k.down, k.attempts, k.lastErr = now, 0, nil
	k.log.Error().Str("store", k.cfg.StoreDir).Dur("retry_in", retry).
		Msg("the embedded JetStream has stopped (a full disk or a write error: see the nats component's log lines); no alert can be taken until it runs again: starting it again")
	return true
}

// recovered clears the record of a stop once JetStream runs again
// (started by something else than start).
func (k *jetStreamKeeper) recovered() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.down, k.attempts, k.lastErr = time.Time{}, 0, nil
}

// start starts JetStream again with the first configuration; the server
// restores the streams and consumers from their files.
func (k *jetStreamKeeper) start() bool {
	cfg := k.cfg
	err := k.ns.EnableJetStream(&cfg)
	if err == nil && !k.up() {
		err = errors.New("the server did not start it")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.attempts++
	if err != nil {
		k.lastErr = err
		k.restarts.WithLabelValues("failed").Inc()
		k.log.Error().Err(err).Int("attempt", k.attempts).Str("store", k.cfg.StoreDir).
			Msg("the embedded JetStream cannot start again yet")
		return false
	}
	k.restarts.WithLabelValues("ok").Inc()
	k.log.Warn().Int("attempts", k.attempts).Dur("down", time.Since(k.down).Round(time.Second)).
		Msg("the embedded JetStream runs again: its streams and consumers are restored, intake resumes")
	k.down, k.attempts, k.lastErr = time.Time{}, 0, nil
	return true
}
