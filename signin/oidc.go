package signin

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures sign-in with the organisation's OpenID Connect
// provider (authorization code flow with PKCE).
type OIDCConfig struct {
	// Issuer is the provider's issuer URL; its discovery document is
	// fetched on the first sign-in, so a provider that is down does not
	// stop the daemon.
	Issuer string
	// ClientID is the console's client id at the provider.
	ClientID string
	// ClientSecret is the client secret. Prefer ClientSecretFile or
	// ClientSecretEnv; exactly one of the three may be set (none for a
	// public client).
	ClientSecret Secret
	// ClientSecretFile names a file holding the client secret.
	ClientSecretFile string
	// ClientSecretEnv names an environment variable holding the client secret.
	ClientSecretEnv string
	// RedirectURL is where the provider sends the browser back: the
	// console's /console/oidc/callback as the browser reaches it.
	RedirectURL string
	// Scopes are asked for besides "openid"; default "email", "profile".
	Scopes []string
	// GroupsClaim is the ID token claim listing the person's groups;
	// default "groups".
	GroupsClaim string
	// Groups maps a group to the role it grants. A person none of whose
	// groups is here is refused.
	Groups map[string]Role
	// NameClaim is the claim naming the person on the timeline; default
	// "email" (skipped when email_verified is false). "preferred_username"
	// and then "sub" are used when it is missing.
	NameClaim string
	// ProviderName is shown on the sign-in page ("Sign in with …");
	// default "single sign-on".
	ProviderName string
	// HTTPClient, when set, is used to reach the provider (a private CA,
	// a proxy).
	HTTPClient *http.Client
}

// Secret is a string that prints as "<redacted>", so a Config can be
// logged without it.
type Secret string

// String hides the secret.
func (Secret) String() string { return "<redacted>" }

// GoString hides the secret.
func (Secret) GoString() string { return "<redacted>" }

// MarshalText hides the secret.
func (Secret) MarshalText() ([]byte, error) { return []byte("<redacted>"), nil }

// ErrNoRole is returned when the provider signed a person in but none of
// their groups grants a console role.
var ErrNoRole = errors.New("no console role")

const (
	stateCookie = "breachd_oidc"
	// stateTTL is how long a person has at the provider to sign in.
	stateTTL = 10 * time.Minute
	// discoveryTimeout bounds fetching the provider's discovery document.
	discoveryTimeout = 10 * time.Second
)

// oidcFlow runs the authorization code flow. The provider is discovered
// lazily and kept once found.
type oidcFlow struct {
	cfg    OIDCConfig
	secret string
	state  codec
	now    func() time.Time

	mu       sync.Mutex
	provider *oidc.Provider
}

// newOIDC checks cfg, fills in the defaults and resolves the secret.
func newOIDC(cfg OIDCConfig, key []byte, now func() time.Time) (*oidcFlow, error) {
	var errs []error
	if cfg.Issuer == "" {
		errs = append(errs, errors.New("oidc.issuer is required"))
	} else if u, err := url.Parse(cfg.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("oidc.issuer %q is not an http(s) URL", cfg.Issuer))
	}
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("oidc.client_id is required"))
	}
	if u, err := url.Parse(cfg.RedirectURL); cfg.RedirectURL == "" || err != nil || !u.IsAbs() {
		errs = append(errs, fmt.Errorf("oidc.redirect_url %q must be the absolute URL of %s as browsers reach it", cfg.RedirectURL, OIDCCallbackPath))
	}
	if len(cfg.Groups) == 0 {
		errs = append(errs, errors.New("oidc.groups: map at least one group to a role, or nobody can sign in"))
	}
	for g, r := range cfg.Groups {
		if _, err := ParseRole(string(r)); err != nil {
			errs = append(errs, fmt.Errorf("oidc.groups[%q]: %w", g, err))
		}
	}
	set := 0
	for _, s := range []string{string(cfg.ClientSecret), cfg.ClientSecretFile, cfg.ClientSecretEnv} {
		if s != "" {
			set++
		}
	}
	if set > 1 {
		errs = append(errs, errors.New("oidc: set one of client_secret, client_secret_file and client_secret_env"))
	}
	secret := string(cfg.ClientSecret)
	switch {
	case cfg.ClientSecretFile != "":
		b, err := os.ReadFile(cfg.ClientSecretFile)
		if err != nil {
			errs = append(errs, fmt.Errorf("oidc.client_secret_file: %w", err))
		}
		secret = strings.TrimSpace(string(b))
	case cfg.ClientSecretEnv != "":
		secret = os.Getenv(cfg.ClientSecretEnv)
		if secret == "" {
			errs = append(errs, fmt.Errorf("oidc.client_secret_env: $%s is empty", cfg.ClientSecretEnv))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.NameClaim == "" {
		cfg.NameClaim = "email"
	}
	if cfg.Scopes == nil {
		cfg.Scopes = []string{"email", "profile"}
	}
	if cfg.ProviderName == "" {
		cfg.ProviderName = "single sign-on"
	}
	cfg.ClientSecret = ""
	return &oidcFlow{cfg: cfg, secret: secret, state: codec{key: deriveKey(key, "oidc state")}, now: now}, nil
}

// ctx returns ctx carrying the configured HTTP client.
func (o *oidcFlow) ctx(ctx context.Context) context.Context {
	if o.cfg.HTTPClient != nil {
		return oidc.ClientContext(ctx, o.cfg.HTTPClient)
	}
	return ctx
}

// oauth returns the OAuth 2 configuration, discovering the provider on
// first use.
func (o *oidcFlow) oauth(ctx context.Context) (*oidc.Provider, *oauth2.Config, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		// Bounded, since every sign-in waits on the lock meanwhile.
		ctx, cancel := context.WithTimeout(o.ctx(ctx), discoveryTimeout)
		defer cancel()
		p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
		if err != nil {
			return nil, nil, fmt.Errorf("discover %s: %w", o.cfg.Issuer, err)
		}
		o.provider = p
	}
	scopes := []string{oidc.ScopeOpenID}
	for _, s := range o.cfg.Scopes {
		if s != oidc.ScopeOpenID && !slices.Contains(scopes, s) {
			scopes = append(scopes, s)
		}
	}
	return o.provider, &oauth2.Config{
		ClientID:     o.cfg.ClientID,
		ClientSecret: o.secret,
		Endpoint:     o.provider.Endpoint(),
		RedirectURL:  o.cfg.RedirectURL,
		Scopes:       scopes,
	}, nil
}

