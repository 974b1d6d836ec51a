package daemon

import "time"

// SetClock gives a daemon not started yet the clock its components read,
// so that a test can move time (a reminder due in two days fires now).
func SetClock(d *Daemon, now func() time.Time) { d.now = now }

// StopJetStream stops the embedded JetStream as the server does after a
// write error.
func StopJetStream(d *Daemon) error { return d.ns.ShutdownJetStream() }
