package daemon

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// jetStreamCheckEvery is how often the embedded JetStream's state is
// looked at, to say when it stops.
const jetStreamCheckEvery = 5 * time.Second

// errJetStreamDown is what /readyz says while the embedded JetStream is
// stopped: the server stops it on a write error (a full disk, a file it
// may not write), and only a restart brings it back with its streams.
var errJetStreamDown = errors.New("the embedded JetStream has stopped (a full disk or a write error: see the nats component's log lines); no alert can be taken: free the space or fix the files, then restart breachd")

// jetStreamUp reports whether the embedded JetStream runs (true with an
// external server, whose health its own monitoring tells).
func (d *Daemon) jetStreamUp() bool { return d.ns == nil || d.ns.JetStreamEnabled() }

// jetStreamGauge is breachd_jetstream_up, read at each scrape.
func (d *Daemon) jetStreamGauge() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "breachd_jetstream_up",
		Help: "1 while the embedded JetStream runs (or the server is external), 0 once the server stopped it after a write error (a full disk).",
	}, func() float64 {
		if d.jetStreamUp() {
			return 1
		}
		return 0
	})
}

// watchJetStream logs when the embedded JetStream stops, once.
func (d *Daemon) watchJetStream(ctx context.Context) {
	tick := time.NewTicker(jetStreamCheckEvery)
	defer tick.Stop()
	up := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if now := d.jetStreamUp(); now != up {
				up = now
				if !up {
					d.log.Error().Str("store", d.cfg.DataDir).Msg(errJetStreamDown.Error())
				}
			}
		}
	}
}
