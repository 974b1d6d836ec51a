package lograte_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/lograte"
)

var t0 = time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)

// A storm of one error line, as a full disk makes every commit fail: 32,000
// in a minute become the burst and one a second, and each line after a gap
// says how many were held back.
func TestAStormOfOneLineIsThinnedAndTheGapCounted(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	l := lograte.New(time.Second, 10)
	err := errors.New("write breachd.db: no space left on device")
	const storm = 32000
	for i := range storm {
		now := t0.Add(time.Duration(i) * time.Minute / storm)
		l.Event(now, log.Error()).Err(err).Str("alert_id", "a-1").Msg("commit alert")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.InDelta(t, 10+60, len(lines), 2, "the burst, then about one a second")
	for _, line := range lines[:10] {
		require.NotContains(t, line, lograte.SuppressedField, "the burst is written as it comes")
	}
	require.Contains(t, lines[10], `"`+lograte.SuppressedField+`":`)
	require.Contains(t, lines[10], `"message":"commit alert"`)
	require.Contains(t, lines[10], "no space left on device")

	var held int64
	for _, line := range lines[10:] {
		var fields struct {
			Held int64 `json:"not_logged_before"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &fields))
		require.Positive(t, fields.Held, line)
		held += fields.Held
	}
	require.Equal(t, int64(storm), int64(len(lines))+held+l.Suppressed(), "every line is written or counted")
}

func TestAQuietLineIsNeverHeldBack(t *testing.T) {
	l := lograte.New(time.Second, 1)
	for i := range 100 {
		ok, n := l.Allow(t0.Add(time.Duration(i) * time.Second))
		require.True(t, ok)
		require.Zero(t, n)
	}
}

func TestAHeldBackLineWritesNothing(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	l := lograte.New(time.Hour, 1)
	l.Event(t0, log.Error()).Msg("first")
	l.Event(t0, log.Error()).Str("k", "v").Msg("second")
	require.Equal(t, 1, strings.Count(buf.String(), "\n"))
	require.NotContains(t, buf.String(), "second")
	require.Equal(t, int64(1), l.Suppressed())
	l.Event(t0.Add(time.Hour), log.Error()).Msg("third")
	require.Contains(t, buf.String(), `"`+lograte.SuppressedField+`":1,"message":"third"`)
	require.Zero(t, l.Suppressed())
}

func TestNoLimitLetsEveryLineThrough(t *testing.T) {
	for _, l := range []*lograte.Limiter{lograte.New(0, 10), lograte.New(time.Second, 0)} {
		for range 1000 {
			ok, _ := l.Allow(t0)
			require.True(t, ok)
		}
	}
}

func TestALimiterIsSafeForConcurrentUse(t *testing.T) {
	l := lograte.New(time.Second, 5)
	var written sync.WaitGroup
	var mu sync.Mutex
	var ok, reported int64
	for range 8 {
		written.Go(func() {
			for range 1000 {
				if allowed, n := l.Allow(t0); allowed {
					mu.Lock()
					ok++
					reported += n
					mu.Unlock()
				}
			}
		})
	}
	written.Wait()
	require.Equal(t, int64(5), ok)
	require.Equal(t, int64(8000), ok+reported+l.Suppressed())
}
