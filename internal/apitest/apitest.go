// Package apitest holds the API's tests to its contract: a handler that
// serves the API and checks every request a test makes, and every answer
// to it, against the OpenAPI document the API itself serves at
// /api/v1/openapi.json, so that the document and the server cannot drift.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"
)

// ContractPath is where the API serves its contract.
const ContractPath = "/api/v1/openapi.json"

// Serve starts api, the API's handler, for a test, with every exchange
// checked against the contract (see Checker).
func Serve(t *testing.T, api http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewChecker(t, api))
	t.Cleanup(srv.Close)
	return srv
}

// Checker serves the API and holds each exchange to its contract; a
// mismatch fails the test:
//   - an answer must be one the contract gives for its route and status:
//     a status it does not list, or a body that does not meet its
//     schema, fails;
//   - a request the contract calls invalid must be refused (4xx): the API
//     may refuse more than the contract does (an unknown incident, a move
//     its status forbids), never less;
//   - a route the contract lacks, under /api/ or /debug/, must be refused
//     in the one error shape (a redirect to the cleaned path aside).
//
// Routes mounted beside the API (the daemon's console and Slack
// endpoints) are not the API's, and are not checked.
type Checker struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
	next   http.Handler
}

// NewChecker reads the contract from api and checks the exchanges it
// serves.
func NewChecker(t *testing.T, api http.Handler) *Checker {
	t.Helper()
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, ContractPath, nil))
	require.Equal(t, http.StatusOK, rec.Code, "GET %s", ContractPath)
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	require.NoError(t, err, "the contract")
	require.NoError(t, doc.Validate(t.Context()), "the contract")
	// Routes are matched by path: the test server is not at the
	// contract's example address.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	return &Checker{t: t, doc: doc, router: router, next: api}
}

// ServeHTTP serves r and checks the exchange.
func (c *Checker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		c.t.Errorf("%s %s: read the request body: %v", r.Method, r.URL.Path, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	// The handler and the checks each read a copy of the request.
	checked := r.Clone(r.Context())
	checked.Body = io.NopCloser(bytes.NewReader(body))
	r.Body = io.NopCloser(bytes.NewReader(body))

	rec := httptest.NewRecorder()
	c.next.ServeHTTP(rec, r)
	if err := c.Check(r.Context(), checked, rec); err != nil {
		c.t.Errorf("%s %s answered %d, against the contract: %v\nanswer: %.2000s", r.Method, r.URL.RequestURI(), rec.Code, err, rec.Body.String())
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// Check holds one exchange, req answered with rec, to the contract.
func (c *Checker) Check(ctx context.Context, req *http.Request, rec *httptest.ResponseRecorder) error {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if !strings.HasPrefix(req.URL.Path, "/api/") && !strings.HasPrefix(req.URL.Path, "/debug/") {
			return nil // mounted beside the API
		}
		return c.checkRefusal(rec)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && rec.Code < http.StatusBadRequest {
		return fmt.Errorf("the request does not meet the contract, yet it was taken: %w", err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(rec.Body.Bytes())
	return openapi3filter.ValidateResponse(ctx, out)
}

// checkRefusal checks the answer to a route the contract lacks: a refusal
// in the one error shape, or the mux's redirect to the cleaned path.
func (c *Checker) checkRefusal(rec *httptest.ResponseRecorder) error {
	switch {
	case rec.Code >= http.StatusMultipleChoices && rec.Code < http.StatusBadRequest:
		return nil
	case rec.Code < http.StatusBadRequest:
		return fmt.Errorf("no route of the contract, yet the request was taken")
	}
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		return fmt.Errorf("no route of the contract, and the refusal is not JSON: %w", err)
	}
	return c.doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
}
