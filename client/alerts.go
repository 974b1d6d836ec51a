package client

import (
	"context"
	"net/http"
)

// Accepted is the body of a 202 to POST /api/v1/alerts and to the
// Alertmanager webhook: how many alerts the stream stored, and their ids in
// order.
type Accepted struct {
	Accepted int      `json:"accepted"`
	IDs      []string `json:"ids"`
	// Rejected are the alerts of an Alertmanager group that were refused
	// (and kept on the dead-letter stream) while the others were accepted.
	Rejected []Rejection `json:"rejected,omitempty"`
}

// Rejection is one alert of a request that the API refused, by its index
// in the request.
type Rejection struct {
	Index  int    `json:"index"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// PostAlerts sends body, one alert object or a JSON array of them, as it
// is. The API takes all of them or none: when it refuses any, nothing is
// published and the *Error lists each refusal in Rejected.
func (c *Client) PostAlerts(ctx context.Context, body []byte) (Accepted, error) {
	var out Accepted
	err := c.call(ctx, http.MethodPost, "/api/v1/alerts", nil, body, &out)
	return out, err
}
