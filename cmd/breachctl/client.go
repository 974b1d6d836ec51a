package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/breachd/breachd/incident"
)

// callTimeout bounds one API call. A backup is bounded only by its context,
// because a large database takes as long as it takes to stream.
const callTimeout = 30 * time.Second

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 1 << 20

// Client calls breachd's HTTP API. It never touches the database file: the
// daemon holds the only lock on it and is the only writer.
type Client struct {
	base   *url.URL
	token  string
	http   *http.Client // API calls, bounded by callTimeout
	stream *http.Client // backups, bounded by the caller's context only
}

// NewClient returns a client for the API served at server, e.g.
// "http://127.0.0.1:8080". A server without a scheme is taken as http. The
// token, when not empty, is sent as a bearer token on every call.
func NewClient(server, token string) (*Client, error) {
	server = strings.TrimSpace(server)
	if server == "" {
		server = defaultServer
	}
	if !strings.Contains(server, "://") {
		server = "http://" + server
	}
	u, err := url.Parse(server)
	if err != nil {
		return nil, fmt.Errorf("server %q: %w", server, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server %q: want http://host:port or https://host:port", u.Redacted())
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return &Client{
		base:   u,
		token:  token,
		http:   &http.Client{Timeout: callTimeout},
		stream: &http.Client{},
	}, nil
}

// Server is the API's base URL, without any credentials it may carry.
func (c *Client) Server() string { return c.base.Redacted() }

// APIError is an answer of the API other than a success.
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Message is the API's {"error": ...}, or a readable stand-in when the
	// answer did not carry one.
	Message string
	// Rejected lists the alerts a POST /api/v1/alerts refused, by index.
	Rejected []Rejection
}

// Error reads "<message> (HTTP <code>)".
func (e *APIError) Error() string { return fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status) }

// UnreachableError is a call that got no HTTP answer at all.
type UnreachableError struct {
	Server string
	Err    error
}

// Error says which server could not be reached and, when nothing listens
// there, how to start one.
func (e *UnreachableError) Error() string {
	if errors.Is(e.Err, syscall.ECONNREFUSED) {
		return fmt.Sprintf("cannot reach breachd at %s: connection refused; is it running? "+
			"Start it with `make run`, or point --server (BREACHCTL_SERVER) at the right address", e.Server)
	}
	return fmt.Sprintf("cannot reach breachd at %s: %v", e.Server, e.Err)
}

// Unwrap returns the transport error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// endpoint builds the URL of path (already escaped) under the base URL,
// which may itself carry a path prefix.
func (c *Client) endpoint(path string, query url.Values) string {
	u := c.base.String() + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

// incidentPath is the path of one incident, or of one of its sub-resources.
func incidentPath(id string, sub ...string) string {
	p := "/api/v1/incidents/" + url.PathEscape(id)
	for _, s := range sub {
		p += "/" + s
	}
	return p
}

// do sends one request and returns the response of a 2xx answer; the caller
// closes its body. Any other answer becomes an *APIError.
func (c *Client) do(ctx context.Context, hc *http.Client, method, path string, query url.Values, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(path, query), body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("User-Agent", "breachctl")
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, ctxErr)
		}
		return nil, &UnreachableError{Server: c.Server(), Err: err}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, c.apiError(resp)
}

// apiError reads an error answer.
func (c *Client) apiError(resp *http.Response) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var body struct {
		Error    string      `json:"error"`
		Rejected []Rejection `json:"rejected"`
	}
	e := &APIError{Status: resp.StatusCode}
	if json.Unmarshal(raw, &body) == nil && body.Error != "" {
		e.Message, e.Rejected = body.Error, body.Rejected
	} else {
		// Not the API's own answer (a proxy, another server): say so.
		e.Message = http.StatusText(resp.StatusCode)
		if snippet := strings.TrimSpace(cell(string(raw), 120)); snippet != "" {
			e.Message += ": " + snippet
		}
	}
	if resp.StatusCode == http.StatusUnauthorized {
		// The server says "missing or wrong"; we know which.
		if c.token == "" {
			e.Message = "the API needs a token and none was given: set BREACHD_API_TOKEN or pass --token"
		} else {
			e.Message = "the API refused the token: it is wrong for this server (check BREACHD_API_TOKEN or --token)"
		}
	}
	return e
}

// getJSON decodes the answer of a GET into out.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	resp, err := c.do(ctx, c.http, http.MethodGet, path, query, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("GET %s: decode answer: %w", path, err)
	}
	return nil
}

