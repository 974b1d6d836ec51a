package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

func TestApplyIsReadableBack(t *testing.T) {
	s := storetest.Open(t)
	first := alert("a-1", "db-1", t0)
	outs, c := triage(t, s, t0.Add(time.Minute),
		first,
		alert("a-2", "db-1", t0.Add(time.Second)),
		alert("b-1", "web-1", t0),
	)
	require.Equal(t, []incident.Outcome{
		{Incident: "INC-2026-0001", Opened: true},
		{Incident: "INC-2026-0001", Duplicate: true},
		{Incident: "INC-2026-0002", Opened: true},
	}, outs)
	require.Len(t, c.Incidents, 2)

	t.Run("incidents read back as triage decided them", func(t *testing.T) {
		for _, want := range c.Incidents {
			require.Equal(t, want, getIncident(t, s, want.ID))
		}
	})
	t.Run("timelines read back in order", func(t *testing.T) {
		for _, inc := range c.Incidents {
			var want []incident.Event
			for _, e := range c.Events {
				if e.Incident == inc.ID {
					want = append(want, e)
				}
			}
			got := timeline(t, s, inc.ID)
			require.Equal(t, want, got)
			require.NoError(t, s.View(func(tx *store.Tx) error { return tx.VerifyTimeline(inc.ID) }))
		}
	})
	t.Run("the list holds both incidents, newest first", func(t *testing.T) {
		page := view(t, s, func(tx *store.Tx) (store.Page, error) { return tx.ListIncidents(store.ListQuery{Limit: 10}) })
		require.Equal(t, []*incident.Incident{c.Incidents[1], c.Incidents[0]}, page.Incidents)
		require.Empty(t, page.Next)
	})
	t.Run("the indexes lead back to the incidents", func(t *testing.T) {
		require.NoError(t, s.View(func(tx *store.Tx) error {
			id, err := tx.IncidentByFingerprint(first.EffectiveFingerprint())
			require.NoError(t, err)
			require.Equal(t, "INC-2026-0001", id)
			policy := incident.DefaultPolicy()
			id, err = tx.IncidentByCorrelation(policy.CorrelationKey(first))
			require.NoError(t, err)
			require.Equal(t, "INC-2026-0001", id)
			id, err = tx.IncidentByFingerprint("fp-unknown")
			require.NoError(t, err)
			require.Empty(t, id)
			return nil
		}))
	})
	t.Run("a later batch folds into the stored incident", func(t *testing.T) {
		outs, _ := triage(t, s, t0.Add(time.Hour), alert("a-3", "db-1", t0.Add(time.Hour)))
		require.Equal(t, []incident.Outcome{{Incident: "INC-2026-0001", Duplicate: true}}, outs)
		inc := getIncident(t, s, "INC-2026-0001")
		require.Equal(t, int64(3), inc.AlertCount)
		require.Len(t, timeline(t, s, inc.ID), 4)
	})
	t.Run("an unknown incident reads as nil and its timeline as not found", func(t *testing.T) {
		require.Nil(t, getIncident(t, s, "INC-2026-0404"))
		err := s.View(func(tx *store.Tx) error {
			_, err := tx.Timeline("INC-2026-0404")
			return err
		})
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestApplyRefusesAnIncidentThatIsNotValid(t *testing.T) {
	s := storetest.Open(t)
	err := s.Update(func(tx *store.Tx) error {
		return tx.SaveIncident(&incident.Incident{ID: "INC-2026-0001"}, nil)
	})
	require.ErrorIs(t, err, incident.ErrInvalid)
	require.Nil(t, getIncident(t, s, "INC-2026-0001"))
}

func TestTimelineIsAppendOnly(t *testing.T) {
	const id = "INC-2026-0001"
	// notes returns the incident and two new note events, seq 3 and 4.
	notes := func(t *testing.T, tx *store.Tx) (*incident.Incident, []incident.Event) {
		inc, err := tx.Incident(id)
		require.NoError(t, err)
		a, err := inc.AddNote("first", "alice", t0.Add(time.Hour))
		require.NoError(t, err)
		b, err := inc.AddNote("second", "alice", t0.Add(time.Hour))
		require.NoError(t, err)
		return inc, slices.Concat(a, b)
	}
	tests := []struct {
		name  string
		offer func(t *testing.T, tx *store.Tx) (*incident.Incident, []incident.Event)
		want  string
	}{
		{"an event that skips a sequence number is refused", func(t *testing.T, tx *store.Tx) (*incident.Incident, []incident.Event) {
			inc, events := notes(t, tx)
			return inc, events[1:]
		}, "event 4 offered where 3 comes next"},
		{"an event that rewrites a stored one is refused", func(t *testing.T, tx *store.Tx) (*incident.Incident, []incident.Event) {
			inc, events := notes(t, tx)
			stored, err := tx.Timeline(id)
			require.NoError(t, err)
			forged := stored[1]
			forged.Actor = "mallory"
			forged.Hash = forged.ComputeHash()
			return inc, append([]incident.Event{forged}, events...)
		}, "event 2 offered where 3 comes next"},
		{"an event offered twice is refused", func(t *testing.T, tx *store.Tx) (*incident.Incident, []incident.Event) {
			inc, events := notes(t, tx)
			return inc, []incident.Event{events[0], events[0]}
		}, "event 3 offered where 4 comes next"},
		{"a new incident's timeline must start at its first event", func(t *testing.T, tx *store.Tx) (*incident.Incident, []incident.Event) {
			inc, events := notes(t, tx)
			inc.ID = "INC-2026-0099"
			for i := range events {
				events[i].Incident = inc.ID
			}
			return inc, events
		}, "timeline of INC-2026-0099 is append-only: event 3 offered where 1 comes next"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" and the whole transaction rolls back", func(t *testing.T) {
			s := storetest.Open(t)
			triage(t, s, t0, alert("a-1", "db-1", t0))
			countsBefore := view(t, s, func(tx *store.Tx) (map[incident.Status]int64, error) { return tx.StatusCounts(), nil })

			err := s.Update(func(tx *store.Tx) error {
				// Other effects of the same transaction, which must not survive.
				if err := tx.MarkDelivered("ALERTS-1", 7); err != nil {
					return err
				}
				tr := incident.NewTriage(incident.DefaultPolicy(), tx)
				if _, err := tr.Add(alert("b-1", "web-1", t0), t0); err != nil {
					return err
				}
				if err := tx.Apply(tr.Changes()); err != nil {
					return err
				}
				inc, events := tt.offer(t, tx)
				inc.Status = incident.StatusContained
				return tx.SaveIncident(inc, events)
			})
			require.ErrorIs(t, err, store.ErrCorrupt)
			require.ErrorContains(t, err, "append-only")
			require.ErrorContains(t, err, tt.want)

			inc := getIncident(t, s, id)
			require.Equal(t, uint64(2), inc.TimelineSeq)
			require.Equal(t, incident.StatusOpen, inc.Status)
			require.Len(t, timeline(t, s, id), 2)
			require.Nil(t, getIncident(t, s, "INC-2026-0002"), "the incident opened in the failed transaction is gone")
			require.Nil(t, getIncident(t, s, "INC-2026-0099"))
			require.False(t, view(t, s, func(tx *store.Tx) (bool, error) { return tx.Delivered("ALERTS-1", 7), nil }))
			require.Equal(t, countsBefore, view(t, s, func(tx *store.Tx) (map[incident.Status]int64, error) { return tx.StatusCounts(), nil }))

			// The number reserved by the failed transaction is handed out again.
			outs, _ := triage(t, s, t0, alert("c-1", "web-2", t0))
			require.Equal(t, "INC-2026-0002", outs[0].Incident)
		})
	}
	t.Run("events that continue the timeline are accepted", func(t *testing.T) {
		s := storetest.Open(t)
		triage(t, s, t0, alert("a-1", "db-1", t0))
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			inc, events := notes(t, tx)
			return tx.SaveIncident(inc, events)
		}))
		require.Len(t, timeline(t, s, id), 4)
	})
}

