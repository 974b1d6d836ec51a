package client

import (
	"context"
	"net/http"
	"net/url"
)

// Regime is a regime of the regulation catalog as the people who maintain the catalog read it:
// who owes what to whom, when, on which conditions, from which sources, and
// whether it was checked against the law's own text. It is what
// `breachctl regimes` prints and GET /api/v1/regimes answers
// (regulations.Regime.Describe makes it).
type Regime struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Jurisdiction  string   `json:"jurisdiction"`
	Obliged       string   `json:"obliged"`
	Trigger       string   `json:"trigger"`
	Recipient     string   `json:"recipient"`
	RecipientKind string   `json:"recipient_kind"`
	Basis         string   `json:"basis"`
	EffectiveFrom string   `json:"effective_from"`
	EffectiveTo   string   `json:"effective_until,omitempty"`
	Period        string   `json:"period"`
	Due           string   `json:"due"`
	Applies       []Rule   `json:"applies"`
	Thresholds    []string `json:"thresholds"`
	Exemptions    []Rule   `json:"exemptions"`
	Content       []string `json:"content"`
	Sources       []string `json:"sources"`
	// Verified is false for a regime read in secondary sources only.
	Verified   bool     `json:"verified"`
	Unverified []string `json:"unverified"`
	Notes      []string `json:"notes"`
}

// Rule is one condition of a regime in words: when it holds, and what
// follows when it does not (an applies check) or when it does (an
// exemption).
type Rule struct {
	When string `json:"when"`
	Then string `json:"then"`
}

// RegimeList is the body of GET /api/v1/regimes: the catalog's regimes in
// words (Regime), in catalog order.
type RegimeList struct {
	CatalogVersion string   `json:"catalog_version"`
	Regimes        []Regime `json:"regimes"`
}

// RegimeDetail is the body of GET /api/v1/regimes/{id}: one regime in
// words, with the catalog's version beside it.
type RegimeDetail struct {
	CatalogVersion string `json:"catalog_version"`
	Regime
}

// Regimes fetches the daemon's catalog in words; a jurisdiction code keeps
// the regimes of that jurisdiction or whose conditions name it.
func (c *Client) Regimes(ctx context.Context, jurisdiction string) (*RegimeList, error) {
	var q url.Values
	if jurisdiction != "" {
		q = url.Values{"jurisdiction": {jurisdiction}}
	}
	var list RegimeList
	if err := c.call(ctx, http.MethodGet, "/api/v1/regimes", q, nil, &list); err != nil {
		return nil, err
	}
	return &list, nil
}

// Regime fetches one regime in words.
func (c *Client) Regime(ctx context.Context, id string) (*RegimeDetail, error) {
	var d RegimeDetail
	if err := c.call(ctx, http.MethodGet, "/api/v1/regimes/"+url.PathEscape(id), nil, nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}