// postJSON posts in (raw bytes are sent as they are) and decodes the answer
// into out.
func (c *Client) postJSON(ctx context.Context, path string, in, out any) error {
	raw, ok := in.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(in); err != nil {
			return fmt.Errorf("POST %s: encode request: %w", path, err)
		}
	}
	resp, err := c.do(ctx, c.http, http.MethodPost, path, nil, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("POST %s: decode answer: %w", path, err)
	}
	return nil
}

// Accepted is the answer to alerts the API took.
type Accepted struct {
	Accepted int      `json:"accepted"`
	IDs      []string `json:"ids"`
}

// Rejection is one alert the API refused, by its index in the request.
type Rejection struct {
	Index  int    `json:"index"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// SendAlerts posts one alert object or a JSON array of them. When the API
// refuses any, nothing is published and the *APIError lists each refusal.
func (c *Client) SendAlerts(ctx context.Context, body []byte) (Accepted, error) {
	var out Accepted
	err := c.postJSON(ctx, "/api/v1/alerts", body, &out)
	return out, err
}

// ListOptions select a page of incidents.
type ListOptions struct {
	Statuses   []string
	Severities []string
	// Limit is the page size; zero leaves it to the server.
	Limit int
	// Cursor continues after a previous page.
	Cursor string
}

// Page is one page of incidents, newest first. NextCursor is empty on the
// last page.
type Page struct {
	Incidents  []*incident.Incident `json:"incidents"`
	NextCursor string               `json:"next_cursor"`
}

// ListIncidents fetches one page of incidents.
func (c *Client) ListIncidents(ctx context.Context, o ListOptions) (Page, error) {
	q := url.Values{}
	if len(o.Statuses) > 0 {
		q.Set("status", strings.Join(o.Statuses, ","))
	}
	if len(o.Severities) > 0 {
		q.Set("severity", strings.Join(o.Severities, ","))
	}
	if o.Limit != 0 { // the server says what is wrong with a bad one
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Cursor != "" {
		q.Set("cursor", o.Cursor)
	}
	var p Page
	err := c.getJSON(ctx, "/api/v1/incidents", q, &p)
	return p, err
}

// Incident fetches one incident.
func (c *Client) Incident(ctx context.Context, id string) (*incident.Incident, error) {
	var inc incident.Incident
	if err := c.getJSON(ctx, incidentPath(id), nil, &inc); err != nil {
		return nil, err
	}
	return &inc, nil
}

// Timeline is an incident's events, in order, and the hash of the last one
// as the incident recorded it in the same snapshot.
type Timeline struct {
	Incident string           `json:"incident"`
	Head     string           `json:"head"`
	Events   []incident.Event `json:"events"`
}

// Timeline fetches an incident's timeline.
func (c *Client) Timeline(ctx context.Context, id string) (Timeline, error) {
	var tl Timeline
	err := c.getJSON(ctx, incidentPath(id, "timeline"), nil, &tl)
	return tl, err
}

// action is the body of the lifecycle calls.
type action struct {
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	Text   string `json:"text,omitempty"`
	Actor  string `json:"actor,omitempty"`
}

// Ack acknowledges an incident as actor and returns it as it now stands.
func (c *Client) Ack(ctx context.Context, id, actor string) (*incident.Incident, error) {
	return c.act(ctx, id, "ack", action{Actor: actor})
}

// SetStatus moves an incident to status, as actor, for reason.
func (c *Client) SetStatus(ctx context.Context, id, status, reason, actor string) (*incident.Incident, error) {
	return c.act(ctx, id, "status", action{Status: status, Reason: reason, Actor: actor})
}

// AddNote adds a note to an incident's timeline, as actor.
func (c *Client) AddNote(ctx context.Context, id, text, actor string) (*incident.Incident, error) {
	return c.act(ctx, id, "notes", action{Text: text, Actor: actor})
}

func (c *Client) act(ctx context.Context, id, verb string, a action) (*incident.Incident, error) {
	var inc incident.Incident
	if err := c.postJSON(ctx, incidentPath(id, verb), a, &inc); err != nil {
		return nil, err
	}
	return &inc, nil
}

// Backup streams a consistent copy of the database into w and returns the
// bytes written. Only ctx bounds it.
func (c *Client) Backup(ctx context.Context, w io.Writer) (int64, error) {
	resp, err := c.do(ctx, c.stream, http.MethodGet, "/api/v1/backup", nil, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("backup stream broke after %d bytes: %w", n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, fmt.Errorf("backup stream ended after %d of %d bytes", n, resp.ContentLength)
	}
	return n, nil
}