func TestReadOnlyTransactionsRefuseWrites(t *testing.T) {
	s := storetest.Open(t)
	triage(t, s, t0, alert("a-1", "db-1", t0))
	for _, tt := range []struct {
		name string
		fn   func(tx *store.Tx) error
	}{
		{"reserving an incident number", func(tx *store.Tx) error {
			_, err := tx.NextIncidentNumber(2026)
			return err
		}},
		{"saving an incident", func(tx *store.Tx) error {
			inc, err := tx.Incident("INC-2026-0001")
			if err != nil {
				return err
			}
			events, err := inc.AddNote("x", "alice", t0)
			if err != nil {
				return err
			}
			return tx.SaveIncident(inc, events)
		}},
		{"marking a delivery", func(tx *store.Tx) error { return tx.MarkDelivered("S", 1) }},
	} {
		t.Run(tt.name+" fails in a view", func(t *testing.T) {
			require.Error(t, s.View(tt.fn))
		})
	}
}

func TestNextIncidentNumber(t *testing.T) {
	s := storetest.Open(t)
	next := func(year int) uint64 {
		var n uint64
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			var err error
			n, err = tx.NextIncidentNumber(year)
			return err
		}))
		return n
	}
	t.Run("numbers count up per year", func(t *testing.T) {
		require.Equal(t, uint64(1), next(2026))
		require.Equal(t, uint64(2), next(2026))
		require.Equal(t, uint64(1), next(2027))
		require.Equal(t, uint64(3), next(2026))
	})
	t.Run("a rolled-back number is handed out again", func(t *testing.T) {
		errRollback := errors.New("roll back")
		err := s.Update(func(tx *store.Tx) error {
			n, err := tx.NextIncidentNumber(2026)
			require.NoError(t, err)
			require.Equal(t, uint64(4), n)
			return errRollback
		})
		require.ErrorIs(t, err, errRollback)
		require.Equal(t, uint64(4), next(2026))
	})
}

