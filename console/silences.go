package console

import (
	"net/http"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// silenceRow is one silence with where it stands now.
type silenceRow struct {
	*incident.Silence
	State incident.SilenceState
}

// silencesPage lists the silences, read only: they are made and ended with
// breachctl silence or the API.
type silencesPage struct {
	base
	All  bool
	Rows []silenceRow
}

// silences serves the Silences page: the active and pending silences, or
// with ?all=true the expired ones too, as GET /api/v1/silences reads them.
func (c *Console) silences(w http.ResponseWriter, r *http.Request) {
	p := silencesPage{base: c.base(r, "Silences", "silences"), All: r.URL.Query().Get("all") == "true"}
	err := c.opts.Store.View(func(tx *store.Tx) error {
		var list []*incident.Silence
		var err error
		if p.All {
			list, err = tx.AllSilences()
		} else {
			list, err = tx.Silences(p.Now)
		}
		for _, s := range list {
			p.Rows = append(p.Rows, silenceRow{Silence: s, State: s.State(p.Now)})
		}
		return err
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "silences", p)
}
