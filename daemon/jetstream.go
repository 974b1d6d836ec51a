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

// jetStreamKeeper keeps the embedded JetStream taking alerts. On a write
// error (a full disk, a file it may not write) the server either stops
// JetStream, or keeps it running with the stream that failed refusing
// every later write; it never recovers from either by itself. The keeper
// notices both (the second from the server's own "critical write error"
// log line) and restarts JetStream with the limits and store it started
// with, so its streams and consumers come back from their files, clean,
// once the cause is gone (the space freed). Until then readiness says why.
type jetStreamKeeper struct {
	ns  *server.Server
	cfg server.JetStreamConfig // as the server first started it; StoreDir its parent, as EnableJetStream wants it
	log zerolog.Logger
	// writeErrs carries the server's critical write errors (natsLogger).
	writeErrs <-chan string

	restarts *prometheus.CounterVec

	mu       sync.Mutex
	down     time.Time // when it was found stopped or failing; zero while it works
	cause    string    // why, as readiness says it
	failing  bool      // JetStream runs, but a stream refuses writes
	attempts int       // restarts tried since
	lastErr  error     // of the last one
}

// newJetStreamKeeper watches ns's JetStream, which must be running;
// writeErrs are the server's critical write errors.
func newJetStreamKeeper(ns *server.Server, writeErrs <-chan string, log zerolog.Logger) (*jetStreamKeeper, error) {
	cfg := ns.JetStreamConfig()
	if cfg == nil {
		return nil, errors.New("the embedded NATS server started without JetStream")
	}
	k := &jetStreamKeeper{ns: ns, cfg: *cfg, log: log, writeErrs: writeErrs}
	// The server keeps its files under StoreDir/jetstream and adds the
	// last element itself.
	k.cfg.StoreDir = filepath.Dir(cfg.StoreDir)
	k.restarts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "breachd_jetstream_restarts_total",
		Help: "Restarts of the embedded JetStream after a write error (a full disk) stopped it or left a stream refusing writes, by outcome: ok or failed.",
	}, []string{"outcome"})
	for _, o := range []string{"ok", "failed"} {
		k.restarts.WithLabelValues(o)
	}
	return k, nil
}

// up reports whether JetStream runs.
func (k *jetStreamKeeper) up() bool { return k.ns.JetStreamEnabled() }

// working reports whether JetStream runs and no stream refuses writes.
func (k *jetStreamKeeper) working() bool {
	k.mu.Lock()
	failing := k.failing
	k.mu.Unlock()
	return !failing && k.up()
}

// ready is nil while JetStream works, else what /readyz says: what is
// wrong, since when, and why the last restart failed.
func (k *jetStreamKeeper) ready() error {
	if k.working() {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	msg := "the embedded JetStream has stopped (a full disk or a write error: see the nats component's log lines)"
	if k.failing {
		msg = "the embedded JetStream can no longer write (" + k.cause + ")"
	}
	msg += "; no alert can be taken until it is restarted"
	if !k.down.IsZero() {
		msg += fmt.Sprintf("; since %s", k.down.UTC().Format(time.RFC3339))
	}
	if k.lastErr != nil {
		msg += fmt.Sprintf("; breachd keeps restarting it (attempt %d: %v): free the space or fix the files under %s", k.attempts, k.lastErr, k.cfg.StoreDir)
	} else {
		msg += "; breachd is restarting it"
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

// run watches JetStream until ctx ends: when it stops or a stream can no
// longer write, says so once, then restarts it with back-off, logging each
// failed attempt with its reason and the success with how long it was
// down, after which it calls started (the intake consumes afresh).
func (k *jetStreamKeeper) run(ctx context.Context, started func()) {
	check := time.NewTicker(jetStreamCheckEvery)
	defer check.Stop()
	// The back-off is kept across a restart that does not last (the disk
	// still full: the first write fails again), so a flapping server is
	// tried ever less often; a minute working resets it.
	retry := jetStreamFirstRetry
	var next, startedAt time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-k.writeErrs:
			if now := time.Now(); k.broken(now, msg, retry) {
				next = now.Add(retry)
			}
		case now := <-check.C:
			if k.working() {
				k.recovered()
				if !startedAt.IsZero() && now.Sub(startedAt) >= jetStreamMaxRetry {
					retry, startedAt = jetStreamFirstRetry, time.Time{}
				}
				continue
			}
			if k.broken(now, "", retry) {
				next = now.Add(retry)
				continue
			}
			if now.Before(next) {
				continue
			}
			if k.restart() {
				startedAt = now
				started()
			}
			retry = min(2*retry, jetStreamMaxRetry)
			next = now.Add(retry)
		}
	}
}

// broken notes at now that JetStream stopped, or, with a write error
// writeErr, that a stream can no longer write, and says so when it is
// news (reporting whether it was).
func (k *jetStreamKeeper) broken(now time.Time, writeErr string, retry time.Duration) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if writeErr != "" {
		k.failing = true
		if k.cause == "" {
			k.cause = writeErr
		}
	}
	if !k.down.IsZero() {
		return false
	}
	k.down, k.attempts, k.lastErr = now, 0, nil
	if k.failing {
		k.log.Error().Str("store", k.cfg.StoreDir).Str("error", writeErr).Dur("retry_in", retry).
			Msg("the embedded JetStream can no longer write (a full disk or a write error); no alert can be taken until it is restarted: restarting it")
	} else {
		k.log.Error().Str("store", k.cfg.StoreDir).Dur("retry_in", retry).
			Msg("the embedded JetStream has stopped (a full disk or a write error: see the nats component's log lines); no alert can be taken until it is restarted: restarting it")
	}
	return true
}

// recovered clears the record of a failure once JetStream works again.
func (k *jetStreamKeeper) recovered() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.down, k.cause, k.failing, k.attempts, k.lastErr = time.Time{}, "", false, 0, nil
}

// restart stops JetStream if it runs and starts it with the first
// configuration; the server restores the streams and consumers from their
// files, without the write errors their last incarnation kept.
func (k *jetStreamKeeper) restart() bool {
	var err error
	if k.up() {
		err = k.ns.ShutdownJetStream()
	}
	if err == nil {
		cfg := k.cfg
		err = k.ns.EnableJetStream(&cfg)
	}
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
			Msg("the embedded JetStream cannot be restarted yet")
		return false
	}
	k.restarts.WithLabelValues("ok").Inc()
	k.log.Warn().Int("attempts", k.attempts).Dur("down", time.Since(k.down).Round(time.Second)).
		Msg("the embedded JetStream runs again: its streams and consumers are restored, intake resumes")
	k.down, k.cause, k.failing, k.attempts, k.lastErr = time.Time{}, "", false, 0, nil
	return true
}
