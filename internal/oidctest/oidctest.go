// Package oidctest serves an OpenID Connect provider in a test, for the
// console's sign-in: discovery, JWKS, an authorization endpoint that signs
// in whoever the test says and redirects back with a code, and a token
// endpoint that checks the client secret and the PKCE verifier and returns
// a signed ID token.
package oidctest

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
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// The client the issuer knows.
const (
	ClientID     = "breachd-console"
	ClientSecret = "s3cret-never-logged"
)

// Issuer is an OpenID Connect provider served in the test.
type Issuer struct {
	t   testing.TB
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

// NewIssuer serves an issuer until the test ends; now is its clock.
func NewIssuer(t testing.TB, now func() time.Time) *Issuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &Issuer{t: t, key: key, now: now, codes: map[string]grant{}, tokenTTL: 5 * time.Minute}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", is.discovery)
	mux.HandleFunc("GET /jwks", is.jwks)
	mux.HandleFunc("GET /authorize", is.authorize)
	mux.HandleFunc("POST /token", is.token)
	is.srv = httptest.NewServer(mux)
	t.Cleanup(is.srv.Close)
	return is
}

// SignInAs sets the claims of the person the provider signs in next.
func (is *Issuer) SignInAs(claims map[string]any) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.claims = claims
}

func (is *Issuer) discovery(w http.ResponseWriter, r *http.Request) {
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

func (is *Issuer) jwks(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &is.key.PublicKey, KeyID: "test-key", Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

func (is *Issuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != ClientID || q.Get("response_type") != "code" ||
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
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	v := url.Values{"code": {code}, "state": {q.Get("state")}}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (is *Issuer) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	if id != ClientID || secret != ClientSecret {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	is.mu.Lock()
	g, ok := is.codes[r.PostFormValue("code")]
	delete(is.codes, r.PostFormValue("code"))
	wrongNonce, ttl, clock := is.wrongNonce, is.tokenTTL, is.now
	is.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	if !ok || r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("redirect_uri") != g.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant"}`)
		return
	}
	now := clock()
	claims := map[string]any{
		"iss": is.srv.URL, "aud": ClientID, "iat": now.Unix(), "exp": now.Add(ttl).Unix(), "nonce": g.nonce,
	}
	if wrongNonce {
		claims["nonce"] = "another"
	}
	maps.Copy(claims, g.claims)
	idToken, err := is.sign(claims)
	if err != nil {
		is.t.Errorf("sign the ID token: %v", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + randomString(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// sign makes a compact JWS of claims with the issuer's key.
func (is *Issuer) sign(claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: is.key, KeyID: "test-key"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// URL is the issuer's URL.
func (is *Issuer) URL() string { return is.srv.URL }

// SetWrongNonce makes the ID tokens carry another nonce than asked.
func (is *Issuer) SetWrongNonce(wrong bool) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.wrongNonce = wrong
}

// SetTokenTTL sets how long the ID tokens are valid (negative: expired).
func (is *Issuer) SetTokenTTL(d time.Duration) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.tokenTTL = d
}

// randomString is 16 random bytes, base64url.
func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SetClock sets the issuer's clock, which dates the ID tokens.
func (is *Issuer) SetClock(now func() time.Time) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.now = now
}
