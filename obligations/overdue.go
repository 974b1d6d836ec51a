package obligations

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Viewer reads the store in one read transaction. *store.Store implements
// it.
type Viewer interface {
	View(fn func(*store.Tx) error) error
}

var overdueDesc = prometheus.NewDesc("breachd_obligations_overdue",
	"Open obligations whose deadline has passed with no submission recorded, across every incident (closed ones too: closing discharges nothing).",
	nil, nil)

// OverdueCollector reports how many open obligations are past their
// deadline. It counts from the stored obligations at each scrape, at the
// daemon's clock, so a submission, a re-evaluation or a deadline passing
// shows at the next scrape with no state of its own to keep right; the
// cost is one read of every incident's obligations (not their timelines)
// per scrape. When the store cannot be read the series is left out rather
// than reported wrong.
type OverdueCollector struct {
	store Viewer
	now   func() time.Time
}

// NewOverdueCollector returns the collector of the obligations in v at now.
func NewOverdueCollector(v Viewer, now func() time.Time) *OverdueCollector {
	return &OverdueCollector{store: v, now: now}
}

// Describe implements prometheus.Collector.
func (c *OverdueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- overdueDesc }

// Collect implements prometheus.Collector.
func (c *OverdueCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.now()
	n := 0
	err := c.store.View(func(tx *store.Tx) error {
		return tx.EachConcerningObligations(func(set *incident.Obligations) error {
			for i := range set.Obligations {
				if PastDue(&set.Obligations[i], now) {
					n++
				}
			}
			return nil
		})
	})
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(overdueDesc, prometheus.GaugeValue, float64(n))
}
