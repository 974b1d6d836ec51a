package api

import (
	"net/http"
	"net/http/pprof"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// access says who may call a route.
type access int

const (
	// public routes need no token: the probes, the metrics and the
	// contract.
	public access = iota
	// bearer routes are the API: they need the token when one is set, and
	// a browser page of another origin may not change anything through
	// them.
	bearer
	// profile routes are the Go runtime's profiles: they reveal
	// internals, so they need the token too.
	profile
)

// route is one endpoint of the server: the method and path of its
// ServeMux pattern, who may call it, and its handler.
type route struct {
	method  string
	path    string
	access  access
	handler http.HandlerFunc
}

// pattern is the route's ServeMux pattern.
func (rt route) pattern() string { return rt.method + " " + rt.path }

// routes lists every endpoint the server serves itself, once: Handler
// registers them, and the contract (openapi.yaml) documents exactly these,
// which a test holds it to. The routes of Options.Mount are the daemon's
// and bring their own contract.
func (s *Server) routes() []route {
	// One collector that cannot read its source (the consumer while
	// JetStream is down) must not take every other metric with it.
	metrics := promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return []route{
		{"GET", "/healthz", public, healthz},
		{"GET", "/readyz", public, s.readyz},
		{"GET", "/metrics", public, metrics.ServeHTTP},
		{"GET", "/api/v1/openapi.json", public, s.getContract},

		{"POST", "/api/v1/alerts", bearer, s.postAlerts},
		{"POST", "/api/v1/ingest/alertmanager", bearer, s.postAlertmanager},
		{"GET", "/api/v1/incidents", bearer, s.listIncidents},
		{"GET", "/api/v1/incidents/{id}", bearer, s.getIncident},
		{"GET", "/api/v1/incidents/{id}/timeline", bearer, s.getTimeline},
		{"POST", "/api/v1/incidents/{id}/ack", bearer, s.postAck},
		{"POST", "/api/v1/incidents/{id}/status", bearer, s.postStatus},
		{"POST", "/api/v1/incidents/{id}/notes", bearer, s.postNote},
		{"POST", "/api/v1/incidents/{id}/assessment", bearer, s.postAssessment},
		{"GET", "/api/v1/incidents/{id}/facts", bearer, s.getFacts},
		{"PATCH", "/api/v1/incidents/{id}/facts", bearer, s.patchFacts},
		{"PATCH", "/api/v1/incidents/{id}/narrative", bearer, s.patchNarrative},
		{"GET", "/api/v1/incidents/{id}/obligations", bearer, s.getObligations},
		{"POST", "/api/v1/incidents/{id}/submissions", bearer, s.postSubmission},
		{"GET", "/api/v1/incidents/{id}/drafts/{regime}", bearer, s.getDraft},
		{"GET", "/api/v1/incidents/{id}/runs", bearer, s.getRuns},
		{"GET", "/api/v1/incidents/{id}/evidence", bearer, s.getEvidence},
		{"POST", "/api/v1/incidents/{id}/approvals", bearer, s.postApproval},
		{"GET", "/api/v1/checkpoints", bearer, s.getCheckpoints},
		{"POST", "/api/v1/playbooks/reload", bearer, s.reloadPlaybooks},
		{"GET", "/api/v1/register", bearer, s.getRegister},
		{"GET", "/api/v1/deadlines", bearer, s.getDeadlines},
		{"GET", "/api/v1/regimes", bearer, s.getRegimes},
		{"GET", "/api/v1/regimes/{id}", bearer, s.getRegime},
		{"POST", "/api/v1/silences", bearer, s.postSilence},
		{"GET", "/api/v1/silences", bearer, s.listSilences},
		{"POST", "/api/v1/silences/{id}/expire", bearer, s.expireSilence},
		{"DELETE", "/api/v1/silences/{id}", bearer, s.expireSilence},
		{"GET", "/api/v1/backup", bearer, s.getBackup},
		{"GET", "/api/v1/deadletters", bearer, s.getDeadLetters},
		{"POST", "/api/v1/deadletters/replay", bearer, s.postReplay},
		{"GET", "/api/v1/cluster", bearer, s.getCluster},

		{"GET", "/debug/pprof/{$}", profile, pprof.Index},
		{"GET", "/debug/pprof/{profile}", profile, runtimeProfile},
	}
}

// runtimeProfile serves one of the Go runtime's profiles by name: those
// with a handler of their own, and every other one pprof.Index looks up
// (heap, goroutine, allocs, block, mutex, threadcreate).
func runtimeProfile(w http.ResponseWriter, r *http.Request) {
	switch r.PathValue("profile") {
	case "cmdline":
		pprof.Cmdline(w, r)
	case "profile":
		pprof.Profile(w, r)
	case "symbol":
		pprof.Symbol(w, r)
	case "trace":
		pprof.Trace(w, r)
	default:
		pprof.Index(w, r)
	}
}
