package obligations_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// BenchmarkEvaluate is one evaluation of every regime of the catalog for a
// multi-jurisdiction breach: the work each facts change costs.
func BenchmarkEvaluate(b *testing.B) {
	c := regulations.Default()
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","role":"controller",
		"jurisdictions":["EU-IE","UK","SG","US","US-CA","US-TX","BR","AU","JP"],"data_subjects":12000,
		"residents_by_state":{"US-CA":700,"US-TX":300},"data_categories":["name","email","financial"],
		"sec_registrant":true,"nis2_entity":"important","significant_incident":true,
		"assessed_notifiable_at":"2026-03-12T10:00:00Z","submitted":{"gdpr_art33_sa":"2026-03-11T10:00:00Z"}}`))
	if err != nil {
		b.Fatal(err)
	}
	now := f.AwareAt.Add(time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		regulations.Evaluate(f, c, now)
	}
}

// BenchmarkEvaluate60 is one evaluation of a breach naming 60
// jurisdictions (every one with personal data, many States with resident
// counts): the evaluation must stay under a millisecond.
func BenchmarkEvaluate60(b *testing.B) {
	c := regulations.Default()
	codes := []string{"EU-IE", "EU-DE", "EU-FR", "UK", "SG", "US", "BR", "AU", "JP", "KR", "IN", "CN", "CA", "CA-QC", "CA-AB",
		"TH", "PH", "ID", "VN", "MY", "NZ", "HK", "TW", "MX", "CO", "CL", "PE", "ZA", "TR", "SA", "AE", "IL", "KE", "NG", "CH", "NO"}
	states := []string{"US-CA", "US-TX", "US-NY", "US-FL", "US-WA", "US-IL", "US-MA", "US-NJ", "US-PA", "US-GA", "US-NC", "US-VA",
		"US-OH", "US-MI", "US-AZ", "US-CO", "US-OR", "US-MN", "US-MD", "US-TN", "US-IN", "US-WI", "US-MO", "US-CT"}
	residents := map[string]int{}
	for i, s := range states {
		residents[s] = 100 + 50*i
	}
	f := &incident.Facts{AwareAt: time.Date(2026, 3, 10, 14, 20, 0, 0, time.UTC), Role: "controller",
		Jurisdictions: append(codes, states...), ResidentsByState: residents, DataCategories: []string{"name", "email", "financial"}}
	if n := len(f.Jurisdictions); n != 60 {
		b.Fatalf("%d jurisdictions", n)
	}
	if err := c.CheckFacts(f); err != nil {
		b.Fatal(err)
	}
	now := f.AwareAt.Add(time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		regulations.Evaluate(f, c, now)
	}
	b.ReportMetric(float64(len(c.Regimes)), "regimes")
}

// BenchmarkPatchFacts is a person's facts change end to end in the store:
// decode and validate the patch, diff, re-evaluate, store the obligations
// and timers, append the events, commit.
func BenchmarkPatchFacts(b *testing.B) {
	s := storetest.Open(b)
	tr, err := obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets())
	if err != nil {
		b.Fatal(err)
	}
	inc := openBreach(b, s, tr)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		patch := fmt.Appendf(nil, `{"data_subjects":%d}`, 1000+i)
		err := s.Update(func(tx *store.Tx) error {
			inc, err := tx.Incident(inc.ID)
			if err != nil {
				return err
			}
			events, err := inc.PatchFacts(patch, "bench", tr.Check, aware.Add(time.Hour))
			if err != nil {
				return err
			}
			more, err := tr.Reevaluate(tx, inc, aware.Add(time.Hour))
			if err != nil {
				return err
			}
			return tx.SaveIncident(inc, append(events, more...))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFireDue is the reminder loop's round over 1,000 incidents whose
// 24-hour reminders are all due: record, enqueue, re-time, per reminder.
func BenchmarkFireDue(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := storetest.Open(b)
		tr, err := obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets())
		if err != nil {
			b.Fatal(err)
		}
		for range 1000 {
			openBreach(b, s, tr)
		}
		now := gdprDue.Add(-23 * time.Hour)
		rem := newReminders(b, s, tr, func() time.Time { return now })
		b.StartTimer()
		for {
			n, err := rem.FireDue(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
	}
}

// BenchmarkExportRegister streams the register of 2,000 breaches (and
// 2,000 incidents without breach facts, which it skips), as CSV and as JSON: the work of an auditor's
// export, per breach (go run ./cmd/breachload register measures a whole
// database).
func BenchmarkExportRegister(b *testing.B) {
	s := storetest.Open(b)
	tr, err := obligations.NewTracker(regulations.Default(), obligations.DefaultOffsets())
	if err != nil {
		b.Fatal(err)
	}
	const n = 2000
	openBreaches(b, s, tr, 2*n)
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := obligations.ExportRegister(s, false, aware, format, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/breach")
		})
	}
}
