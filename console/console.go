package console

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/runs"
	"github.com/breachd/breachd/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Viewer is who is looking at the console and what they may change.
type Viewer struct {
	// Name is recorded as the actor of every change the viewer makes.
	Name string
	// CanRespond admits the responder's changes: acknowledge, status,
	// note, approve or reject a playbook step.
	CanRespond bool
	// CanPrivacy admits the privacy office's changes: breach facts,
	// narrative, submissions.
	CanPrivacy bool
	// CanAdmin admits the operator's changes (none yet in the console).
	CanAdmin bool
}

// loopback is the viewer when Options.Viewer is nil: it may read everything
// and change nothing.
var loopback = Viewer{Name: "loopback"}

// Options configure the console.
type Options struct {
	// Store is read for every page; required.
	Store *store.Store
	// Respond carries out every change the forms make; nil is one over
	// Store with the embedded catalog and no hooks.
	Respond *respond.Service
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Version is the daemon's build, shown on the About page.
	Version string
	// Viewer says who sent a request and what they may change; nil makes
	// every visitor the read-only viewer "loopback".
	Viewer func(*http.Request) Viewer
	// Playbooks returns the playbook set in force, for the Playbooks
	// page; nil, or a nil set, says playbooks are not running.
	Playbooks func() *playbooks.Set
	// PlaybooksLoad is the outcome of the last load of the playbooks,
	// and PlaybooksSource where they load from; both optional.
	PlaybooksLoad   func() runs.LoadStatus
	PlaybooksSource string
	// Log receives the errors a visitor is not shown; the zero value logs
	// nothing.
	Log zerolog.Logger
}

// Console serves the web console.
type Console struct {
	opts   Options
	pages  map[string]*template.Template
	static fs.FS
	idx    index
	live   broker
}

// pageNames are the templates with a page of their own; each is parsed
// with the shared layout.
var pageNames = []string{"deadlines", "incidents", "incident", "register", "silences", "playbooks", "about", "error"}

// New builds the console: it checks the options and parses every
// template, so a broken template fails at start, not on a visit.
func New(opts Options) (*Console, error) {
	if opts.Store == nil {
		return nil, errors.New("console: a store is required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Respond == nil {
		var err error
		if opts.Respond, err = respond.New(opts.Store, respond.Options{Now: opts.Now}, opts.Log); err != nil {
			return nil, fmt.Errorf("console: %w", err)
		}
	}
	if opts.Viewer == nil {
		opts.Viewer = func(*http.Request) Viewer { return loopback }
	}
	c := &Console{opts: opts, pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console: parse template %s: %w", name, err)
		}
		c.pages[name] = t
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	c.static = sub
	return c, nil
}

// Handler returns the console's routes: the pages at /, /incidents,
// /incidents/{id}, /register, /silences, /playbooks and /about, the
// live updates at /events, the forms under
// /incidents/{id}/…, and the embedded assets under /static/. A POST from
// another origin is refused.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", c.deadlines)
	mux.HandleFunc("GET /incidents", c.incidents)
	mux.HandleFunc("GET /incidents/{id}", c.incident)
	mux.HandleFunc("GET /incidents/{id}/drafts/{regime}", c.draft)
	mux.HandleFunc("POST /incidents/{id}/facts", c.postFacts)
	mux.HandleFunc("POST /incidents/{id}/narrative", c.form(rolePrivacy, "narrative", c.setNarrative))
	mux.HandleFunc("POST /incidents/{id}/submissions", c.form(rolePrivacy, "obligations", c.submit))
	mux.HandleFunc("POST /incidents/{id}/ack", c.form(roleRespond, "summary", c.ack))
	mux.HandleFunc("POST /incidents/{id}/status", c.form(roleRespond, "summary", c.setStatus))
	mux.HandleFunc("POST /incidents/{id}/notes", c.form(roleRespond, "timeline", c.note))
	mux.HandleFunc("POST /incidents/{id}/assignee", c.form(roleRespond, "summary", c.assign))
	mux.HandleFunc("POST /incidents/{id}/assessment", c.form(rolePrivacy, "obligations", c.assess))
	mux.HandleFunc("POST /incidents/{id}/approvals", c.form(roleRespond, "runs", c.decide))
	mux.HandleFunc("GET /register", c.register)
	mux.HandleFunc("GET /silences", c.silences)
	mux.HandleFunc("GET /playbooks", c.playbooksList)
	mux.HandleFunc("GET /about", c.about)
	mux.HandleFunc("GET /events", c.events)
	static := http.StripPrefix("/static/", http.FileServerFS(c.static))
	mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		static.ServeHTTP(w, r)
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, fmt.Errorf("%w: no page %s %s", store.ErrNotFound, r.Method, r.URL.Path))
	})
	return http.NewCrossOriginProtection().Handler(secure(mux))
}

// secure sets the headers every answer carries: only our own scripts and
// styles run, and no other site frames the console.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// base is what every page's layout needs.
type base struct {
	Title   string
	Nav     string
	Viewer  Viewer
	Now     time.Time
	Version string
	// incidentID is the incident the page shows, if it shows one.
	incidentID string
}

// Rel says how far t is from the page's now: "in 5 h 12 m", "OVERDUE by 3 h".
func (b base) Rel(t any) string {
	at, ok := asTime(t)
	if !ok {
		return ""
	}
	return relative(at, b.Now)
}

// Incident is the id of the incident the page shows, for the live updates
// to tell its changes from others'; empty on the other pages.
func (b base) Incident() string { return b.incidentID }

// Overdue reports whether t has passed at the page's now.
func (b base) Overdue(t any) bool {
	at, ok := asTime(t)
	return ok && at.Before(b.Now)
}

func (c *Console) base(r *http.Request, title, nav string) base {
	return base{Title: title, Nav: nav, Viewer: c.opts.Viewer(r), Now: c.opts.Now().UTC(), Version: c.opts.Version}
}

// render executes page with data into a buffer first, so that a template
// error is a clean 500 rather than half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := c.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		c.opts.Log.Error().Err(err).Str("page", page).Str("path", r.URL.Path).Msg("render")
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage is the page of a refused or failed request.
type errorPage struct {
	base
	Status  int
	Message string
}

// fail maps err to its status once, at the edge, as the API does: what the
// visitor can fix is shown, anything unexpected is logged and hidden.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "internal error"
	switch {
	case errors.Is(err, store.ErrNotFound):
		status, msg = http.StatusNotFound, err.Error()
	case errors.Is(err, incident.ErrTransition):
		status, msg = http.StatusConflict, err.Error()
	case errors.Is(err, incident.ErrInvalid):
		status, msg = http.StatusBadRequest, err.Error()
	case errors.Is(err, errForbidden):
		status, msg = http.StatusForbidden, err.Error()
	case errors.Is(err, store.ErrCorrupt):
		c.opts.Log.Error().Err(err).Str("path", r.URL.Path).Msg("corrupt store")
		msg = err.Error()
	default:
		c.opts.Log.Error().Err(err).Str("method", r.Method).Str("path", r.URL.Path).Msg("console request failed")
	}
	c.render(w, r, status, "error", errorPage{base: c.base(r, http.StatusText(status), ""), Status: status, Message: msg})
}

// errForbidden is the category of a change the viewer has no role for.
var errForbidden = errors.New("forbidden")
