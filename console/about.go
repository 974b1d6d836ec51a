package console

import (
	"net/http"
	"slices"
)

// kindCount is how many regimes notify one kind of recipient.
type kindCount struct {
	Kind  string
	Count int
}

// aboutPage says what is running: the build, the catalog and what it covers.
type aboutPage struct {
	base
	CatalogVersion string
	Regimes        int
	Jurisdictions  int
	NoDuty         int
	Unverified     int
	Kinds          []kindCount
}

// about serves the About page.
func (c *Console) about(w http.ResponseWriter, r *http.Request) {
	cat := c.opts.Respond.Obligations().Catalog()
	p := aboutPage{base: c.base(r, "About", "about"), CatalogVersion: cat.Version, Regimes: len(cat.Regimes), NoDuty: len(cat.NoDuty)}
	homes := map[string]bool{}
	kinds := map[string]int{}
	for _, rg := range cat.Regimes {
		homes[rg.Jurisdiction] = true
		kinds[rg.RecipientKind]++
		if len(rg.Unverified) > 0 {
			p.Unverified++
		}
	}
	p.Jurisdictions = len(homes)
	for k, n := range kinds {
		p.Kinds = append(p.Kinds, kindCount{Kind: k, Count: n})
	}
	slices.SortFunc(p.Kinds, func(a, b kindCount) int { return b.Count - a.Count })
	c.render(w, r, http.StatusOK, "about", p)
}
