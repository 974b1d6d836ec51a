package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/breachd/breachd/incident"
)

// Silence is a silence as the API shows it: with its state now.
type Silence struct {
	incident.Silence
	State incident.SilenceState `json:"state"`
}

// SilenceRequest is the body of POST /api/v1/silences. Matchers are
// written as "field=value", "field!=value", "field=~regexp" or
// "field!~regexp". The silence starts at StartsAt (RFC 3339; empty means
// now) and ends at EndsAt, or after Duration (such as "2h"): one of the
// two, not both.
type SilenceRequest struct {
	Matchers []string `json:"matchers"`
	StartsAt string   `json:"starts_at,omitempty"`
	EndsAt   string   `json:"ends_at,omitempty"`
	Duration string   `json:"duration,omitempty"`
	// CreatedBy says who; empty is recorded as "api".
	CreatedBy string `json:"created_by,omitempty"`
	// Comment says why; it is required.
	Comment string `json:"comment"`
}

// SilenceList is the body of GET /api/v1/silences.
type SilenceList struct {
	Silences []Silence `json:"silences"`
}

// AddSilence creates a silence and returns it.
func (c *Client) AddSilence(ctx context.Context, req SilenceRequest) (Silence, error) {
	var out Silence
	err := c.call(ctx, http.MethodPost, "/api/v1/silences", nil, req, &out)
	return out, err
}

// Silences lists the silences in state, or all of them when state is
// empty.
func (c *Client) Silences(ctx context.Context, state incident.SilenceState) (SilenceList, error) {
	var q url.Values
	if state != "" {
		q = url.Values{"state": {string(state)}}
	}
	var out SilenceList
	err := c.call(ctx, http.MethodGet, "/api/v1/silences", q, nil, &out)
	return out, err
}

// ExpireSilence ends a silence now and returns it; one that has expired
// already stays as it is.
func (c *Client) ExpireSilence(ctx context.Context, id string) (Silence, error) {
	var out Silence
	err := c.call(ctx, http.MethodPost, "/api/v1/silences/"+url.PathEscape(id)+"/expire", nil, nil, &out)
	return out, err
}
