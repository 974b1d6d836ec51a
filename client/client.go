package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds a call that answers JSON when Options.Timeout is
// zero.
const DefaultTimeout = 30 * time.Second

// defaultUserAgent names the client when Options.UserAgent is empty.
const defaultUserAgent = "breachd-client"

// maxDocument bounds a draft or register read into memory.
const maxDocument = 256 << 20

// Options configure a Client.
type Options struct {
	// URL is where the API is served, such as "http://127.0.0.1:8080". A
	// URL without a scheme is taken as http. A path (a proxy's prefix) is
	// kept; a query is dropped.
	URL string
	// Token, when not empty, is sent as "Authorization: Bearer <token>" on
	// every call.
	Token string
	// HTTPClient sends the requests; nil means a client of
	// http.DefaultTransport. Its Timeout is not used: see Timeout.
	HTTPClient *http.Client
	// UserAgent names the program to the server; empty means
	// "breachd-client".
	UserAgent string
	// Timeout bounds each call that answers JSON; zero means
	// DefaultTimeout. Backup, Draft and Register stream what may be large
	// and are bounded by their context only.
	Timeout time.Duration
}

// Client calls breachd's HTTP API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	token     string
	userAgent string
	http      *http.Client // calls that answer JSON, bounded by Options.Timeout
	stream    *http.Client // backups and documents, bounded by their context only
}

// New returns a client of the API at opts.URL.
func New(opts Options) (*Client, error) {
	server := strings.TrimSpace(opts.URL)
	if server == "" {
		return nil, errors.New("server: no URL given: want http://host:port or https://host:port")
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
	var calls http.Client
	if opts.HTTPClient != nil {
		calls = *opts.HTTPClient
	}
	stream := calls
	calls.Timeout = cmp.Or(opts.Timeout, DefaultTimeout)
	stream.Timeout = 0
	return &Client{
		base:      u,
		token:     opts.Token,
		userAgent: cmp.Or(opts.UserAgent, defaultUserAgent),
		http:      &calls,
		stream:    &stream,
	}, nil
}

// Server is the API's base URL, without the password it may carry.
func (c *Client) Server() string { return c.base.Redacted() }

// endpoint builds the URL of path (already escaped) under the base URL,
// which may itself carry a path prefix.
func (c *Client) endpoint(path string, query url.Values) string {
	u := c.base.String() + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

// incidentPath is the path of one incident, or of one of its
// sub-resources. The id is escaped, so it stays one path segment.
func incidentPath(id string, sub ...string) string {
	p := "/api/v1/incidents/" + url.PathEscape(id)
	for _, s := range sub {
		p += "/" + s
	}
	return p
}

// do sends one request with hc and returns the response of a 2xx answer;
// the caller closes its body. Any other answer is an *Error, no answer an
// *UnreachableError.
func (c *Client) do(ctx context.Context, hc *http.Client, method, path string, query url.Values, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(path, query), body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
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
	return nil, readError(resp)
}

// call sends one request that answers JSON and decodes the answer into
// out. in, when not nil, is the body: a []byte is sent as it is, anything
// else as JSON.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body io.Reader
	switch v := in.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(v)
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s %s: encode request: %w", method, path, err)
		}
		body = bytes.NewReader(raw)
	}
	resp, err := c.do(ctx, c.http, method, path, query, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

// document fetches a rendered document (a draft, the register) of at most
// maxDocument bytes.
func (c *Client) document(ctx context.Context, path string, query url.Values) ([]byte, error) {
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
