// Package clocktest is the one settable clock of breachd's tests. Packages
// take their clock as a func() time.Time; a test passes Clock.Now and moves
// time with Advance or Set, from any goroutine.
package clocktest

import (
	"sync"
	"time"
)

// Clock is a clock that only moves when told to. It is safe for concurrent
// use: the code under test may read it from its own goroutines while the
// test advances it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a Clock that reads t until moved.
func New(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's current time. Its method value (c.Now) is the
// func() time.Time the packages take.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward if d is negative) and
// returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
