package signin

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
)

//go:embed signin.html
var signinHTML string

var signinPage = template.Must(template.New("signin").Parse(signinHTML))

// signinCSP lets the page's one inline style through, by its hash, and
// nothing else.
var signinCSP = "default-src 'none'; style-src '" + styleHash(signinHTML) + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// styleHash is the CSP source of the first <style> element of page.
func styleHash(page string) string {
	_, rest, _ := strings.Cut(page, "<style>")
	css, _, _ := strings.Cut(rest, "</style>")
	sum := sha256.Sum256([]byte(css))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// pageData fills signin.html.
type pageData struct {
	Error    string
	ReadOnly bool
	Password bool
	Provider string
	OIDCURL  string
	Next     string
	Name     string
}

const (
	maxForm     = 64 << 10
	maxPassword = 1024
)

// page renders the sign-in page with status and an optional error.
func (m *Manager) page(w http.ResponseWriter, status int, next, name, msg string) {
	d := pageData{Error: msg, ReadOnly: !m.Enabled(), Password: m.users.Load() != nil, Next: next, Name: name}
	if m.oidc != nil {
		d.Provider = m.oidc.cfg.ProviderName
		d.OIDCURL = OIDCLoginPath + "?next=" + url.QueryEscape(next)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	// The form must not be framed by another site (clickjacking).
	h.Set("Content-Security-Policy", signinCSP)
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	// An error here is the client going away; there is nobody to tell.
	_ = signinPage.Execute(w, d)
}

func (m *Manager) getSignin(w http.ResponseWriter, r *http.Request) {
	m.page(w, http.StatusOK, safeNext(r.URL.Query().Get("next")), "", "")
}

func (m *Manager) postSignin(w http.ResponseWriter, r *http.Request) {
	users := m.users.Load()
	if users == nil {
		plain(w, http.StatusNotFound, "Password sign-in is not configured.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		plain(w, http.StatusBadRequest, "Unreadable form.")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	now := m.now()
	addr := m.clientHost(r)
	// A name longer than any account's cannot sign in; cutting it keeps
	// the limiter's keys small.
	keys := []string{"addr\x00" + addr, "name\x00" + name[:min(len(name), 256)]}
	// A name that is no account's may be a password typed into the wrong
	// box: the log names only accounts.
	logged := "(not an account)"
	if _, ok := users.Lookup(name); ok {
		logged = name
	}
	log := m.log.With().Str("name", logged).Str("remote", addr).Logger()
	if !m.limit.take(now, keys...) {
		log.Warn().Msg("password sign-in refused: too many failures")
		w.Header().Set("Retry-After", "60")
		m.page(w, http.StatusTooManyRequests, next, name, "Too many failed sign-ins. Wait a minute and try again.")
		return
	}
	var u *User
	err := ErrWrongPassword
	if len(password) <= maxPassword {
		// Each check may take tens of MiB; a few at a time bound the
		// memory a burst of requests can take.
		select {
		case m.verifying <- struct{}{}:
			u, err = users.Authenticate(name, password)
			<-m.verifying
		case <-r.Context().Done():
			return
		}
	}
	if err != nil {
		log.Info().Msg("password sign-in failed")
		m.page(w, http.StatusUnauthorized, next, name, "Wrong name or password.")
		return
	}
	m.limit.forgive(now, keys...)
	if err := m.startSession(w, Person{Name: u.Name, Roles: slices.Clone(u.Roles), Method: MethodPassword}, now); err != nil {
		log.Error().Err(err).Msg("session cookie")
		plain(w, http.StatusInternalServerError, "Could not start a session.")
		return
	}
	log.Info().Str("roles", u.Roles.String()).Msg("signed in with password")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (m *Manager) postSignout(w http.ResponseWriter, r *http.Request) {
	if p, ok := PersonFrom(r.Context()); ok && p.Method != MethodLoopback {
		m.log.Info().Str("name", p.Name).Str("method", string(p.Method)).Msg("signed out")
	}
	if m.Enabled() {
		http.SetCookie(w, m.sessions.clear())
	}
	http.Redirect(w, r, SigninPath, http.StatusSeeOther)
}

func (m *Manager) oidcLogin(w http.ResponseWriter, r *http.Request) {
	if m.oidc == nil {
		plain(w, http.StatusNotFound, "Single sign-on is not configured.")
		return
	}
	next := safeNext(r.URL.Query().Get("next"))
	u, c, err := m.oidc.begin(r.Context(), next, m.cfg.SecureCookies)
	if err != nil {
		m.log.Error().Err(err).Msg("oidc provider unreachable")
		m.page(w, http.StatusBadGateway, next, "", "The sign-in provider cannot be reached. Try again in a moment.")
		return
	}
	http.SetCookie(w, c)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u, http.StatusFound)
}

func (m *Manager) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if m.oidc == nil {
		plain(w, http.StatusNotFound, "Single sign-on is not configured.")
		return
	}
	// The state cookie serves one callback, whatever its outcome.
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: oidcPrefix, MaxAge: -1, HttpOnly: true,
		Secure: m.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	p, next, err := m.oidc.finish(r)
	now := m.now()
	switch {
	case errors.Is(err, errFlow):
		m.log.Info().Str("remote", m.clientHost(r)).Msg("oidc callback refused: no matching sign-in")
		m.page(w, http.StatusBadRequest, "/", "", "That sign-in expired or was not started in this browser. Start again.")
		return
	case errors.Is(err, ErrNoRole):
		m.log.Warn().Str("name", p.Name).Msg("oidc sign-in refused: no group maps to a role")
		m.page(w, http.StatusForbidden, next, "", "You signed in as "+p.Name+
			", but none of your groups gives a role in the breachd console. Ask an administrator to map one of your groups to a role.")
		return
	case err != nil:
		m.log.Warn().Err(err).Msg("oidc sign-in failed")
		m.page(w, http.StatusUnauthorized, next, "", "Sign-in with "+m.oidc.cfg.ProviderName+" failed. Start again.")
		return
	}
	// One name, one person: a provider's name that is a local account's
	// would act, approve and appear on timelines as that account.
	if _, local := m.users.Load().Lookup(p.Name); local {
		m.log.Warn().Str("name", p.Name).Msg("oidc sign-in refused: the name is a local account's")
		m.page(w, http.StatusForbidden, next, "", "You signed in as "+p.Name+
			", which is also the name of a local account of the console. Ask an administrator to rename one of them.")
		return
	}
	if err := m.startSession(w, p, now); err != nil {
		m.log.Error().Err(err).Msg("session cookie")
		plain(w, http.StatusInternalServerError, "Could not start a session.")
		return
	}
	m.log.Info().Str("name", p.Name).Str("roles", p.Roles.String()).Msg("signed in with oidc")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// startSession sets the session cookie for p.
func (m *Manager) startSession(w http.ResponseWriter, p Person, now time.Time) error {
	c, err := m.sessions.cookie(session{Name: p.Name, Roles: p.Roles, Method: p.Method, Issued: now.Unix(), Seen: now.Unix()})
	if err != nil {
		return err
	}
	http.SetCookie(w, c)
	return nil
}

// safeNext returns next when it is a path on this site, else "/": a
// sign-in must not send the browser to another site.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// remoteHost is the address the request came from, without the port.
// clientHost is the address of the browser that sent r: the connection's
// peer, or, when that is a trusted proxy (Config.TrustedProxies), the
// nearest address in X-Forwarded-For that is not one. Behind a proxy every
// request comes from the proxy, and limiting its address would lock out
// everyone at once.
func (m *Manager) clientHost(r *http.Request) string {
	host := remoteHost(r)
	if !m.trustedProxy(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !m.trustedProxy(hop) {
			return hop
		}
	}
	return host
}

// trustedProxy reports whether host is an address of a trusted proxy.
func (m *Manager) trustedProxy(host string) bool {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range m.cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func remoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}
