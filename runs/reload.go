package runs

import (
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
	if err != nil {
		return nil, err
	}
	e.Swap(set)
	e.log.Info().Int("playbooks", len(set.Playbooks)).Msg("playbooks loaded")
	return set, nil
}
