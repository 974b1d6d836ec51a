package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// benchIncidents is how many open incidents the page benchmarks render
// over, each with the GDPR facts (so three open obligations each).
const benchIncidents = 10000

// benchConsole fills a store with benchIncidents open incidents with facts
// and obligations, a thousand to a transaction (the ingest path's shape),
// and returns the console's handler over it.
func benchConsole(b *testing.B) (*console.Console, *respond.Service, []string) {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "breachd.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	clock := func() time.Time { return now }
	rs, err := respond.New(st, respond.Options{Now: clock}, zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	tracker := rs.Obligations()
	at := now.Add(-time.Hour)
	var all []string
	for batch := 0; batch < benchIncidents/1000; batch++ {
		err := st.Update(func(tx *store.Tx) error {
			tr := incident.NewTriage(incident.DefaultPolicy(), tx)
			var ids []string
			for i := range 1000 {
				n := batch*1000 + i
				a := &incident.Alert{ID: fmt.Sprintf("a-%d", n), Source: "bench", Kind: "exfil", Time: at, Severity: incident.SeverityHigh,
					Title: "exfiltration", Asset: incident.Asset{ID: fmt.Sprintf("db-%d", n), Type: "host", Tenant: fmt.Sprintf("t-%d", n%50)}}
				out, err := tr.Add(a, at)
				if err != nil {
					return err
				}
				ids = append(ids, out.Incident)
			}
			if err := tx.Apply(tr.Changes()); err != nil {
				return err
			}
			all = append(all, ids...)
			for _, id := range ids {
				inc, err := tx.LoadIncident(id)
				if err != nil {
					return err
				}
				events, err := inc.PatchFacts([]byte(gdprFacts), "bench", tracker.Check, now)
				if err != nil {
					return err
				}
				more, err := tracker.Reevaluate(tx, inc, now)
				if err != nil {
					return err
				}
				if err := tx.SaveIncident(inc, append(events, more...)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	c, err := console.New(console.Options{Store: st, Respond: rs, Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	return c, rs, all
}

// benchPage renders path over and over and reports the time of one render.
// With change set, one incident's facts change before each render (the
// change itself is not timed), so the index reads it again and sorts anew.
func benchPage(b *testing.B, path string, change bool) {
	c, rs, ids := benchConsole(b)
	h := c.Handler()
	// Warm reads every incident's obligations into the index, as the
	// first visit would; the benchmark measures the visits after it.
	start := time.Now()
	if err := c.Warm(); err != nil {
		b.Fatal(err)
	}
	b.Logf("index built in %v", time.Since(start))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if change {
			b.StopTimer()
			i++
			patch := fmt.Appendf(nil, `{"data_subjects":%d}`, 1000+i)
			if _, err := rs.PatchFacts(context.Background(), ids[i%len(ids)], "bench", patch); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
}

// BenchmarkDeadlinesPage renders the home page over 10,000 open incidents.
func BenchmarkDeadlinesPage(b *testing.B) { benchPage(b, "/", false) }

// BenchmarkDeadlinesPageAfterChange renders the home page over 10,000 open
// incidents, one of which changed since the last visit.
func BenchmarkDeadlinesPageAfterChange(b *testing.B) { benchPage(b, "/", true) }

// BenchmarkIncidentsPage renders the first page of the incident list over
// 10,000 open incidents, each with its next deadline.
func BenchmarkIncidentsPage(b *testing.B) { benchPage(b, "/incidents", false) }

// BenchmarkIncidentsSearch searches the 10,000 incidents by tenant.
func BenchmarkIncidentsSearch(b *testing.B) { benchPage(b, "/incidents?q=t-7", false) }