// flowState is what the state cookie holds between the redirect to the
// provider and the callback.
type flowState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Expires  int64  `json:"e"`
}

// begin returns the provider's authorization URL and the state cookie
// that the callback will need.
func (o *oidcFlow) begin(ctx context.Context, next string, secure bool) (string, *http.Cookie, error) {
	_, oc, err := o.oauth(ctx)
	if err != nil {
		return "", nil, err
	}
	st := flowState{
		State:    randomString(),
		Nonce:    randomString(),
		Verifier: oauth2.GenerateVerifier(),
		Next:     next,
		Expires:  o.now().Add(stateTTL).Unix(),
	}
	v, err := o.state.seal(st)
	if err != nil {
		return "", nil, err
	}
	u := oc.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	return u, &http.Cookie{
		Name:     stateCookie,
		Value:    v,
		Path:     oidcPrefix,
		MaxAge:   int(stateTTL.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		// Lax: the provider sends the browser back with a top-level GET
		// from its own site, which must carry this cookie.
		SameSite: http.SameSiteLaxMode,
	}, nil
}

// errFlow marks a callback that does not belong to a sign-in this browser
// started, or one that took too long.
var errFlow = errors.New("sign-in expired or was not started here")

// finish completes the flow for a callback request: it checks the state,
// exchanges the code with the PKCE verifier, verifies the ID token and its
// nonce, and maps the claims to a person. It returns where to go next.
func (o *oidcFlow) finish(r *http.Request) (Person, string, error) {
	c, err := r.Cookie(stateCookie)
	if err != nil {
		return Person{}, "", errFlow
	}
	var st flowState
	if err := o.state.open(c.Value, &st); err != nil || o.now().Unix() > st.Expires {
		return Person{}, "", errFlow
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		return Person{}, "", errFlow
	}
	if e := q.Get("error"); e != "" {
		return Person{}, "", fmt.Errorf("the provider refused: %s %s", e, q.Get("error_description"))
	}
	ctx := o.ctx(r.Context())
	p, oc, err := o.oauth(ctx)
	if err != nil {
		return Person{}, "", err
	}
	tok, err := oc.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return Person{}, "", fmt.Errorf("exchange code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return Person{}, "", errors.New("the provider sent no ID token")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID, Now: o.now}).Verify(ctx, raw)
	if err != nil {
		return Person{}, "", fmt.Errorf("verify ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return Person{}, "", errors.New("verify ID token: nonce does not match")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Person{}, "", fmt.Errorf("ID token claims: %w", err)
	}
	person, err := o.person(claims)
	return person, st.Next, err
}

// person maps ID token claims to a person: the name from NameClaim, else
// the subject, the roles from the groups. The name is the timeline's actor
// and what playbook approvers are matched against, so it must be one the
// person cannot choose: an e-mail address only when the provider says it
// verified it (email_verified true), never preferred_username, which
// people can often edit at the provider.
func (o *oidcFlow) person(claims map[string]any) (Person, error) {
	var name string
	for _, c := range []string{o.cfg.NameClaim, "sub"} {
		if c == "email" {
			if v, ok := claims["email_verified"].(bool); !ok || !v {
				continue
			}
		}
		if s, ok := claims[c].(string); ok && strings.TrimSpace(s) != "" && validName(strings.TrimSpace(s)) {
			name = strings.TrimSpace(s)
			break
		}
	}
	if name == "" {
		return Person{}, errors.New("the ID token names nobody")
	}
	var groups []string
	switch g := claims[o.cfg.GroupsClaim].(type) {
	case string:
		groups = []string{g}
	case []any:
		for _, v := range g {
			if s, ok := v.(string); ok {
				groups = append(groups, s)
			}
		}
	}
	var roles Roles
	for _, g := range groups {
		if r, ok := o.cfg.Groups[g]; ok {
			roles = append(roles, r)
		}
	}
	roles = roles.normal()
	if len(roles) == 0 {
		return Person{Name: name, Method: MethodOIDC}, fmt.Errorf("%w: %s", ErrNoRole, name)
	}
	return Person{Name: name, Roles: roles, Method: MethodOIDC}, nil
}

// randomString returns 32 random bytes in URL-safe base64.
func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
