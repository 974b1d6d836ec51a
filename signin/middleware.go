package signin

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Method says how a person signed in.
type Method string

// The sign-in methods.
const (
	// MethodPassword is a local account from the users file.
	MethodPassword Method = "password"
	// MethodOIDC is the organisation's OpenID Connect provider.
	MethodOIDC Method = "oidc"
	// MethodLoopback is the read-only console without sign-in.
	MethodLoopback Method = "loopback"
)

// Person is who is making a request. Name is what the timeline records as
// the actor of every change the request makes.
type Person struct {
	Name   string
	Roles  Roles
	Method Method
}

// LoopbackPerson returns everyone when no sign-in is configured: a viewer
// called "loopback", on loopback only.
func LoopbackPerson() Person {
	return Person{Name: "loopback", Roles: Roles{Viewer}, Method: MethodLoopback}
}

type personKey struct{}

// WithPerson returns ctx carrying p. Middleware does this; tests of pages
// use it directly.
func WithPerson(ctx context.Context, p Person) context.Context {
	return context.WithValue(ctx, personKey{}, p)
}

// PersonFrom returns the signed-in person, if the request has one.
func PersonFrom(ctx context.Context) (Person, bool) {
	p, ok := ctx.Value(personKey{}).(Person)
	return p, ok
}

// Middleware refuses cross-site requests with unsafe methods and puts the
// signed-in person, if any, in the request's context. It renews the session
// cookie as the person keeps using it and drops one that no longer holds.
// Without sign-in configured every request is LoopbackPerson's, and a
// request that did not come to a loopback address by a loopback name is
// refused: that guards the read-only console against DNS rebinding.
func (m *Manager) Middleware(next http.Handler) http.Handler {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !m.Enabled() {
			if !loopbackRequest(r) {
				m.log.Warn().Str("host", r.Host).Str("remote", r.RemoteAddr).Msg("non-loopback request to read-only console refused")
				plain(w, http.StatusForbidden, "The console has no sign-in configured, so it answers on loopback only.")
				return
			}
			next.ServeHTTP(w, r.WithContext(WithPerson(r.Context(), LoopbackPerson())))
			return
		}
		if p, ok := m.person(w, r); ok {
			r = r.WithContext(WithPerson(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
	return m.cop.Handler(inner)
}

// person reads the session cookie.
func (m *Manager) person(w http.ResponseWriter, r *http.Request) (Person, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return Person{}, false
	}
	now := m.now()
	s, err := m.sessions.decode(c.Value, now)
	if err != nil {
		http.SetCookie(w, m.sessions.clear())
		return Person{}, false
	}
	if s.Method == MethodPassword {
		// A local account's roles are the users file's, so a removed
		// account or role stops working without waiting for expiry.
		u, ok := m.users.Load().Lookup(s.Name)
		if !ok {
			http.SetCookie(w, m.sessions.clear())
			return Person{}, false
		}
		// Cloned: a page changing its Person must not change the account.
		s.Roles = slices.Clone(u.Roles)
	}
	if now.Unix()-s.Seen >= int64(refreshAfter.Seconds()) {
		s.Seen = now.Unix()
		if c, err := m.sessions.cookie(s); err == nil {
			http.SetCookie(w, c)
		}
	}
	return Person{Name: s.Name, Roles: s.Roles, Method: s.Method}, true
}

// Require lets through only a request whose person has role. A signed-out
// browser page load is sent to the sign-in page and comes back after;
// other signed-out requests get 401. A person without the role gets 403
// naming the role needed.
func Require(role Role, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := PersonFrom(r.Context())
		if !ok {
			if r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html") {
				http.Redirect(w, r, SigninPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			plain(w, http.StatusUnauthorized, "Sign in first: "+SigninPath)
			return
		}
		if !p.Roles.Has(role) {
			msg := fmt.Sprintf("This needs the %s role; %s has %s.", role, p.Name, p.Roles)
			if p.Method == MethodLoopback {
				msg = fmt.Sprintf("This needs the %s role, and the console is read-only: no sign-in is configured.", role)
			}
			plain(w, http.StatusForbidden, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// plain answers with a line of text.
func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

// loopbackRequest reports whether r reached a loopback address under a
// loopback host name.
func loopbackRequest(r *http.Request) bool {
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if ta, ok := a.(*net.TCPAddr); ok && !ta.IP.IsLoopback() {
			return false
		}
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return isLoopbackHost(strings.Trim(host, "[]"))
}

// isLoopbackHost reports whether host is "localhost" or a loopback IP.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
