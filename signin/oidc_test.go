package signin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/oidctest"
)

// oidcConsole is a console signing in with is, and a users file too.
func oidcConsole(t *testing.T, is *oidctest.Issuer, edit func(*OIDCConfig)) *console {
	return newConsoleAt(t, func(consoleURL string) Config {
		oc := &OIDCConfig{
			Issuer:       is.URL(),
			ClientID:     oidctest.ClientID,
			ClientSecret: oidctest.ClientSecret,
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
	is := oidctest.NewIssuer(t, clk.Now)
	c := oidcConsole(t, is, nil)
	is.SetClock(c.clk.Now)

	t.Run("a privacy officer signs in and is named by email", func(t *testing.T) {
		is.SignInAs(map[string]any{"sub": "u-17", "email": "dana@example.org", "email_verified": true, "groups": []string{"staff", "dpo"}})
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
		is.SignInAs(map[string]any{"sub": "u-18", "email": "sam@example.org", "email_verified": true, "groups": []string{"soc", "dpo"}})
		b := c.browser()
		resp, body := c.oidcSignIn(b, "/")
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		_, body = c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, "sam@example.org responder,privacy oidc", body)
	})
	t.Run("an e-mail the provider did not say it verified gives way to the subject, never to preferred_username", func(t *testing.T) {
		for i, verified := range []any{false, nil} {
			claims := map[string]any{"sub": fmt.Sprintf("u-19-%d", i), "email": "ceo@example.org", "preferred_username": "alice", "groups": "soc"}
			if verified != nil {
				claims["email_verified"] = verified
			}
			is.SignInAs(claims)
			b := c.browser()
			c.oidcSignIn(b, "/")
			_, body := c.do(b, http.MethodGet, "/console/incidents", nil)
			require.Equal(t, fmt.Sprintf("u-19-%d responder oidc", i), body)
		}
	})
	t.Run("a provider's name that is a local account's is refused", func(t *testing.T) {
		is.SignInAs(map[string]any{"sub": "alice", "groups": []string{"dpo"}})
		b := c.browser()
		resp, body := c.oidcSignIn(b, "/console/incidents")
		require.Equal(t, http.StatusForbidden, resp.StatusCode)
		require.Contains(t, body, "which is also the name of a local account of the console")
		for _, ck := range resp.Cookies() {
			require.NotEqual(t, SessionCookie, ck.Name)
		}
	})
	t.Run("without email or username the subject names the person", func(t *testing.T) {
		is.SignInAs(map[string]any{"sub": "u-20", "groups": []string{"it-admins"}})
		b := c.browser()
		c.oidcSignIn(b, "/")
		_, body := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, "u-20 admin oidc", body)
	})
	t.Run("a person none of whose groups maps to a role is told so", func(t *testing.T) {
		is.SignInAs(map[string]any{"sub": "u-21", "email": "guest@example.org", "email_verified": true, "groups": []string{"staff"}})
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
		is.SignInAs(map[string]any{"sub": "u-22", "email": "dana@example.org", "groups": []string{"dpo"}})
		b := c.browser()
		c.oidcSignIn(b, "/")
		c.clk.Add(DefaultIdleTimeout)
		resp, _ := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
}

func TestOIDCCallbackRefused(t *testing.T) {
	clk := newClock()
	is := oidctest.NewIssuer(t, clk.Now)
	c := oidcConsole(t, is, nil)
	is.SetClock(c.clk.Now)
	is.SignInAs(map[string]any{"sub": "u-1", "email": "dana@example.org", "groups": []string{"dpo"}})

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
		is.SetWrongNonce(true)
		defer is.SetWrongNonce(false)
		resp, body := c.oidcSignIn(c.browser(), "/")
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		require.Contains(t, body, "Sign-in with Test IdP failed.")
	})
	t.Run("an expired ID token", func(t *testing.T) {
		is.SetTokenTTL(-time.Hour)
		defer is.SetTokenTTL(5 * time.Minute)
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
	is := oidctest.NewIssuer(t, clk.Now)
	is.SignInAs(map[string]any{"sub": "u-1", "email": "dana@example.org", "groups": []string{"dpo"}})
	secretFile := filepath.Join(t.TempDir(), "client_secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(oidctest.ClientSecret+"\n"), 0o600))
	t.Setenv("BREACHD_TEST_OIDC_SECRET", oidctest.ClientSecret)
	for name, edit := range map[string]func(*OIDCConfig){
		"from a file":                  func(oc *OIDCConfig) { oc.ClientSecret, oc.ClientSecretFile = "", secretFile },
		"from an environment variable": func(oc *OIDCConfig) { oc.ClientSecret, oc.ClientSecretEnv = "", "BREACHD_TEST_OIDC_SECRET" },
	} {
		t.Run("the client secret "+name+" is used", func(t *testing.T) {
			c := oidcConsole(t, is, edit)
			is.SetClock(c.clk.Now)
			resp, body := c.oidcSignIn(c.browser(), "/")
			require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		})
	}
	t.Run("the secret does not print", func(t *testing.T) {
		oc := OIDCConfig{ClientSecret: oidctest.ClientSecret}
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			require.NotContains(t, fmt.Sprintf(f, oc), oidctest.ClientSecret, f)
		}
		b, err := json.Marshal(oc)
		require.NoError(t, err)
		require.NotContains(t, string(b), oidctest.ClientSecret)
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
		return Config{OIDC: &OIDCConfig{Issuer: down.URL, ClientID: oidctest.ClientID, RedirectURL: consoleURL + OIDCCallbackPath,
			Groups: map[string]Role{"dpo": Privacy}}}
	})
	resp, body := c.do(c.browser(), http.MethodGet, OIDCLoginPath, nil)
	require.Equal(t, http.StatusBadGateway, resp.StatusCode)
	require.Contains(t, body, "The sign-in provider cannot be reached.")
}
