package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/breachd/breachd/incident"
)

// SubmissionRequest is the body of POST
// /api/v1/incidents/{id}/submissions: a notification filed with its
// recipient.
type SubmissionRequest struct {
	// Regime is the catalog's id of the notification, e.g. gdpr_art33_sa.
	Regime string `json:"regime"`
	// Ref is the recipient's reference: case number, portal receipt.
	Ref string `json:"ref,omitempty"`
	// At is when the notice was filed, RFC 3339; empty means now.
	At string `json:"at,omitempty"`
	// Actor records who filed it; empty is recorded as "api".
	Actor string `json:"actor,omitempty"`
}

// SubmissionResponse is the body of a 201 to POST
// /api/v1/incidents/{id}/submissions: the submission recorded, the
// regime's obligation now, and all of them.
type SubmissionResponse struct {
	Submission  incident.Submission   `json:"submission"`
	Obligation  *incident.Obligation  `json:"obligation"`
	Obligations *incident.Obligations `json:"obligations"`
}

// Obligations fetches an incident's evaluated obligations; an incident
// without breach facts has none.
func (c *Client) Obligations(ctx context.Context, id string) (*incident.Obligations, error) {
	var set incident.Obligations
	if err := c.call(ctx, http.MethodGet, incidentPath(id, "obligations"), nil, nil, &set); err != nil {
		return nil, err
	}
	return &set, nil
}

// Submit records that a notification was filed: the regime's obligation is
// fulfilled and the next phase's clock starts.
func (c *Client) Submit(ctx context.Context, id string, req SubmissionRequest) (SubmissionResponse, error) {
	var out SubmissionResponse
	err := c.call(ctx, http.MethodPost, incidentPath(id, "submissions"), nil, req, &out)
	return out, err
}

// Draft fetches the notification draft of regime for an incident, rendered
// in format md, html or pdf and language lang (ISO 639-1; "" is English).
func (c *Client) Draft(ctx context.Context, id, regime, format, lang string) ([]byte, error) {
	q := url.Values{"format": {format}}
	if lang != "" {
		q.Set("lang", lang)
	}
	return c.document(ctx, incidentPath(id, "drafts", url.PathEscape(regime)), q)
}

// FiledDraft fetches the Markdown draft of regime as it stood when its
// last filing for incident id was recorded.
func (c *Client) FiledDraft(ctx context.Context, id, regime string) ([]byte, error) {
	return c.document(ctx, incidentPath(id, "drafts", url.PathEscape(regime)), url.Values{"as_filed": {"true"}})
}

// Register fetches the breach register in format json or csv; all lists
// the obligations that do not apply too.
func (c *Client) Register(ctx context.Context, format string, all bool) ([]byte, error) {
	return c.document(ctx, "/api/v1/register", url.Values{"format": {format}, "all": {strconv.FormatBool(all)}})
}
