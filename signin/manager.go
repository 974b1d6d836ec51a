package signin

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
)

// The console's sign-in paths.
const (
	SigninPath       = "/console/signin"
	SignoutPath      = "/console/signout"
	OIDCLoginPath    = "/console/oidc/login"
	OIDCCallbackPath = "/console/oidc/callback"
	oidcPrefix       = "/console/oidc/"
)

// Default session lifetimes.
const (
	DefaultIdleTimeout = 8 * time.Hour
	DefaultMaxAge      = 24 * time.Hour
)

// Config configures sign-in. With neither UsersFile nor OIDC the console
// is read-only and serves loopback only.
type Config struct {
	// UsersFile is the local users file (see ParseUsers); it must not be
	// readable by group or others.
	UsersFile string
	// OIDC, when set, signs people in with the organisation's provider.
	OIDC *OIDCConfig
	// KeyFile holds the session signing key, created when missing (see
	// LoadOrCreateKey). Required when sign-in is configured.
	KeyFile string
	// SecureCookies marks cookies Secure. Leave it false only when the
	// console is served over plain HTTP on loopback; CheckListen refuses
	// anything else.
	SecureCookies bool
	// IdleTimeout signs a person out after this long without a request;
	// default 8h.
	IdleTimeout time.Duration
	// MaxAge signs a person out this long after signing in, however busy;
	// default 24h.
	MaxAge time.Duration
	// FailuresPerMinute is how many failed password sign-ins a remote
	// address, and a name, may have in a minute before getting 429;
	// default 5.
	FailuresPerMinute int
	// TrustedProxies are the reverse proxies in front of the console: a
	// request from one of them is counted, for the failure limit and the
	// log, as coming from the address it gives in X-Forwarded-For.
	TrustedProxies []netip.Prefix
	// TrustedOrigins are origins, besides the console's own host, whose
	// requests are not cross-site: a reverse proxy that rewrites Host
	// needs the address browsers use, as "https://breachd.example.org".
	TrustedOrigins []string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger receives sign-ins, sign-outs and refusals, never passwords,
	// secrets or cookies.
	Logger zerolog.Logger
}

// Manager signs people in and out and says who is making each request.
type Manager struct {
	cfg Config
	// users is the users file as last read (nil without one); SIGHUP
	// reads it again (ReloadUsers).
	users    atomic.Pointer[Users]
	oidc     *oidcFlow
	sessions sessions
	cop      *http.CrossOriginProtection
	limit    *limiter
	// verifying holds a token for each password check under way.
	verifying chan struct{}
	now       func() time.Time
	log       zerolog.Logger
}

// New checks cfg, loads the users file and the key, and returns a Manager.
// It does not contact the OpenID Connect provider.
func New(cfg Config) (*Manager, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	if cfg.FailuresPerMinute == 0 {
		cfg.FailuresPerMinute = 5
	}
	var errs []error
	if cfg.IdleTimeout < 0 || cfg.MaxAge < 0 || cfg.IdleTimeout > cfg.MaxAge {
		errs = append(errs, fmt.Errorf("idle timeout %s must be positive and at most the max age %s", cfg.IdleTimeout, cfg.MaxAge))
	}
	if cfg.FailuresPerMinute < 0 {
		errs = append(errs, errors.New("failures per minute must be positive"))
	}
	cop := http.NewCrossOriginProtection()
	for _, o := range cfg.TrustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			errs = append(errs, fmt.Errorf("trusted origin: %w", err))
		}
	}
	enabled := cfg.UsersFile != "" || cfg.OIDC != nil
	if enabled && cfg.KeyFile == "" {
		errs = append(errs, errors.New("a session key file is required with sign-in"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("sign-in: %w", err)
	}
	m := &Manager{
		cfg:   cfg,
		now:   cfg.Now,
		log:   cfg.Logger.With().Str("component", "signin").Logger(),
		limit: newLimiter(cfg.FailuresPerMinute, time.Minute),
		cop:   cop,
		// Four checks at 64 MiB each stay within a small server's memory.
		verifying: make(chan struct{}, 4),
	}
	m.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.log.Warn().Str("method", r.Method).Str("path", r.URL.Path).Str("origin", r.Header.Get("Origin")).
			Str("remote", r.RemoteAddr).Msg("cross-site request refused")
		plain(w, http.StatusForbidden, "Cross-site request refused.")
	}))
	if !enabled {
		return m, nil
	}
	key, err := LoadOrCreateKey(cfg.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("sign-in: %w", err)
	}
	m.sessions = sessions{
		codec:  codec{key: deriveKey(key, "session")},
		idle:   cfg.IdleTimeout,
		maxAge: cfg.MaxAge,
		secure: cfg.SecureCookies,
	}
	if cfg.UsersFile != "" {
		users, err := LoadUsers(cfg.UsersFile)
		if err != nil {
			return nil, fmt.Errorf("sign-in: %w", err)
		}
		m.users.Store(users)
	}
	if cfg.OIDC != nil {
		if m.oidc, err = newOIDC(*cfg.OIDC, key, cfg.Now); err != nil {
			return nil, fmt.Errorf("sign-in: %w", err)
		}
	}
	return m, nil
}

// Enabled reports whether any sign-in is configured. Without it every
// request is LoopbackPerson's.
func (m *Manager) Enabled() bool { return m.users.Load() != nil || m.oidc != nil }

// ReloadUsers reads the users file again and puts it in force: an account
// or a role removed stops working at once, since a password session takes
// its roles from the file on every request. A file that does not load is
// refused whole and the one in force stays. Without a users file it does
// nothing.
func (m *Manager) ReloadUsers() error {
	if m.cfg.UsersFile == "" {
		return nil
	}
	users, err := LoadUsers(m.cfg.UsersFile)
	if err != nil {
		return fmt.Errorf("sign-in: %w", err)
	}
	m.users.Store(users)
	m.log.Info().Int("users", users.Len()).Str("file", m.cfg.UsersFile).Msg("console users loaded")
	return nil
}

// CheckListen refuses to serve the console on addr when that would expose
// it: without sign-in, or with cookies not marked Secure, the console
// serves loopback only.
func (m *Manager) CheckListen(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("console listen address %q: %w", addr, err)
	}
	if host != "" && isLoopbackHost(host) {
		return nil
	}
	if !m.Enabled() {
		return fmt.Errorf("console listen address %s is not loopback, and no sign-in is configured: "+
			"without a users file or an OpenID Connect provider the console is read-only and serves this machine only", addr)
	}
	if !m.cfg.SecureCookies {
		return fmt.Errorf("console listen address %s is not loopback, and session cookies are not marked Secure: "+
			"serve the console over HTTPS with secure cookies, or on loopback", addr)
	}
	return nil
}

// Handler serves the sign-in pages: SigninPath (GET, POST), SignoutPath
// (POST), OIDCLoginPath and OIDCCallbackPath (GET). It is wrapped in
// Middleware already.
func (m *Manager) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+SigninPath, m.getSignin)
	mux.HandleFunc("POST "+SigninPath, m.postSignin)
	mux.HandleFunc("POST "+SignoutPath, m.postSignout)
	mux.HandleFunc("GET "+OIDCLoginPath, m.oidcLogin)
	mux.HandleFunc("GET "+OIDCCallbackPath, m.oidcCallback)
	return m.Middleware(mux)
}
