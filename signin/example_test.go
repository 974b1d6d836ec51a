package signin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/breachd/breachd/signin"
)

// A daemon mounts the sign-in routes, wraps its pages in Middleware and
// guards each verb with Require; a page records a change under the
// person's name.
func Example() {
	m, err := signin.New(signin.Config{}) // no sign-in: read-only, loopback only
	if err != nil {
		panic(err)
	}
	fmt.Println(m.CheckListen("0.0.0.0:8080") != nil, m.CheckListen("127.0.0.1:8080"))

	pages := http.NewServeMux()
	pages.Handle("GET /console/incidents", signin.Require(signin.Viewer, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := signin.PersonFrom(r.Context())
		fmt.Fprintf(w, "incidents for %s", p.Name)
	})))
	pages.Handle("POST /console/incidents/{id}/ack", signin.Require(signin.Responder, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := signin.PersonFrom(r.Context())
		fmt.Fprintf(w, "acknowledged by %s", p.Name) // the actor on the timeline
	})))
	mux := http.NewServeMux()
	mux.Handle("/console/signin", m.Handler())
	mux.Handle("/console/signout", m.Handler())
	mux.Handle("/console/oidc/", m.Handler())
	mux.Handle("/console/", m.Middleware(pages))

	for _, req := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "http://127.0.0.1/console/incidents", nil),
		httptest.NewRequest(http.MethodPost, "http://127.0.0.1/console/incidents/INC-1/ack", nil),
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// true <nil>
	// 200 incidents for loopback
	// 403 This needs the responder role, and the console is read-only: no sign-in is configured.
}
