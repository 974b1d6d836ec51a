package ingest

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breachd/breachd/ingest/formats"
)

// metrics are the ingest counters, registered on the daemon's registry.
type metrics struct {
	received     prometheus.Counter
	deduplicated *prometheus.CounterVec
	correlated   prometheus.Counter
	opened       prometheus.Counter
	rejected     *prometheus.CounterVec
	commitTime   prometheus.Histogram
	batchSize    prometheus.Histogram
	lag          prometheus.Histogram
	published    prometheus.Counter
	failures     prometheus.Counter
	held         prometheus.Gauge
	// decoded counts usable messages by format; byFormat holds its
	// series, indexed by format, so that counting costs no lookup.
	decoded  *prometheus.CounterVec
	byFormat []prometheus.Counter
	// followUpsUnmatched counts follow-ups ("resolved" notices) that found
	// no active incident to be recorded on.
	followUpsUnmatched prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		received: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "breachd_alerts_received_total",
			Help: "Alert messages taken from the stream, good or bad, redeliveries included.",
		}),
		deduplicated: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_alerts_deduplicated_total",
			Help: "Alerts that added no new incident: by fingerprint (folded into an open incident), redelivery (already committed) or repeat (an alert id the incident already took, sent again by its producer).",
		}, []string{"reason"}),
		correlated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "breachd_alerts_correlated_total",
			Help: "Alerts of a new fingerprint attached to an open incident by their correlation key.",
		}),
		opened: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "breachd_incidents_opened_total",
			Help: "Incidents opened by triage.",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_alerts_rejected_total",
			Help: "Alerts refused as bad input, by reason and by the edge that refused them (nats or http).",
		}, []string{"reason", "edge"}),
		commitTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "breachd_commit_seconds",
			Help:    "Time to triage and commit one batch in one store transaction.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "breachd_commit_batch_alerts",
			Help:    "Alerts per committed batch.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 9),
		}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "breachd_publish_to_commit_seconds",
			Help: "From the moment the stream stored an alert to the commit of its effects.",
			Buckets: []float64{0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03,
				0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
		}),
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "breachd_alerts_published_total",
			Help: "Alerts accepted over HTTP and published to the stream.",
		}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "breachd_commit_failures_total",
			Help: "Alerts whose commit failed while others committed (a problem of their own) and were left for redelivery.",
		}),
		held: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "breachd_alerts_held",
			Help: "Alerts held while the store commits nothing (disk full, I/O errors), retried without using their deliveries.",
		}),
		decoded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_alerts_decoded_total",
			Help: "Alert messages decoded and passed to triage, by format (native, ocsf, falco, alertmanager, cloudevents, aws, wazuh).",
		}, []string{"format"}),
		followUpsUnmatched: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "breachd_alerts_followups_unmatched_total",
			Help: "Follow-up alerts (a source saying its alert ended, such as Alertmanager's resolved) with no active incident of their fingerprint to record them on.",
		}),
	}
	m.byFormat = make([]prometheus.Counter, len(formats.Formats())+1)
	for _, f := range formats.Formats() {
		m.byFormat[f] = m.decoded.WithLabelValues(f.String())
	}
	reg.MustRegister(m.decoded, m.followUpsUnmatched)
	reg.MustRegister(m.received, m.deduplicated, m.correlated, m.opened, m.rejected,
		m.commitTime, m.batchSize, m.lag, m.published, m.failures, m.held)
	// Pre-create label values so every series exists from the start.
	for _, r := range []string{"fingerprint", "redelivery", "repeat"} {
		m.deduplicated.WithLabelValues(r)
	}
	for _, r := range append(RejectReasons(), ReasonTooManyAlerts) {
		for _, edge := range []string{"nats", "http"} {
			m.rejected.WithLabelValues(r, edge)
		}
	}
	return m
}

// decodedAs counts one usable message of format f.
func (m *metrics) decodedAs(f formats.Format) {
	if int(f) < len(m.byFormat) && m.byFormat[f] != nil {
		m.byFormat[f].Inc()
	}
}
