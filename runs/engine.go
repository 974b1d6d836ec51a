// Package runs executes playbooks: it starts a run when a playbook matches
// an alert, in the transaction that triages the alert, and carries each
// run forward from durable state. What a run does is decided by the run
// state machine (playbooks.Machine); this package loads the run, feeds the
// machine its input — a start, a decision, a timer, a step's outcome — and
// carries out the effects it returns in the same transaction (apply.go):
// actions and messages into the outbox (sent at least once, with the
// step's idempotency key, by Actions and Notices, which only send), waits
// and approvals onto durable timers. Every transition is recorded on the
// incident's timeline in the transaction that makes it, through
// respond's commit path, so a crash or restart neither loses nor repeats
// a completed step.
package runs

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// Outbox kinds of the side effects of steps.
const (
	ActionKind = "action"
	NotifyKind = "playbook_notify"
)

// MaxRunsPerIncident bounds the runs of one incident: a playbook that runs
// per alert must not turn an alert storm into a run storm.
const MaxRunsPerIncident = 100

// Options configure the engine.
type Options struct {
	// Playbooks is the set to start with.
	Playbooks *playbooks.Set
	// Obligations re-evaluates an incident's obligations after a facts
	// step; nil leaves them.
	Obligations *obligations.Tracker
	// Now is the clock.
	Now func() time.Time
	// Respond commits what the engine does outside the ingest
	// transaction — a timer firing, an action's outcome — as every other
	// change to an incident is committed, with the hooks after it.
	Respond Committer
	// Wake, when set, is called after the ingest transaction that started
	// runs has committed, so that their first entries leave at once
	// rather than at the next round.
	Wake func()
}

// Committer commits a change to one incident: respond.Service.
type Committer interface {
	Change(ctx context.Context, id, actor string, fn respond.ChangeFunc) (*incident.Incident, error)
}

// Engine starts and advances playbook runs. It is safe for concurrent use;
// the playbook set is swapped whole by Reload.
type Engine struct {
	store *store.Store
	opts  Options
	log   zerolog.Logger
	set   atomic.Pointer[playbooks.Set]
	// loads is the outcome of the last load (see LastLoad).
	loads atomic.Pointer[LoadStatus]
}

// New returns an engine over s.
func New(s *store.Store, opts Options, log zerolog.Logger) (*Engine, error) {
	if opts.Playbooks == nil || opts.Now == nil || opts.Respond == nil {
		return nil, errors.New("runs: a playbook set, a clock and the commit path are required")
	}
	e := &Engine{store: s, opts: opts, log: log}
	e.set.Store(opts.Playbooks)
	now := opts.Now()
	e.loads.Store(&LoadStatus{At: now, InForceSince: now})
	return e, nil
}

// Playbooks is the set in force.
func (e *Engine) Playbooks() *playbooks.Set { return e.set.Load() }

// Swap puts set in force: runs started from now on use it, and running
// runs take their next steps from it.
func (e *Engine) Swap(set *playbooks.Set) { e.set.Store(set) }

// wakeAfterCommit wakes the outbox once tx, the caller's transaction,
// which issued entries, has committed: a worker woken before would not
// see them.
func (e *Engine) wakeAfterCommit(tx *store.Tx) {
	if e.opts.Wake != nil {
		tx.OnCommit(e.opts.Wake)
	}
}
