package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/breachd/breachd/incident"
)

// FactsResult is the answer to a facts change: the facts now, what
// changed, and the obligations re-evaluated from them.
type FactsResult struct {
	Incident    string                `json:"incident"`
	Facts       *incident.Facts       `json:"facts"`
	Changes     []incident.FactChange `json:"changes"`
	Obligations *incident.Obligations `json:"obligations"`
}

// Facts fetches an incident's breach facts.
func (c *Client) Facts(ctx context.Context, id string) (*incident.Facts, error) {
	var f incident.Facts
	if err := c.getJSON(ctx, incidentPath(id, "facts"), nil, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// PatchFacts sets the facts of patch (a JSON object; null unsets) as actor.
func (c *Client) PatchFacts(ctx context.Context, id, actor string, patch []byte) (FactsResult, error) {
	var out FactsResult
	path := incidentPath(id, "facts")
	resp, err := c.do(ctx, c.http, http.MethodPatch, path, url.Values{"actor": {actor}}, bytes.NewReader(patch))
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return out, fmt.Errorf("PATCH %s: decode answer: %w", path, err)
	}
	return out, nil
}

// Obligations fetches an incident's evaluated obligations.
func (c *Client) Obligations(ctx context.Context, id string) (*incident.Obligations, error) {
	var s incident.Obligations
	if err := c.getJSON(ctx, incidentPath(id, "obligations"), nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// Submission is a notification filed with its recipient.
type Submission struct {
	Regime string `json:"regime"`
	Ref    string `json:"ref,omitempty"`
	At     string `json:"at,omitempty"`
	Actor  string `json:"actor,omitempty"`
}

// SubmissionResult is the answer to a recorded submission.
type SubmissionResult struct {
	Submission  incident.Submission   `json:"submission"`
	Obligation  *incident.Obligation  `json:"obligation"`
	Obligations *incident.Obligations `json:"obligations"`
}

// Submit records a submission.
func (c *Client) Submit(ctx context.Context, id string, s Submission) (SubmissionResult, error) {
	var out SubmissionResult
	err := c.postJSON(ctx, incidentPath(id, "submissions"), s, &out)
	return out, err
}

// Draft fetches the rendered notification draft of regime for an incident,
// in format md or html.
func (c *Client) Draft(ctx context.Context, id, regime, format string) ([]byte, error) {
	return c.getRaw(ctx, incidentPath(id, "drafts", url.PathEscape(regime)), url.Values{"format": {format}})
}

// Register fetches the breach register in format json or csv; all lists
// the obligations that do not apply too.
func (c *Client) Register(ctx context.Context, format string, all bool) ([]byte, error) {
	return c.getRaw(ctx, "/api/v1/register", url.Values{"format": {format}, "all": {strconv.FormatBool(all)}})
}

// maxDocument bounds a draft or register read into memory.
const maxDocument = 256 << 20

func (c *Client) getRaw(ctx context.Context, path string, query url.Values) ([]byte, error) {
	resp, err := c.do(ctx, c.stream, http.MethodGet, path, query, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return b, nil
}
