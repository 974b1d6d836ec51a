package runs

import (
	"time"

	"github.com/breachd/breachd/playbooks"
)

// Loader loads a playbook set: from a directory, or the embedded examples.
type Loader func() (*playbooks.Set, error)

// Load returns the loader of dir, or of the embedded examples when dir is
// empty, against reg.
func Load(dir string, reg *playbooks.Registry) Loader {
	return func() (*playbooks.Set, error) {
		if dir == "" {
			return playbooks.LoadFS(playbooks.Examples(), "playbooks/examples", reg)
		}
		return playbooks.LoadDir(dir, reg)
	}
}

// Reload loads the set again with load and puts it in force. An invalid
// set is refused whole (the error is a *playbooks.LoadError listing every
// problem) and the set in force stays.
func (e *Engine) Reload(load Loader) (*playbooks.Set, error) {
	set, err := load()
	now := e.opts.Now()
	if err != nil {
		e.loads.Store(&LoadStatus{At: now, Err: err, InForceSince: e.LastLoad().InForceSince})
		return nil, err
	}
	e.loads.Store(&LoadStatus{At: now, InForceSince: now})
	e.Swap(set)
	e.log.Info().Int("playbooks", len(set.Playbooks)).Msg("playbooks loaded")
	return set, nil
}

// LoadStatus is the outcome of the last load of the playbooks: at start,
// or a reload (SIGHUP, POST /api/v1/playbooks/reload).
type LoadStatus struct {
	// At is when it was tried.
	At time.Time
	// Err is why the set was refused (a *playbooks.LoadError listing
	// every problem); nil when it loaded.
	Err error
	// InForceSince is when the set in force was loaded.
	InForceSince time.Time
}

// LastLoad is the outcome of the last load.
func (e *Engine) LastLoad() LoadStatus { return *e.loads.Load() }
