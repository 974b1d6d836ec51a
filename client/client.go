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
	// http.DefaultTransport. Its Timeout is not used: see Timeout. Its
	// CheckRedirect, when set, decides which redirects are followed; the
	// client adds the token on the way to a cluster's leader (see
	// Client).
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
//
// A standby of a cluster answers a change with 307 Temporary Redirect to
// the leader, naming it in the Breachd-Leader header; the client follows
// it with the same method and body and sends its token on to the leader,
// which net/http alone would drop on the way to another host. It sends
// the token on only after an answer that named a leader, and never from an
// https server to a plain http one.
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
	c := &Client{
		base:      u,
		token:     opts.Token,
		userAgent: cmp.Or(opts.UserAgent, defaultUserAgent),
	}
	calls.CheckRedirect = c.followLeader(calls.CheckRedirect)
	stream := calls
	calls.Timeout = cmp.Or(opts.Timeout, DefaultTimeout)
	stream.Timeout = 0
	c.http, c.stream = &calls, &stream
	return c, nil
}

// maxRedirects is how many redirects one call follows, as net/http's
// default policy.
const maxRedirects = 10

// followLeader returns the redirect policy of the client's calls: next's
// (net/http's default when nil), and the token carried on to the leader
// of a cluster. A standby answers a change with a 307 to the leader's API,
// naming the leader in the Breachd-Leader header; net/http follows a 307
// with the method and the body (every body the client sends can be read
// again), but drops the Authorization header on the way to another host,
// which the leader is unless the two share a host name. The token is sent
// again only when the redirecting answer named a leader (it came from a
// node of the cluster, which the token is for), and never over plain http
// when the server was reached over https.
func (c *Client) followLeader(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if next != nil {
			if err := next(req, via); err != nil {
				return err
			}
		} else if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		fromNode := req.Response != nil && req.Response.Header.Get(HeaderLeader) != ""
		downgrade := c.base.Scheme == "https" && req.URL.Scheme != "https"
		if c.token != "" && fromNode && !downgrade {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		return nil
	}
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
