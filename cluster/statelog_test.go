package cluster_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/cluster"
)

func openLog(t *testing.T, n node) *cluster.StateLog {
	t.Helper()
	l, err := cluster.OpenStateLog(t.Context(), n.js, cluster.StateLogOptions{Replicas: 3})
	require.NoError(t, err)
	return l
}

// appendRecords appends count records named rec-<seq> and returns the
// last sequence.
func appendRecords(t *testing.T, l *cluster.StateLog, last uint64, count int) uint64 {
	t.Helper()
	for range count {
		seq, err := l.Append(t.Context(), last, fmt.Appendf(nil, "rec-%d", last+1))
		require.NoError(t, err)
		require.Equal(t, last+1, seq)
		last = seq
	}
	return last
}

// errEnough stops a Read once it has what the test wants.
var errEnough = errors.New("enough")

// readUntil reads from from on until it has seen the record of seq until,
// and returns what it read.
func readUntil(t *testing.T, l *cluster.StateLog, from, until uint64) []string {
	t.Helper()
	var got []string
	err := l.Read(t.Context(), from, func(seq uint64, data []byte, at time.Time) error {
		require.False(t, at.IsZero())
		got = append(got, fmt.Sprintf("%d:%s", seq, data))
		if seq == until {
			return errEnough
		}
		return nil
	})
	require.ErrorIs(t, err, errEnough)
	return got
}

// want is what readUntil returns for records from..until.
func want(from, until uint64) []string {
	var out []string
	for seq := from; seq <= until; seq++ {
		out = append(out, fmt.Sprintf("%d:rec-%d", seq, seq))
	}
	return out
}

// Two leaders append on the same last sequence, as a deposed one and its
// successor would: the stream takes exactly one record, and the other
// writer is told it is fenced off.
func TestOfTwoWritersOnOneSequenceExactlyOneAppends(t *testing.T) {
	_, nodes := threeServers(t)
	logs := []*cluster.StateLog{openLog(t, nodes[0]), openLog(t, nodes[1])}
	last := appendRecords(t, logs[0], 0, 3)
	for round := range 5 {
		errs := make([]error, len(logs))
		var wg sync.WaitGroup
		for i, l := range logs {
			wg.Go(func() { _, errs[i] = l.Append(t.Context(), last, fmt.Appendf(nil, "writer %d round %d", i, round)) })
		}
		wg.Wait()
		var ok int
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			require.ErrorIs(t, err, cluster.ErrFenced)
		}
		require.Equal(t, 1, ok, "round %d: %v", round, errs)
		last++
		got, err := logs[1].LastSeq(t.Context())
		require.NoError(t, err)
		require.Equal(t, last, got)
	}
	// A writer that never saw the log move is fenced too.
	_, err := logs[0].Append(t.Context(), 1, []byte("late"))
	require.ErrorIs(t, err, cluster.ErrFenced)
}

// A standby replays the log in order from where it stands, then keeps
// receiving records as they are appended.
func TestAReplayReadsEveryRecordInOrder(t *testing.T) {
	_, nodes := threeServers(t)
	leader, standby := openLog(t, nodes[0]), openLog(t, nodes[1])
	last := appendRecords(t, leader, 0, 300)
	require.Equal(t, want(1, 300), readUntil(t, standby, 1, 300))
	require.Equal(t, want(120, 300), readUntil(t, standby, 120, 300))

	// Following the head: records appended while it reads arrive.
	got := make(chan string, 100)
	done := make(chan error, 1)
	go func() {
		done <- standby.Read(t.Context(), last+1, func(seq uint64, data []byte, _ time.Time) error {
			got <- fmt.Sprintf("%d:%s", seq, data)
			if seq == last+50 {
				return errEnough
			}
			return nil
		})
	}()
	appendRecords(t, leader, last, 50)
	require.ErrorIs(t, <-done, errEnough)
	close(got)
	var tail []string
	for r := range got {
		tail = append(tail, r)
	}
	require.Equal(t, want(last+1, last+50), tail)
}

// Records a snapshot holds are trimmed: reading from before the trim says
// so (the reader must restore the snapshot), reading from it works, and
// appends go on from the same last sequence.
func TestATrimmedLogSendsReadersToTheSnapshot(t *testing.T) {
	_, nodes := threeServers(t)
	l := openLog(t, nodes[0])
	last := appendRecords(t, l, 0, 30)
	require.NoError(t, l.TrimBefore(t.Context(), 20))
	first, err := l.FirstSeq(t.Context())
	require.NoError(t, err)
	require.EqualValues(t, 20, first)
	err = l.Read(t.Context(), 5, func(uint64, []byte, time.Time) error { return nil })
	require.ErrorIs(t, err, cluster.ErrTrimmed)
	require.Equal(t, want(20, 30), readUntil(t, l, 20, 30))
	appendRecords(t, l, last, 1)
}

// With three replicas the log outlives the loss of one server, even the
// one leading its stream: appends go on once the other two have elected a
// new stream leader, and every record is still read in order.
func TestTheLogSurvivesTheLossOfOneServer(t *testing.T) {
	servers, nodes := threeServers(t)
	leader := openLog(t, nodes[0])
	last := appendRecords(t, leader, 0, 20)

	info, err := nodes[1].js.Stream(t.Context(), cluster.StateStream)
	require.NoError(t, err)
	streamLeader := info.CachedInfo().Cluster.Leader
	var lost, kept int
	for i, s := range servers {
		if s.Name() == streamLeader {
			lost = i
		}
	}
	kept = (lost + 1) % len(servers)
	// A standby on the server about to go reads on through its loss.
	followed := make(chan string, 100)
	following := make(chan error, 1)
	go func() {
		following <- openLog(t, nodes[lost]).Read(t.Context(), 1, func(seq uint64, data []byte, _ time.Time) error {
			followed <- fmt.Sprintf("%d:%s", seq, data)
			if seq == 30 {
				return errEnough
			}
			return nil
		})
	}()
	for range 20 {
		<-followed
	}
	servers[lost].Shutdown()
	servers[lost].WaitForShutdown()

	// Appends fail until the stream has a new leader. A failed one may
	// still have been stored (its answer lost): the last sequence says.
	w := openLogEventually(t, nodes[kept])
	require.Eventually(t, func() bool {
		seq, err := w.Append(t.Context(), last, fmt.Appendf(nil, "rec-%d", last+1))
		if err == nil {
			last = seq
			return true
		}
		if now, err := w.LastSeq(t.Context()); err == nil && now == last+1 {
			last = now
			return true
		}
		return false
	}, 30*time.Second, 50*time.Millisecond)
	last = appendRecords(t, w, last, 9)
	require.EqualValues(t, 30, last)
	require.Equal(t, want(1, 30), readUntil(t, openLogEventually(t, nodes[lost]), 1, 30))
	select {
	case err := <-following:
		require.ErrorIs(t, err, errEnough)
	case <-time.After(30 * time.Second):
		t.Fatal("the standby reading through the loss of its server got no further")
	}
	close(followed)
	var tail []string
	for r := range followed {
		tail = append(tail, r)
	}
	require.Equal(t, want(21, 30), tail)
}

// openLogEventually opens the log once the cluster answers again.
func openLogEventually(t *testing.T, n node) *cluster.StateLog {
	t.Helper()
	var l *cluster.StateLog
	require.Eventually(t, func() bool {
		var err error
		l, err = cluster.OpenStateLog(t.Context(), n.js, cluster.StateLogOptions{Replicas: 3})
		return err == nil
	}, 30*time.Second, 50*time.Millisecond)
	return l
}
