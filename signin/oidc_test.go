package signin

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
)

const (
	testClientID     = "breachd-console"
	testClientSecret = "s3cret-never-logged"
)

// issuer is an OpenID Connect provider served in the test: discovery,
// JWKS, an authorization endpoint that signs in whoever claims says and
// redirects back with a code, and a token endpoint that checks the client
// secret and the PKCE verifier and returns a signed ID token.
type issuer struct {
	t   *testing.T
	srv *httptest.Server
	key *rsa.PrivateKey
	now func() time.Time

	mu     sync.Mutex
	claims map[string]any // the person who signs in next
	// Deliberate faults.
	wrongNonce bool
	tokenTTL   time.Duration
	codes      map[string]grant
}

// grant is what the authorization endpoint remembers for a code.
type grant struct {
	nonce, challenge, redirect string
	claims                     map[string]any
}

func newIssuer(t *testing.T, now func() time.Time) *issuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	is := &issuer{t: t, key: key, now: now, codes: map[string]grant{}, tokenTTL: 5 * time.Minute}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", is.discovery)
	mux.HandleFunc("GET /jwks", is.jwks)
	mux.HandleFunc("GET /authorize", is.authorize)
	mux.HandleFunc("POST /token", is.token)
	is.srv = httptest.NewServer(mux)
	t.Cleanup(is.srv.Close)
	return is
}

// signInAs sets the claims of the person the provider signs in next.
func (is *issuer) signInAs(claims map[string]any) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.claims = claims
}

