package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/breachd/breachd/incident"
)

// FactsResponse is the body of PATCH /api/v1/incidents/{id}/facts: the
// facts now, what changed, and the obligations re-evaluated from them.
type FactsResponse struct {
	Incident    string                `json:"incident"`
	Facts       *incident.Facts       `json:"facts"`
	Changes     []incident.FactChange `json:"changes"`
	Obligations *incident.Obligations `json:"obligations"`
}

// NarrativeResponse is the body of PATCH
// /api/v1/incidents/{id}/narrative: the incident's narrative texts, by
// key, as they now stand.
type NarrativeResponse struct {
	Incident  string            `json:"incident"`
	Narrative map[string]string `json:"narrative"`
}

// Facts fetches an incident's breach facts. An incident without any is
// answered with a 404 that says how to set them.
func (c *Client) Facts(ctx context.Context, id string) (*incident.Facts, error) {
	var f incident.Facts
	if err := c.call(ctx, http.MethodGet, incidentPath(id, "facts"), nil, nil, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// PatchFacts sets the facts of patch, a JSON object of facts where null
// unsets one, as actor (empty: the server's default).
func (c *Client) PatchFacts(ctx context.Context, id, actor string, patch []byte) (FactsResponse, error) {
	var out FactsResponse
	err := c.call(ctx, http.MethodPatch, incidentPath(id, "facts"), actorQuery(actor), patch, &out)
	return out, err
}

// PatchNarrative records narrative texts by key (an empty text unsets the
// key) as actor (empty: the server's default).
func (c *Client) PatchNarrative(ctx context.Context, id, actor string, texts map[string]string) (NarrativeResponse, error) {
	var out NarrativeResponse
	err := c.call(ctx, http.MethodPatch, incidentPath(id, "narrative"), actorQuery(actor), texts, &out)
	return out, err
}

// actorQuery is ?actor=NAME, which the PATCH routes take because their
// body is the patch itself.
func actorQuery(actor string) url.Values {
	if actor == "" {
		return nil
	}
	return url.Values{"actor": {actor}}
}