func TestStatusCounts(t *testing.T) {
	s := storetest.Open(t)
	counts := func() map[incident.Status]int64 {
		return view(t, s, func(tx *store.Tx) (map[incident.Status]int64, error) { return tx.StatusCounts(), nil })
	}
	// listed counts each status by listing, to cross-check the counters.
	listed := func(st incident.Status) int64 {
		page := view(t, s, func(tx *store.Tx) (store.Page, error) {
			return tx.ListIncidents(store.ListQuery{Statuses: []incident.Status{st}, Limit: store.MaxListLimit})
		})
		return int64(len(page.Incidents))
	}
	expect := func(t *testing.T, open, ack, contained, resolved, closed int64) {
		t.Helper()
		want := map[incident.Status]int64{
			incident.StatusOpen: open, incident.StatusAcknowledged: ack, incident.StatusContained: contained,
			incident.StatusResolved: resolved, incident.StatusClosed: closed,
		}
		require.Equal(t, want, counts())
		for st, n := range want {
			require.Equal(t, n, listed(st), "listed %s incidents", st)
		}
	}

	t.Run("an empty store counts zero of every status", func(t *testing.T) {
		expect(t, 0, 0, 0, 0, 0)
	})
	t.Run("new incidents count as open", func(t *testing.T) {
		triage(t, s, t0, alert("a-1", "h1", t0), alert("a-2", "h2", t0), alert("a-3", "h3", t0))
		expect(t, 3, 0, 0, 0, 0)
	})
	t.Run("a status change moves one incident between counts", func(t *testing.T) {
		setStatus(t, s, "INC-2026-0001", incident.StatusAcknowledged)
		expect(t, 2, 1, 0, 0, 0)
	})
	t.Run("an alert folded into an incident does not change the counts", func(t *testing.T) {
		triage(t, s, t0.Add(time.Minute), alert("a-4", "h1", t0.Add(time.Minute)))
		expect(t, 2, 1, 0, 0, 0)
	})
	t.Run("a note does not change the counts", func(t *testing.T) {
		change(t, s, "INC-2026-0002", func(inc *incident.Incident) ([]incident.Event, error) {
			return inc.AddNote("looking", "bob", t0)
		})
		expect(t, 2, 1, 0, 0, 0)
	})
	t.Run("several changes to one incident in one transaction count once", func(t *testing.T) {
		change(t, s, "INC-2026-0002", func(inc *incident.Incident) ([]incident.Event, error) {
			return inc.SetStatus(incident.StatusContained, "bob", "", t0)
		})
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			inc, err := tx.Incident("INC-2026-0002")
			require.NoError(t, err)
			events, err := inc.SetStatus(incident.StatusResolved, "bob", "", t0)
			require.NoError(t, err)
			if err := tx.SaveIncident(inc, events); err != nil {
				return err
			}
			events, err = inc.SetStatus(incident.StatusClosed, "bob", "", t0)
			require.NoError(t, err)
			return tx.SaveIncident(inc, events)
		}))
		expect(t, 1, 1, 0, 0, 1)
	})
	t.Run("an incident opened and changed in one transaction counts once", func(t *testing.T) {
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			tr := incident.NewTriage(incident.DefaultPolicy(), tx)
			out, err := tr.Add(alert("b-1", "h9", t0), t0)
			require.NoError(t, err)
			if err := tx.Apply(tr.Changes()); err != nil {
				return err
			}
			inc, err := tx.Incident(out.Incident)
			require.NoError(t, err)
			events, err := inc.SetStatus(incident.StatusResolved, "bob", "", t0)
			require.NoError(t, err)
			return tx.SaveIncident(inc, events)
		}))
		expect(t, 1, 1, 0, 1, 1)
	})
	t.Run("a reopened incident counts as open again", func(t *testing.T) {
		setStatus(t, s, "INC-2026-0004", incident.StatusOpen)
		expect(t, 2, 1, 0, 0, 1)
	})
	t.Run("a rolled-back change leaves the counts alone", func(t *testing.T) {
		errRollback := errors.New("roll back")
		err := s.Update(func(tx *store.Tx) error {
			inc, err := tx.Incident("INC-2026-0003")
			require.NoError(t, err)
			events, err := inc.SetStatus(incident.StatusResolved, "bob", "", t0)
			require.NoError(t, err)
			require.NoError(t, tx.SaveIncident(inc, events))
			return errRollback
		})
		require.ErrorIs(t, err, errRollback)
		expect(t, 2, 1, 0, 0, 1)
	})
}