func (is *issuer) discovery(w http.ResponseWriter, r *http.Request) {
	u := is.srv.URL
	json.NewEncoder(w).Encode(map[string]any{
		"issuer":                                u,
		"authorization_endpoint":                u + "/authorize",
		"token_endpoint":                        u + "/token",
		"jwks_uri":                              u + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (is *issuer) jwks(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &is.key.PublicKey, KeyID: "test-key", Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

func (is *issuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != testClientID || q.Get("response_type") != "code" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" ||
		!strings.Contains(" "+q.Get("scope")+" ", " openid ") {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	is.mu.Lock()
	code := randomString()
	is.codes[code] = grant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), claims: maps.Clone(is.claims)}
	is.mu.Unlock()
	back, err := url.Parse(q.Get("redirect_uri"))
	require.NoError(is.t, err)
	v := url.Values{"code": {code}, "state": {q.Get("state")}}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (is *issuer) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	if id != testClientID || secret != testClientSecret {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	is.mu.Lock()
	g, ok := is.codes[r.PostFormValue("code")]
	delete(is.codes, r.PostFormValue("code"))
	wrongNonce, ttl := is.wrongNonce, is.tokenTTL
	is.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	if !ok || r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("redirect_uri") != g.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant"}`)
		return
	}
	now := is.now()
	claims := map[string]any{
		"iss": is.srv.URL, "aud": testClientID, "iat": now.Unix(), "exp": now.Add(ttl).Unix(), "nonce": g.nonce,
	}
	if wrongNonce {
		claims["nonce"] = "another"
	}
	maps.Copy(claims, g.claims)
	payload, err := json.Marshal(claims)
	require.NoError(is.t, err)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: is.key, KeyID: "test-key"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(is.t, err)
	jws, err := signer.Sign(payload)
	require.NoError(is.t, err)
	idToken, err := jws.CompactSerialize()
	require.NoError(is.t, err)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + randomString(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// oidcConsole is a console signing in with is, and a users file too.
func oidcConsole(t *testing.T, is *issuer, edit func(*OIDCConfig)) *console {
	return newConsoleAt(t, func(consoleURL string) Config {
		oc := &OIDCConfig{
			Issuer:       is.srv.URL,
			ClientID:     testClientID,
			ClientSecret: testClientSecret,
			RedirectURL:  consoleURL + OIDCCallbackPath,
			Groups:       map[string]Role{"dpo": Privacy, "soc": Responder, "it-admins": Admin},
			ProviderName: "Test IdP",
		}
		if edit != nil {
			edit(oc)
		}
		return Config{OIDC: oc, UsersFile: writeFile(t, "users.yaml", testUsers(t), 0o600)}
	})
}

// oidcSignIn drives the browser through the whole flow and returns the
// console's answer to the callback.
func (c *console) oidcSignIn(b *http.Client, next string) (*http.Response, string) {
	c.t.Helper()
	resp, body := c.do(b, http.MethodGet, OIDCLoginPath+"?next="+url.QueryEscape(next), nil)
	require.Equal(c.t, http.StatusFound, resp.StatusCode, body)
	auth := resp.Header.Get("Location")
	st := resp.Cookies()
	require.Len(c.t, st, 1)
	require.Equal(c.t, stateCookie, st[0].Name)
	require.True(c.t, st[0].HttpOnly)
	require.Equal(c.t, http.SameSiteLaxMode, st[0].SameSite)

	resp, err := b.Get(auth)
	require.NoError(c.t, err)
	resp.Body.Close()
	require.Equal(c.t, http.StatusFound, resp.StatusCode)
	back := resp.Header.Get("Location")
	require.True(c.t, strings.HasPrefix(back, c.srv.URL+OIDCCallbackPath), back)
	return c.do(b, http.MethodGet, strings.TrimPrefix(back, c.srv.URL), nil)
}

func TestOIDCSignIn(t *testing.T) {
	clk := newClock()
	is := newIssuer(t, clk.Now)
	c := oidcConsole(t, is, nil)
	is.now = c.clk.Now

	t.Run("a privacy officer signs in and is named by email", func(t *testing.T) {
		is.signInAs(map[string]any{"sub": "u-17", "email": "dana@example.org", "email_verified": true, "groups": []string{"staff", "dpo"}})
		b := c.browser()
		resp, body := c.oidcSignIn(b, "/console/incidents")
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		require.Equal(t, "/console/incidents", resp.Header.Get("Location"))
		resp, body = c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, "dana@example.org privacy oidc", body)
		resp, body = c.do(b, http.MethodPost, "/console/incidents/INC-1/facts", url.Values{}, "Sec-Fetch-Site", "same-origin")
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		resp, body = c.do(b, http.MethodPost, "/console/silences", url.Values{}, "Sec-Fetch-Site", "same-origin")
		require.Equal(t, http.StatusForbidden, resp.StatusCode)
		require.Contains(t, body, "This needs the admin role; dana@example.org has privacy.")
	})
	t.Run("several groups give several roles", func(t *testing.T) {
		is.signInAs(map[string]any{"sub": "u-18", "email": "sam@example.org", "groups": []string{"soc", "dpo"}})
		b := c.browser()
		resp, body := c.oidcSignIn(b, "/")
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		_, body = c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, "sam@example.org responder,privacy oidc", body)
	})
	t.Run("an unverified email gives way to preferred_username", func(t *testing.T) {
		is.signInAs(map[string]any{"sub": "u-19", "email": "ceo@example.org", "email_verified": false, "preferred_username": "eve", "groups": "soc"})
		b := c.browser()
		c.oidcSignIn(b, "/")
		_, body := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, "eve responder oidc", body)
	})
	t.Run("without email or username the subject names the person", func(t *testing.T) {
		is.signInAs(map[string]any{"sub": "u-20", "groups": []string{"it-admins"}})
		b := c.browser()
		c.oidcSignIn(b, "/")
		_, body := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, "u-20 admin oidc", body)
	})
	t.Run("a person none of whose groups maps to a role is told so", func(t *testing.T) {
		is.signInAs(map[string]any{"sub": "u-21", "email": "guest@example.org", "groups": []string{"staff"}})
		b := c.browser()
		resp, body := c.oidcSignIn(b, "/console/incidents")
		require.Equal(t, http.StatusForbidden, resp.StatusCode)
		require.Contains(t, body, "You signed in as guest@example.org, but none of your groups gives a role in the breachd console.")
		for _, ck := range resp.Cookies() {
			require.NotEqual(t, SessionCookie, ck.Name)
		}
		resp, _ = c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
	t.Run("the sign-in page links to the provider", func(t *testing.T) {
		_, body := c.do(c.browser(), http.MethodGet, SigninPath+"?next=/console/incidents", nil)
		require.Contains(t, body, `<a href="/console/oidc/login?next=%2Fconsole%2Fincidents">Sign in with Test IdP</a>`)
		require.Contains(t, body, `<form method="post"`, "the users file is configured too")
	})
	t.Run("an expired session from the provider is signed out", func(t *testing.T) {
		is.signInAs(map[string]any{"sub": "u-22", "email": "dana@example.org", "groups": []string{"dpo"}})
		b := c.browser()
		c.oidcSignIn(b, "/")
		c.clk.Add(DefaultIdleTimeout)
		resp, _ := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
}

func TestOIDCCallbackRefused(t *testing.T) {
	clk := newClock()
	is := newIssuer(t, clk.Now)
	c := oidcConsole(t, is, nil)
	is.now = c.clk.Now
	is.signInAs(map[string]any{"sub": "u-1", "email": "dana@example.org", "groups": []string{"dpo"}})

	t.Run("a callback this browser did not start", func(t *testing.T) {
		b := c.browser()
		resp, _ := c.do(b, http.MethodGet, OIDCLoginPath, nil)
		authResp, err := b.Get(resp.Header.Get("Location"))
		require.NoError(t, err)
		authResp.Body.Close()
		back := strings.TrimPrefix(authResp.Header.Get("Location"), c.srv.URL)
		// Another browser, without the state cookie, follows the link.
		resp, body := c.do(c.browser(), http.MethodGet, back, nil)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode)
		require.Contains(t, body, "That sign-in expired or was not started in this browser.")
	})
	t.Run("a callback with another state", func(t *testing.T) {
		b := c.browser()
		c.do(b, http.MethodGet, OIDCLoginPath, nil)
		resp, _ := c.do(b, http.MethodGet, OIDCCallbackPath+"?code=x&state=forged", nil)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	})
	t.Run("a sign-in that took longer than ten minutes", func(t *testing.T) {
		b := c.browser()
		resp, _ := c.do(b, http.MethodGet, OIDCLoginPath, nil)
		authResp, err := b.Get(resp.Header.Get("Location"))
		require.NoError(t, err)
		authResp.Body.Close()
		c.clk.Add(stateTTL + time.Second)
		resp, _ = c.do(b, http.MethodGet, strings.TrimPrefix(authResp.Header.Get("Location"), c.srv.URL), nil)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	})
	t.Run("an ID token with another nonce", func(t *testing.T) {
		is.mu.Lock()
		is.wrongNonce = true
		is.mu.Unlock()
		defer func() { is.mu.Lock(); is.wrongNonce = false; is.mu.Unlock() }()
		resp, body := c.oidcSignIn(c.browser(), "/")
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		require.Contains(t, body, "Sign-in with Test IdP failed.")
	})
	t.Run("an expired ID token", func(t *testing.T) {
		is.mu.Lock()
		is.tokenTTL = -time.Hour
		is.mu.Unlock()
		defer func() { is.mu.Lock(); is.tokenTTL = 5 * time.Minute; is.mu.Unlock() }()
		resp, _ := c.oidcSignIn(c.browser(), "/")
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
	t.Run("the provider's own refusal", func(t *testing.T) {
		b := c.browser()
		resp, _ := c.do(b, http.MethodGet, OIDCLoginPath, nil)
		au, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		state := au.Query().Get("state")
		resp, _ = c.do(b, http.MethodGet, OIDCCallbackPath+"?error=access_denied&state="+url.QueryEscape(state), nil)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
	t.Run("an open redirect in next", func(t *testing.T) {
		resp, _ := c.oidcSignIn(c.browser(), "//evil.example/")
		require.Equal(t, http.StatusSeeOther, resp.StatusCode)
		require.Equal(t, "/", resp.Header.Get("Location"))
	})
}

func TestOIDCClientSecretFromFileAndEnv(t *testing.T) {
	clk := newClock()
	is := newIssuer(t, clk.Now)
	is.signInAs(map[string]any{"sub": "u-1", "email": "dana@example.org", "groups": []string{"dpo"}})
	secretFile := filepath.Join(t.TempDir(), "client_secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(testClientSecret+"\n"), 0o600))
	t.Setenv("BREACHD_TEST_OIDC_SECRET", testClientSecret)
	for name, edit := range map[string]func(*OIDCConfig){
		"from a file":                  func(oc *OIDCConfig) { oc.ClientSecret, oc.ClientSecretFile = "", secretFile },
		"from an environment variable": func(oc *OIDCConfig) { oc.ClientSecret, oc.ClientSecretEnv = "", "BREACHD_TEST_OIDC_SECRET" },
	} {
		t.Run("the client secret "+name+" is used", func(t *testing.T) {
			c := oidcConsole(t, is, edit)
			is.now = c.clk.Now
			resp, body := c.oidcSignIn(c.browser(), "/")
			require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		})
	}
	t.Run("the secret does not print", func(t *testing.T) {
		oc := OIDCConfig{ClientSecret: testClientSecret}
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			require.NotContains(t, fmt.Sprintf(f, oc), testClientSecret, f)
		}
		b, err := json.Marshal(oc)
		require.NoError(t, err)
		require.NotContains(t, string(b), testClientSecret)
	})
}

func TestOIDCConfigRefused(t *testing.T) {
	key := make([]byte, KeySize)
	_, err := newOIDC(OIDCConfig{}, key, time.Now)
	require.ErrorContains(t, err, "oidc.issuer is required")
	require.ErrorContains(t, err, "oidc.client_id is required")
	require.ErrorContains(t, err, "oidc.redirect_url")
	require.ErrorContains(t, err, "oidc.groups: map at least one group")

	_, err = newOIDC(OIDCConfig{Issuer: "https://idp.example", ClientID: "c", RedirectURL: "https://c.example/console/oidc/callback",
		Groups: map[string]Role{"dpo": "dpo"}, ClientSecret: "a", ClientSecretEnv: "B"}, key, time.Now)
	require.ErrorContains(t, err, `oidc.groups["dpo"]: unknown role "dpo"`)
	require.ErrorContains(t, err, "set one of client_secret, client_secret_file and client_secret_env")

	t.Setenv("BREACHD_EMPTY", "")
	_, err = newOIDC(OIDCConfig{Issuer: "https://idp.example", ClientID: "c", RedirectURL: "https://c.example/console/oidc/callback",
		Groups: map[string]Role{"dpo": Privacy}, ClientSecretEnv: "BREACHD_EMPTY"}, key, time.Now)
	require.ErrorContains(t, err, "$BREACHD_EMPTY is empty")
}

func TestOIDCProviderDown(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	c := newConsoleAt(t, func(consoleURL string) Config {
		return Config{OIDC: &OIDCConfig{Issuer: down.URL, ClientID: testClientID, RedirectURL: consoleURL + OIDCCallbackPath,
			Groups: map[string]Role{"dpo": Privacy}}}
	})
	resp, body := c.do(c.browser(), http.MethodGet, OIDCLoginPath, nil)
	require.Equal(t, http.StatusBadGateway, resp.StatusCode)
	require.Contains(t, body, "The sign-in provider cannot be reached.")
}
