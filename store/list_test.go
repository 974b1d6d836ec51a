package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// fixture is a store of n incidents, INC-2026-0001 to n, opened in that
// order. Incident i has severity severity(i) and status status(i).
type fixture struct {
	s        *store.Store
	n        int
	severity func(i int) incident.Severity
	status   func(i int) incident.Status
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	f := &fixture{
		s: storetest.Open(t),
		n: n,
		severity: func(i int) incident.Severity {
			if i%37 == 0 {
				return incident.SeverityCritical // sparse
			}
			return incident.Severities()[i%4]
		},
		status: func(i int) incident.Status {
			switch {
			case i%50 == 0:
				return incident.StatusClosed // sparse
			case i%3 == 0:
				return incident.StatusAcknowledged
			}
			return incident.StatusOpen
		},
	}
	alerts := make([]*incident.Alert, n)
	for i := 1; i <= n; i++ {
		a := alert(fmt.Sprintf("a-%d", i), fmt.Sprintf("host-%d", i), t0)
		a.Severity = f.severity(i)
		alerts[i-1] = a
	}
	outs, _ := triage(t, f.s, t0, alerts...)
	for i, out := range outs {
		require.Equal(t, incident.FormatID(2026, uint64(i+1)), out.Incident)
	}
	require.NoError(t, f.s.Update(func(tx *store.Tx) error {
		for i := 1; i <= n; i++ {
			var events []incident.Event
			inc, err := tx.Incident(incident.FormatID(2026, uint64(i)))
			require.NoError(t, err)
			switch f.status(i) {
			case incident.StatusAcknowledged:
				events, err = inc.Acknowledge("alice", t0)
			case incident.StatusClosed:
				var e1, e2 []incident.Event
				e1, err = inc.SetStatus(incident.StatusResolved, "alice", "", t0)
				require.NoError(t, err)
				e2, err = inc.SetStatus(incident.StatusClosed, "alice", "", t0)
				events = slices.Concat(e1, e2)
			default:
				continue
			}
			require.NoError(t, err)
			if err := tx.SaveIncident(inc, events); err != nil {
				return err
			}
		}
		return nil
	}))
	return f
}

// want lists the incidents matching q, newest first, by number.
func (f *fixture) want(q store.ListQuery) []string {
	var ids []string
	for i := f.n; i >= 1; i-- {
		if (len(q.Statuses) == 0 || slices.Contains(q.Statuses, f.status(i))) &&
			(len(q.Severities) == 0 || slices.Contains(q.Severities, f.severity(i))) {
			ids = append(ids, incident.FormatID(2026, uint64(i)))
		}
	}
	return ids
}

func (f *fixture) page(t *testing.T, q store.ListQuery) store.Page {
	t.Helper()
	return view(t, f.s, func(tx *store.Tx) (store.Page, error) { return tx.ListIncidents(q) })
}

// walk follows the cursor from the first page to the last and returns the
// ids seen and the size of each page.
func (f *fixture) walk(t *testing.T, q store.ListQuery) (ids []string, sizes []int) {
	t.Helper()
	for range f.n + 2 {
		p := f.page(t, q)
		for _, inc := range p.Incidents {
			ids = append(ids, inc.ID)
			require.True(t, (len(q.Statuses) == 0 || slices.Contains(q.Statuses, inc.Status)) &&
				(len(q.Severities) == 0 || slices.Contains(q.Severities, inc.Severity)),
				"%s does not match the filter", inc.ID)
		}
		sizes = append(sizes, len(p.Incidents))
		if p.Next == "" {
			return ids, sizes
		}
		require.LessOrEqual(t, len(p.Incidents), q.Limit)
		require.NotEqual(t, q.Cursor, p.Next, "the cursor does not move")
		q.Cursor = p.Next
	}
	t.Fatalf("the walk did not end after %d pages", f.n+2)
	return nil, nil
}

