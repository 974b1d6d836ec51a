package console

import (
	"net/http"

	"github.com/breachd/breachd/playbooks"
)

// playbooksPage lists the playbooks in force, read only.
type playbooksPage struct {
	base
	// Running says the daemon runs playbooks at all.
	Running   bool
	Playbooks []*playbooks.Playbook
}

// playbooksList serves the Playbooks page from Options.Playbooks.
func (c *Console) playbooksList(w http.ResponseWriter, r *http.Request) {
	p := playbooksPage{base: c.base(r, "Playbooks", "playbooks")}
	if c.opts.Playbooks != nil {
		if set := c.opts.Playbooks(); set != nil {
			p.Running, p.Playbooks = true, set.Playbooks
		}
	}
	c.render(w, r, http.StatusOK, "playbooks", p)
}