func TestDeliveries(t *testing.T) {
	s := storetest.Open(t)
	const stream, old = "ALERTS-2", "ALERTS-1"
	delivered := func(stream string, seq uint64) bool {
		return view(t, s, func(tx *store.Tx) (bool, error) { return tx.Delivered(stream, seq), nil })
	}
	prune := func(stream string, floor uint64) uint64 {
		var n uint64
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			var err error
			n, err = tx.PruneDeliveries(stream, floor)
			return err
		}))
		return n
	}

	t.Run("nothing is delivered in a new store", func(t *testing.T) {
		require.False(t, delivered(stream, 1))
	})
	t.Run("a marked delivery is recognised in its own incarnation only", func(t *testing.T) {
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			for _, seq := range []uint64{1, 2, 3, 4, 5, 9, 10} {
				if err := tx.MarkDelivered(stream, seq); err != nil {
					return err
				}
			}
			for _, seq := range []uint64{1, 2, 3} {
				if err := tx.MarkDelivered(old, seq); err != nil {
					return err
				}
			}
			return nil
		}))
		require.True(t, delivered(stream, 1))
		require.True(t, delivered(stream, 10))
		require.False(t, delivered(stream, 6))
		require.False(t, delivered("ALERTS-3", 1))
		require.True(t, delivered(old, 3))
	})
	t.Run("marking twice is harmless", func(t *testing.T) {
		require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.MarkDelivered(stream, 10) }))
		require.True(t, delivered(stream, 10))
	})
	t.Run("pruning compacts the deliveries below the floor and forgets other incarnations", func(t *testing.T) {
		n := prune(stream, 8)
		for _, seq := range []uint64{1, 2, 3, 4, 5, 6, 7, 9, 10} {
			require.True(t, delivered(stream, seq), "seq %d is below the floor or was marked", seq)
		}
		require.False(t, delivered(stream, 11))
		for _, seq := range []uint64{1, 2, 3} {
			require.False(t, delivered(old, seq), "the old incarnation is forgotten")
		}
		require.Equal(t, uint64(1), n, "the old incarnation's one range; the one from 1 is rewritten")
	})
	t.Run("pruning again changes nothing", func(t *testing.T) {
		require.Zero(t, prune(stream, 8))
		require.False(t, delivered(stream, 11))
	})
	t.Run("a floor above every delivery makes every one below it applied", func(t *testing.T) {
		require.Equal(t, uint64(1), prune(stream, 1000), "9-10 merged into the range from 1")
		require.True(t, delivered(stream, 999))
		require.False(t, delivered(stream, 1000))
	})
	t.Run("pruning an incarnation with no deliveries still drops the others", func(t *testing.T) {
		require.NoError(t, s.Update(func(tx *store.Tx) error { return tx.MarkDelivered(stream, 2000) }))
		require.Equal(t, uint64(2), prune("ALERTS-3", 1))
		require.False(t, delivered(stream, 2000))
	})
	t.Run("pruning many deliveries compacts every one below the floor", func(t *testing.T) {
		require.NoError(t, s.Update(func(tx *store.Tx) error {
			for seq := uint64(1); seq <= 5000; seq += 2 {
				if err := tx.MarkDelivered(stream, seq); err != nil {
					return err
				}
			}
			return nil
		}))
		require.Equal(t, uint64(1999), prune(stream, 4001), "the ranges 3, 5, … 3999")
		require.True(t, delivered(stream, 4000), "below the floor: applied")
		require.True(t, delivered(stream, 4001))
		require.False(t, delivered(stream, 4002))
		require.True(t, delivered(stream, 5000-1))
	})
}
