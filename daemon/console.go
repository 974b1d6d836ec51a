package daemon

import (
	"fmt"
	"net/http"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/internal/version"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/signin"
	"github.com/breachd/breachd/store"
)

// webConsole is the privacy office's console with its sign-in.
type webConsole struct {
	pages  *console.Console
	signin *signin.Manager
	// refused says why the console is not served on this address (no
	// sign-in, and an address other hosts reach); empty when it is.
	refused string
}

// newConsole builds the web console over the store and the use cases, and
// the sign-in that says who uses it.
func (d *Daemon) newConsole(st *store.Store, rs *respond.Service) (*webConsole, error) {
	scfg, err := d.cfg.Console.signinConfig(d.cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	scfg.Now = d.now
	scfg.Logger = d.log.With().Str("component", "signin").Logger()
	m, err := signin.New(scfg)
	if err != nil {
		return nil, fmt.Errorf("console sign-in: %w", err)
	}
	pages, err := console.New(console.Options{Store: st, Respond: rs, Now: d.now, Version: version.Get().String(),
		Viewer: viewerOf, Playbooks: d.runs.Playbooks, PlaybooksLoad: d.runs.LastLoad, PlaybooksSource: d.playbooksSource(),
		Log: d.log.With().Str("component", "console").Logger()})
	if err != nil {
		return nil, err
	}
	c := &webConsole{pages: pages, signin: m}
	if err := m.CheckListen(d.cfg.API.HTTPAddr); err != nil {
		c.refused = err.Error()
	}
	return c, nil
}

// viewerOf is what the signed-in person may do in the console.
func viewerOf(r *http.Request) console.Viewer {
	p, ok := signin.PersonFrom(r.Context())
	if !ok {
		return console.Viewer{Name: signin.LoopbackPerson().Name}
	}
	return console.Viewer{Name: p.Name, CanRespond: p.Roles.Has(signin.Responder),
		CanPrivacy: p.Roles.Has(signin.Privacy), CanAdmin: p.Roles.Has(signin.Admin)}
}

// routes are the console's patterns for the HTTP server: the pages at /,
// behind sign-in, and the sign-in pages under /console/. Where the
// console may not be served, / says why.
func (c *webConsole) routes() map[string]http.Handler {
	if c.refused != "" {
		reason := "The console is not served on this address: " + c.refused + "\n"
		return map[string]http.Handler{"/": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(reason))
		})}
	}
	return map[string]http.Handler{
		"/":                     c.signin.Middleware(signin.Require(signin.Viewer, c.pages.Handler())),
		signin.SigninPath:       c.signin.Handler(),
		signin.SignoutPath:      c.signin.Handler(),
		signin.OIDCLoginPath:    c.signin.Handler(),
		signin.OIDCCallbackPath: c.signin.Handler(),
	}
}
