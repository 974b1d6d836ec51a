package signin

import (
	"sync"
	"time"
)

// limiter counts failures per key in a sliding window, so that password
// guessing slows to a few tries a minute per remote address and per name.
type limiter struct {
	max    int
	window time.Duration

	mu   sync.Mutex
	hits map[string][]time.Time
}

// sweepAt is the number of keys past which expired ones are dropped, so
// that a stream of new names cannot grow the map without end.
const sweepAt = 4096

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, hits: make(map[string][]time.Time)}
}

// take reports whether an attempt may go ahead for all of keys, and if so
// counts it as a failure until forgive says otherwise. Counting before
// the password is checked keeps parallel guesses within the limit.
func (l *limiter) take(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k, now)) >= l.max {
			return false
		}
	}
	l.fail(now, keys...)
	return true
}

// forgive takes back the attempt take counted at now, once it succeeded.
func (l *limiter) forgive(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		h := l.hits[k]
		for i := len(h) - 1; i >= 0; i-- {
			if h[i].Equal(now) {
				l.hits[k] = append(h[:i:i], h[i+1:]...)
				break
			}
		}
		if len(l.hits[k]) == 0 {
			delete(l.hits, k)
		}
	}
}

// fail records a failure for each of keys at now. The caller holds mu.
func (l *limiter) fail(now time.Time, keys ...string) {
	if len(l.hits) >= sweepAt {
		for k := range l.hits {
			if len(l.recent(k, now)) == 0 {
				delete(l.hits, k)
			}
		}
	}
	for _, k := range keys {
		h := l.recent(k, now)
		// Only the last max failures matter to blocked.
		if len(h) >= l.max {
			h = h[len(h)-l.max+1:]
		}
		l.hits[k] = append(h, now)
	}
}

// recent returns k's failures within the window, dropping older ones.
// The caller holds mu.
func (l *limiter) recent(k string, now time.Time) []time.Time {
	h := l.hits[k]
	i := 0
	for i < len(h) && now.Sub(h[i]) >= l.window {
		i++
	}
	if i == len(h) {
		delete(l.hits, k)
		return nil
	}
	h = h[i:]
	l.hits[k] = h
	return h
}