func TestListIncidentsPages(t *testing.T) {
	f := newFixture(t, 250)
	tests := []struct {
		name  string
		q     store.ListQuery
		sizes []int
	}{
		{"250 incidents come in pages of 100, 100 and 50",
			store.ListQuery{Limit: 100}, []int{100, 100, 50}},
		{"a page as large as the store is the only page",
			store.ListQuery{Limit: 250}, []int{250}},
		{"pages that divide the store exactly end without an empty page",
			store.ListQuery{Limit: 125}, []int{125, 125}},
		{"a page of one walks incident by incident",
			store.ListQuery{Limit: 1}, nil},
		{"a sparse severity filter walks its few matches",
			store.ListQuery{Limit: 2, Severities: []incident.Severity{incident.SeverityCritical}}, []int{2, 2, 2}},
		{"a sparse status filter walks its few matches",
			store.ListQuery{Limit: 3, Statuses: []incident.Status{incident.StatusClosed}}, []int{3, 2}},
		{"a status filter of several statuses matches any of them",
			store.ListQuery{Limit: 100, Statuses: []incident.Status{incident.StatusClosed, incident.StatusAcknowledged}}, nil},
		{"a status and a severity filter must both match",
			store.ListQuery{Limit: 2, Statuses: []incident.Status{incident.StatusAcknowledged}, Severities: []incident.Severity{incident.SeverityCritical}}, nil},
		{"a filter that matches nothing gives one empty page",
			store.ListQuery{Limit: 10, Statuses: []incident.Status{incident.StatusContained}}, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := f.want(tt.q)
			ids, sizes := f.walk(t, tt.q)
			require.Equal(t, want, ids, "every matching incident exactly once, newest first")
			if tt.sizes != nil {
				require.Equal(t, tt.sizes, sizes)
			}
			for _, n := range sizes[:len(sizes)-1] {
				require.Equal(t, tt.q.Limit, n, "only the last page may be short")
			}
		})
	}

	t.Run("the first page holds the newest incidents", func(t *testing.T) {
		p := f.page(t, store.ListQuery{Limit: 3})
		require.Len(t, p.Incidents, 3)
		require.Equal(t, "INC-2026-0250", p.Incidents[0].ID)
		require.Equal(t, "INC-2026-0249", p.Incidents[1].ID)
		require.Equal(t, "INC-2026-0248", p.Incidents[2].ID)
		require.NotEmpty(t, p.Next)
	})
	t.Run("a cursor past the newest incident starts at the newest", func(t *testing.T) {
		p := f.page(t, store.ListQuery{Limit: 2, Cursor: "999999"})
		require.Equal(t, "INC-2026-0250", p.Incidents[0].ID)
	})
	t.Run("the cursor of the oldest incident gives the last page", func(t *testing.T) {
		p := f.page(t, store.ListQuery{Limit: 10, Cursor: "1"})
		require.Len(t, p.Incidents, 1)
		require.Equal(t, "INC-2026-0001", p.Incidents[0].ID)
		require.Empty(t, p.Next)
	})
	t.Run("incidents opened during a walk do not disturb it", func(t *testing.T) {
		q := store.ListQuery{Limit: 100}
		first := f.page(t, q)
		triage(t, f.s, t0.Add(time.Hour), alert("late-1", "host-late", t0.Add(time.Hour)))
		q.Cursor = first.Next
		var ids []string
		for _, inc := range first.Incidents {
			ids = append(ids, inc.ID)
		}
		for q.Cursor != "" {
			p := f.page(t, q)
			for _, inc := range p.Incidents {
				ids = append(ids, inc.ID)
			}
			q.Cursor = p.Next
		}
		require.Equal(t, f.want(store.ListQuery{}), ids)
		require.Equal(t, "INC-2026-0251", f.page(t, store.ListQuery{Limit: 1}).Incidents[0].ID)
	})
}

func TestListIncidentsRefusesBadQueries(t *testing.T) {
	s := storetest.Open(t)
	triage(t, s, t0, alert("a-1", "db-1", t0))
	tests := []struct {
		name string
		q    store.ListQuery
	}{
		{"a zero limit is refused", store.ListQuery{Limit: 0}},
		{"a negative limit is refused", store.ListQuery{Limit: -1}},
		{"a limit over the maximum is refused", store.ListQuery{Limit: store.MaxListLimit + 1}},
		{"a cursor that is not a number is refused", store.ListQuery{Limit: 10, Cursor: "INC-2026-0001"}},
		{"a zero cursor is refused", store.ListQuery{Limit: 10, Cursor: "0"}},
		{"a negative cursor is refused", store.ListQuery{Limit: 10, Cursor: "-3"}},
		{"a signed cursor is refused", store.ListQuery{Limit: 10, Cursor: "+3"}},
		{"a fractional cursor is refused", store.ListQuery{Limit: 10, Cursor: "1.5"}},
		{"a cursor with spaces is refused", store.ListQuery{Limit: 10, Cursor: " 1"}},
		{"a cursor past uint64 is refused", store.ListQuery{Limit: 10, Cursor: "18446744073709551616"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.View(func(tx *store.Tx) error {
				_, err := tx.ListIncidents(tt.q)
				return err
			})
			require.ErrorIs(t, err, incident.ErrInvalid)
		})
	}
	t.Run("the largest limit is accepted", func(t *testing.T) {
		p := view(t, s, func(tx *store.Tx) (store.Page, error) {
			return tx.ListIncidents(store.ListQuery{Limit: store.MaxListLimit})
		})
		require.Len(t, p.Incidents, 1)
	})
	t.Run("ParseCursor reads back the cursors the list hands out", func(t *testing.T) {
		n, err := store.ParseCursor(strconv.FormatUint(42, 10))
		require.NoError(t, err)
		require.Equal(t, uint64(42), n)
		n, err = store.ParseCursor("")
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestListIncidentsOfAnEmptyStore(t *testing.T) {
	s := storetest.Open(t)
	for _, cursor := range []string{"", "1", "500"} {
		t.Run(fmt.Sprintf("cursor %q gives an empty last page", cursor), func(t *testing.T) {
			p := view(t, s, func(tx *store.Tx) (store.Page, error) {
				return tx.ListIncidents(store.ListQuery{Limit: 10, Cursor: cursor})
			})
			require.Empty(t, p.Incidents)
			require.Empty(t, p.Next)
		})
	}
}
