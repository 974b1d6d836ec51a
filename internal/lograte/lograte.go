// Package lograte keeps one log line that repeats in a storm from flooding
// the log: when every commit fails on a full disk, "commit alert" would be
// written tens of thousands of times a minute, burying everything else and
// filling the disk further. A Limiter lets a burst of lines through, then
// one per interval; the lines it holds back are counted, and the next line
// written says how many (not_logged_before). The counters and metrics of
// the caller still see every occurrence; only the log is thinned.
package lograte

import (
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/time/rate"
)

// SuppressedField is the field of the next line written after some were
// held back: how many were.
const SuppressedField = "not_logged_before"

// Limiter thins one log line (one call site). It is safe for concurrent
// use; the zero value is not usable, call New.
type Limiter struct {
	limit      *rate.Limiter
	suppressed atomic.Int64
}

// New returns a Limiter that lets burst lines through at once and then one
// every interval. A non-positive interval or burst lets every line
// through.
func New(interval time.Duration, burst int) *Limiter {
	if interval <= 0 || burst <= 0 {
		return &Limiter{limit: rate.NewLimiter(rate.Inf, 0)}
	}
	return &Limiter{limit: rate.NewLimiter(rate.Every(interval), burst)}
}

// Allow reports whether a line may be written at now. When it may,
// suppressed is how many were held back since the last one written;
// when it may not, the line is counted as held back.
func (l *Limiter) Allow(now time.Time) (ok bool, suppressed int64) {
	if !l.limit.AllowN(now, 1) {
		l.suppressed.Add(1)
		return false, 0
	}
	return true, l.suppressed.Swap(0)
}

// Event returns ev when a line may be written at now, with SuppressedField
// added when lines were held back, and nil (on which zerolog's methods do
// nothing) when it may not:
//
//	l.Event(now, log.Error()).Err(err).Str("alert_id", id).Msg("commit alert")
func (l *Limiter) Event(now time.Time, ev *zerolog.Event) *zerolog.Event {
	ok, n := l.Allow(now)
	if !ok {
		return ev.Discard()
	}
	if n > 0 {
		ev = ev.Int64(SuppressedField, n)
	}
	return ev
}

// Suppressed is how many lines are held back and not yet reported by a
// line written since.
func (l *Limiter) Suppressed() int64 { return l.suppressed.Load() }
