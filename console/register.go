package console

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
)

// registerRow is one obligation of one register entry, the unit the table
// and the CSV export both list.
type registerRow struct {
	Entry      *obligations.Entry
	Obligation incident.Obligation
	// Ref is the reference of the regime's last submission, if any.
	Ref string
}

// registerFilter narrows the table; an empty field lets every value through.
type registerFilter struct {
	Incident, Regime, Jurisdiction, Status string
	All                                    bool
}

func (f registerFilter) keep(e *obligations.Entry, o *incident.Obligation) bool {
	return (f.Incident == "" || e.Incident == f.Incident) && (f.Regime == "" || o.Regime == f.Regime) &&
		(f.Jurisdiction == "" || o.Jurisdiction == f.Jurisdiction) && (f.Status == "" || string(o.Status) == f.Status)
}

// registerPage is the breach register as a table.
type registerPage struct {
	base
	Filter                           registerFilter
	Rows                             []registerRow
	Entries                          int
	Regimes, Jurisdictions, Statuses []string
}

// register serves the Register page, or with ?format=csv|json the export
// the API's GET /api/v1/register answers with, built by the same function.
// ?all=true adds the regimes that do not apply, with the reason.
func (c *Console) register(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	all, _ := strconv.ParseBool(v.Get("all"))
	format := v.Get("format")
	if format != "" && format != "csv" && format != "json" {
		c.fail(w, r, incident.Invalidf("format %.20q (want csv or json)", format))
		return
	}
	now := c.opts.Now().UTC()
	if format != "" {
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.Header().Set("Content-Disposition", `attachment; filename="breach-register.`+format+`"`)
		if err := obligations.ExportRegister(c.opts.Store, all, now, format, w); err != nil {
			if errors.Is(err, obligations.ErrCutShort) {
				c.opts.Log.Error().Err(err).Msg("register export")
				panic(http.ErrAbortHandler)
			}
			w.Header().Del("Content-Disposition")
			c.fail(w, r, err)
		}
		return
	}
	var reg *obligations.Register
	err := c.opts.Store.View(func(tx *store.Tx) error {
		var err error
		reg, err = obligations.BuildRegister(tx, all, now)
		return err
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p := registerPage{base: c.base(r, "Register", "register"), Entries: len(reg.Entries), Filter: registerFilter{
		Incident: v.Get("incident"), Regime: v.Get("regime"), Jurisdiction: v.Get("jurisdiction"), Status: v.Get("status"), All: all,
	}}
	seen := map[string]bool{}
	add := func(kind, val string, to *[]string) {
		if val != "" && !seen[kind+val] {
			seen[kind+val] = true
			*to = append(*to, val)
		}
	}
	for i := range reg.Entries {
		e := &reg.Entries[i]
		refs := map[string]string{}
		for _, s := range e.Submissions {
			refs[s.Regime] = s.Ref
		}
		for _, o := range e.Obligations {
			add("r", o.Regime, &p.Regimes)
			add("j", o.Jurisdiction, &p.Jurisdictions)
			add("s", string(o.Status), &p.Statuses)
			if p.Filter.keep(e, &o) {
				p.Rows = append(p.Rows, registerRow{Entry: e, Obligation: o, Ref: refs[o.Regime]})
			}
		}
	}
	slices.Sort(p.Regimes)
	slices.Sort(p.Jurisdictions)
	slices.Sort(p.Statuses)
	c.render(w, r, http.StatusOK, "register", p)
}
