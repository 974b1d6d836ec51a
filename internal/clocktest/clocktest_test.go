package clocktest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/clocktest"
)

var t0 = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

func TestTheClockMovesOnlyWhenTold(t *testing.T) {
	c := clocktest.New(t0)
	require.Equal(t, t0, c.Now())
	require.Equal(t, t0, c.Now(), "reading does not move it")
	require.Equal(t, t0.Add(time.Hour), c.Advance(time.Hour))
	require.Equal(t, t0.Add(time.Hour), c.Now())
	c.Set(t0.Add(-time.Minute))
	require.Equal(t, t0.Add(-time.Minute), c.Now(), "Set may move it back")
}

func TestTheClockIsSafeToReadWhileItMoves(t *testing.T) {
	c := clocktest.New(t0)
	now := c.Now // the form the packages take
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				_ = now()
			}
		})
	}
	for range 100 {
		c.Advance(time.Second)
	}
	wg.Wait()
	require.Equal(t, t0.Add(100*time.Second), c.Now())
}
