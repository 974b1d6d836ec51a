package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// AlertPublisher publishes alerts posted over HTTP into the alert stream.
type AlertPublisher interface {
	Publish(ctx context.Context, alerts []json.RawMessage) ([]string, []ingest.Rejected, error)
	CountRejected(reason string)
}

// Options configure the API.
type Options struct {
	// Token, when set, is required as "Authorization: Bearer <token>" on
	// every /api/ call. Without it the daemon only listens on loopback.
	Token string
	// Ready reports whether the daemon can take work (NATS connected, store open).
	Ready func(context.Context) error
	// Now is the clock.
	Now func() time.Time
	// Respond carries out every change to an incident (the use cases the
	// API shares with Slack, the console and the playbook engine); nil is
	// one over the store with the embedded catalog and no hooks.
	Respond *respond.Service
	// Metrics registers the API's counters; nil keeps them unregistered.
	Metrics prometheus.Registerer
	// Mount are routes served beside the API, by pattern, that bring their
	// own authentication (the Slack endpoints verify Slack's signature).
	Mount map[string]http.Handler
	// ReloadPlaybooks loads the playbook set again and puts it in force,
	// or returns why not (a *playbooks.LoadError lists every problem).
	ReloadPlaybooks func() (*playbooks.Set, error)
	// CheckpointDir holds the signed checkpoints and their public key
	// (the data directory), for the evidence bundles; empty: none.
	CheckpointDir string
	// NodeName names this node in GET /api/v1/cluster; empty means the
	// host's name.
	NodeName string
	// APIURL is the base URL other nodes and clients reach this node's
	// API at; empty means the address each request came to.
	APIURL string
	// Cluster reads the cluster's status (the lease's holder, each node's
	// progress through the state log, the last snapshot) for GET
	// /api/v1/cluster; an error answers 503 cluster_unavailable. Nil is a
	// daemon without a cluster: the route answers with this node alone,
	// as its leader.
	Cluster func(ctx context.Context) (ClusterStatus, error)
}

// Server serves the HTTP API.
type Server struct {
	opts      Options
	store     *store.Store
	pub       AlertPublisher
	gatherer  prometheus.Gatherer
	log       zerolog.Logger
	tokenHash [32]byte
	// refused counts requests refused as the client's fault, by status.
	refused *prometheus.CounterVec
	// refusals logs the refused requests, rate-limited.
	refusals *refusals
	// contract is openapi.yaml as JSON, converted once.
	contract []byte
}

// New builds the API server.
func New(opts Options, st *store.Store, pub AlertPublisher, gatherer prometheus.Gatherer, log zerolog.Logger) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NodeName == "" {
		opts.NodeName = hostName()
	}
	if opts.Respond == nil {
		// Cannot fail: the store is set and the embedded catalog is valid.
		opts.Respond, _ = respond.New(st, respond.Options{Now: opts.Now}, log)
	}
	s := &Server{opts: opts, store: st, pub: pub, gatherer: gatherer, log: log, refusals: newRefusals(),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "breachd_api_refused_total",
			Help: "API requests refused as the client's fault (bad input, unknown incident, forbidden move, no token), by HTTP status.",
		}, []string{"status"})}
	if opts.Metrics != nil {
		opts.Metrics.MustRegister(s.refused)
	}
	if opts.Token != "" {
		s.tokenHash = sha256.Sum256([]byte(opts.Token))
	}
	var err error
	if s.contract, err = contractJSON(); err != nil {
		// Cannot happen: the document is built in, and a test converts it.
		panic(err)
	}
	return s
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	api := http.NewServeMux()
	debug := http.NewServeMux()
	for _, rt := range s.routes() {
		switch rt.access {
		case public:
			mux.Handle(rt.pattern(), rt.handler)
		case bearer:
			api.Handle(rt.pattern(), rt.handler)
		case profile:
			debug.Handle(rt.pattern(), rt.handler)
		}
	}
	for pattern, h := range s.opts.Mount {
		mux.Handle(pattern, h)
	}
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusNotFound, client.CodeNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	// A browser page on another origin must not drive a loopback API
	// that has no token.
	cross := http.NewCrossOriginProtection()
	cross.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusForbidden, client.CodeCrossOrigin, "a request from a browser page of another origin may not change anything here")
	}))
	mux.Handle("/api/", cross.Handler(s.authenticate(api)))
	// Profiles say where the time goes; they reveal internals, so they sit
	// behind the same token as the API.
	mux.Handle("GET /debug/pprof/", s.authenticate(debug))
	return s.logRequests(mux)
}

// hostName is the host's name, or "breachd" when the system does not say.
func hostName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "breachd"
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, notReady{Status: "not ready", Error: client.ErrorDetail{Code: client.CodeNotReady, Message: err.Error()}})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// authenticate checks the bearer token, when one is configured.
func (s *Server) authenticate(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(token))
		if !ok || subtle.ConstantTimeCompare(got[:], s.tokenHash[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="breachd"`)
			s.refuse(w, r, http.StatusUnauthorized, client.CodeUnauthorized, "missing or wrong bearer token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs each request at debug level and turns a panic into a 500.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error().Interface("panic", v).Str("method", r.Method).Str("path", r.URL.Path).Msg("handler panic")
				writeError(rec, http.StatusInternalServerError, client.CodeInternal, "internal error")
			}
			s.log.Debug().Str("method", r.Method).Str("path", r.URL.Path).Int("status", rec.status).
				Dur("took", time.Since(start)).Msg("http")
		}()
		next.ServeHTTP(rec, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Pass stored JSON (event data) through byte for byte: the timeline's
	// hashes cover it, and HTML escaping would rewrite <, > and &.
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
