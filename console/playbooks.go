package console

import (
	"errors"
	"net/http"
	"time"

	"github.com/breachd/breachd/playbooks"
)

// playbooksPage lists the playbooks in force, read only, with the outcome
// of their last load.
type playbooksPage struct {
	base
	// Running says the daemon runs playbooks at all.
	Running   bool
	Playbooks []*playbooks.Playbook
	// Source is where they load from; InForceSince when the set in force
	// loaded.
	Source       string
	InForceSince time.Time
	// LastTried is when a load was last tried; Problems, when that one
	// was refused, every problem it found (the set in force stayed).
	LastTried time.Time
	Problems  []string
}

// playbooksList serves the Playbooks page from Options.Playbooks and
// Options.PlaybooksLoad.
func (c *Console) playbooksList(w http.ResponseWriter, r *http.Request) {
	p := playbooksPage{base: c.base(r, "Playbooks", "playbooks"), Source: c.opts.PlaybooksSource}
	if c.opts.Playbooks != nil {
		if set := c.opts.Playbooks(); set != nil {
			p.Running, p.Playbooks = true, set.Playbooks
		}
	}
	if c.opts.PlaybooksLoad != nil {
		st := c.opts.PlaybooksLoad()
		p.InForceSince, p.LastTried = st.InForceSince, st.At
		var le *playbooks.LoadError
		switch {
		case errors.As(st.Err, &le):
			for _, pr := range le.Problems {
				p.Problems = append(p.Problems, pr.Error())
			}
		case st.Err != nil:
			p.Problems = []string{st.Err.Error()}
		}
	}
	c.render(w, r, http.StatusOK, "playbooks", p)
}
