package signin

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// console is a test console: the sign-in routes plus one page per role,
// each answering with the person's name.
type console struct {
	t   *testing.T
	m   *Manager
	srv *httptest.Server
	clk *clock
}

func newConsole(t *testing.T, cfg Config) *console {
	return newConsoleAt(t, func(string) Config { return cfg })
}

// newConsoleAt is newConsole for a configuration that needs the console's
// own URL, as an OIDC redirect URL does.
func newConsoleAt(t *testing.T, mk func(consoleURL string) Config) *console {
	clk := newClock()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	m := newTestManager(t, mk(srv.URL), clk)
	pages := http.NewServeMux()
	who := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := PersonFrom(r.Context())
		fmt.Fprintf(w, "%s %s %s", p.Name, p.Roles, p.Method)
	})
	pages.Handle("GET /console/incidents", Require(Viewer, who))
	pages.Handle("POST /console/incidents/{id}/ack", Require(Responder, who))
	pages.Handle("POST /console/incidents/{id}/facts", Require(Privacy, who))
	pages.Handle("POST /console/silences", Require(Admin, who))
	mux := http.NewServeMux()
	mux.Handle("/console/", m.Middleware(pages))
	mux.Handle(SigninPath, m.Handler())
	mux.Handle(SignoutPath, m.Handler())
	mux.Handle(oidcPrefix, m.Handler())
	h = mux
	return &console{t: t, m: m, srv: srv, clk: clk}
}

// browser returns a client with a cookie jar that does not follow redirects.
func (c *console) browser() *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(c.t, err)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// do sends a request and returns the status and body.
func (c *console) do(cl *http.Client, method, path string, form url.Values, hdr ...string) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.srv.URL+path, body)
	require.NoError(c.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			req.Host = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := cl.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, string(b)
}

// signIn signs name in with password and returns the response.
func (c *console) signIn(cl *http.Client, name, password, next string) (*http.Response, string) {
	c.t.Helper()
	return c.do(cl, http.MethodPost, SigninPath, url.Values{"name": {name}, "password": {password}, "next": {next}}, "Sec-Fetch-Site", "same-origin")
}

func TestPasswordSignIn(t *testing.T) {
	c := newConsole(t, Config{})
	for _, tt := range []struct{ name, user, pw, roles string }{
		{"a bcrypt user signs in", "alice", "alice-pw", "privacy"},
		{"an argon2id user signs in", "rob", "rob-pw", "responder"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := c.browser()
			resp, _ := c.signIn(b, tt.user, tt.pw, "/console/incidents")
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			require.Equal(t, "/console/incidents", resp.Header.Get("Location"))
			ck := resp.Cookies()
			require.Len(t, ck, 1)
			require.Equal(t, SessionCookie, ck[0].Name)
			require.True(t, ck[0].HttpOnly)
			require.Equal(t, http.SameSiteLaxMode, ck[0].SameSite)
			require.Equal(t, "/", ck[0].Path)
			require.False(t, ck[0].Secure, "plain HTTP on loopback was configured")

			resp, body := c.do(b, http.MethodGet, "/console/incidents", nil)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.Equal(t, tt.user+" "+tt.roles+" password", body)
		})
	}
}

func TestSecureCookiesAreMarkedSecure(t *testing.T) {
	c := newConsole(t, Config{SecureCookies: true})
	resp, _ := c.signIn(c.browser(), "alice", "alice-pw", "/")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Set-Cookie"), "Secure")
	require.Contains(t, resp.Header.Get("Set-Cookie"), "HttpOnly")
	require.Contains(t, resp.Header.Get("Set-Cookie"), "SameSite=Lax")
}

func TestPasswordSignInRefused(t *testing.T) {
	c := newConsole(t, Config{})
	for _, tt := range []struct{ name, user, pw string }{
		{"a wrong password", "alice", "rob-pw"},
		{"an unknown user", "mallory", "alice-pw"},
		{"an empty form", "", ""},
	} {
		t.Run(tt.name+" gets the form again with 401", func(t *testing.T) {
			resp, body := c.signIn(c.browser(), tt.user, tt.pw, "/console/incidents")
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			require.Empty(t, resp.Cookies())
			require.Contains(t, body, "Wrong name or password.")
			require.Contains(t, body, `<label for="password">Password</label>`)
			require.Contains(t, body, `value="/console/incidents"`, "next is kept")
		})
	}
}

func TestPasswordFailuresAreRateLimited(t *testing.T) {
	c := newConsole(t, Config{})
	post := func(remote, name, pw string) *httptest.ResponseRecorder {
		form := url.Values{"name": {name}, "password": {pw}}
		req := httptest.NewRequest(http.MethodPost, SigninPath, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		c.m.Handler().ServeHTTP(rec, req)
		return rec
	}
	t.Run("a remote address is stopped after five failures", func(t *testing.T) {
		for i := range 5 {
			require.Equal(t, http.StatusUnauthorized, post("192.0.2.1:1000", fmt.Sprintf("guess%d", i), "x").Code)
		}
		rec := post("192.0.2.1:1001", "alice", "alice-pw")
		require.Equal(t, http.StatusTooManyRequests, rec.Code, "even the right password waits")
		require.Equal(t, "60", rec.Header().Get("Retry-After"))
		require.Contains(t, rec.Body.String(), "Too many failed sign-ins")
		require.Equal(t, http.StatusSeeOther, post("192.0.2.2:1000", "alice", "alice-pw").Code, "another address is not held up")
	})
	t.Run("a name is stopped after five failures from anywhere", func(t *testing.T) {
		for i := range 5 {
			require.Equal(t, http.StatusUnauthorized, post(fmt.Sprintf("198.51.100.%d:1", i), "rob", "x").Code)
		}
		require.Equal(t, http.StatusTooManyRequests, post("198.51.100.99:1", "rob", "rob-pw").Code)
	})
	t.Run("a minute later both may try again", func(t *testing.T) {
		c.clk.Add(time.Minute)
		require.Equal(t, http.StatusSeeOther, post("192.0.2.1:1000", "rob", "rob-pw").Code)
	})
}

func TestSessionExpiry(t *testing.T) {
	c := newConsole(t, Config{})
	b := c.browser()
	resp, _ := c.signIn(b, "alice", "alice-pw", "/")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	t.Run("a session in use is renewed", func(t *testing.T) {
		for range 7 {
			c.clk.Add(3 * time.Hour)
			resp, body := c.do(b, http.MethodGet, "/console/incidents", nil)
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
		}
	})
	t.Run("a session past its maximum age is signed out however busy", func(t *testing.T) {
		c.clk.Add(3 * time.Hour) // 24h since sign-in
		resp, body := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		require.Contains(t, body, "Sign in first")
	})
	t.Run("a session idle for eight hours is signed out", func(t *testing.T) {
		b := c.browser()
		c.signIn(b, "alice", "alice-pw", "/")
		c.clk.Add(7*time.Hour + 59*time.Minute)
		resp, _ := c.do(b, http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		c.clk.Add(8 * time.Hour)
		resp, _ = c.do(b, http.MethodGet, "/console/incidents", nil, "Accept", "text/html")
		require.Equal(t, http.StatusSeeOther, resp.StatusCode)
		require.Equal(t, SigninPath+"?next=%2Fconsole%2Fincidents", resp.Header.Get("Location"))
	})
}

func TestTamperedCookieIsSignedOut(t *testing.T) {
	c := newConsole(t, Config{})
	b := c.browser()
	resp, _ := c.signIn(b, "vic", "vic-pw", "/")
	v := resp.Cookies()[0].Value
	v = v[:len(v)-5] + flip(v[len(v)-5]) + v[len(v)-4:]
	u, _ := url.Parse(c.srv.URL)
	b.Jar.SetCookies(u, []*http.Cookie{{Name: SessionCookie, Value: v, Path: "/"}})
	resp, _ = c.do(b, http.MethodGet, "/console/incidents", nil)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Set-Cookie"), "Max-Age=0", "the bad cookie is removed")
}

func TestWrongRoleIsForbidden(t *testing.T) {
	c := newConsole(t, Config{})
	tests := []struct {
		user, pw, path string
		status         int
		says           string
	}{
		{"vic", "vic-pw", "/console/incidents/INC-1/ack", http.StatusForbidden, "This needs the responder role; vic has viewer."},
		{"rob", "rob-pw", "/console/incidents/INC-1/facts", http.StatusForbidden, "This needs the privacy role; rob has responder."},
		{"alice", "alice-pw", "/console/incidents/INC-1/ack", http.StatusForbidden, "This needs the responder role; alice has privacy."},
		{"alice", "alice-pw", "/console/silences", http.StatusForbidden, "This needs the admin role; alice has privacy."},
		{"alice", "alice-pw", "/console/incidents/INC-1/facts", http.StatusOK, "alice privacy password"},
		{"rob", "rob-pw", "/console/incidents/INC-1/ack", http.StatusOK, "rob responder password"},
		{"ada", "ada-pw", "/console/silences", http.StatusOK, "ada admin password"},
		{"ada", "ada-pw", "/console/incidents/INC-1/facts", http.StatusOK, "ada admin password"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s posting to %s gets %d", tt.user, tt.path, tt.status), func(t *testing.T) {
			b := c.browser()
			c.signIn(b, tt.user, tt.pw, "/")
			resp, body := c.do(b, http.MethodPost, tt.path, url.Values{}, "Sec-Fetch-Site", "same-origin")
			require.Equal(t, tt.status, resp.StatusCode)
			require.Contains(t, body, tt.says)
		})
	}
	t.Run("signed out, a POST gets 401 in plain text", func(t *testing.T) {
		resp, body := c.do(c.browser(), http.MethodPost, "/console/silences", url.Values{}, "Accept", "text/html")
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		require.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
		require.Contains(t, body, "Sign in first")
	})
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	c := newConsole(t, Config{})
	b := c.browser()
	c.signIn(b, "ada", "ada-pw", "/")
	tests := []struct {
		name string
		path string
		hdr  []string
	}{
		{"a cross-site POST by Sec-Fetch-Site", "/console/silences", []string{"Sec-Fetch-Site", "cross-site"}},
		{"a POST from another origin", "/console/silences", []string{"Origin", "https://evil.example"}},
		{"a cross-site sign-in (login CSRF)", SigninPath, []string{"Sec-Fetch-Site", "cross-site"}},
		{"a cross-site sign-out", SignoutPath, []string{"Origin", "https://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			resp, body := c.do(b, http.MethodPost, tt.path, url.Values{"name": {"ada"}, "password": {"ada-pw"}}, tt.hdr...)
			require.Equal(t, http.StatusForbidden, resp.StatusCode)
			require.Contains(t, body, "Cross-site request refused.")
		})
	}
	t.Run("a same-origin POST goes through", func(t *testing.T) {
		resp, _ := c.do(b, http.MethodPost, "/console/silences", url.Values{}, "Origin", c.srv.URL)
		require.Equal(t, http.StatusOK, resp.StatusCode)
	})
}

func TestOpenRedirectIsRefused(t *testing.T) {
	c := newConsole(t, Config{})
	for next, want := range map[string]string{
		"/console/incidents/INC-7?tab=facts": "/console/incidents/INC-7?tab=facts",
		"//evil.example/x":                   "/",
		"https://evil.example/":              "/",
		`/\evil.example`:                     "/",
		"javascript:alert(1)":                "/",
		"":                                   "/",
		"console":                            "/",
	} {
		t.Run(fmt.Sprintf("next %q goes to %s", next, want), func(t *testing.T) {
			resp, _ := c.signIn(c.browser(), "alice", "alice-pw", next)
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			require.Equal(t, want, resp.Header.Get("Location"))
		})
	}
}

func TestSignout(t *testing.T) {
	c := newConsole(t, Config{})
	b := c.browser()
	c.signIn(b, "alice", "alice-pw", "/")
	resp, _ := c.do(b, http.MethodPost, SignoutPath, url.Values{}, "Sec-Fetch-Site", "same-origin")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	require.Equal(t, SigninPath, resp.Header.Get("Location"))
	resp, _ = c.do(b, http.MethodGet, "/console/incidents", nil)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestSigninPage(t *testing.T) {
	c := newConsole(t, Config{})
	resp, body := c.do(c.browser(), http.MethodGet, SigninPath+"?next=%2Fconsole%2Fdeadlines", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	require.Contains(t, body, `<label for="name">Name</label>`)
	require.Contains(t, body, `<input id="name" name="name" autocomplete="username"`)
	require.Contains(t, body, `<label for="password">Password</label>`)
	require.Contains(t, body, `value="/console/deadlines"`)
	require.NotContains(t, body, "Sign in with", "no OIDC configured")
}

func TestReadOnlyLoopback(t *testing.T) {
	clk := newClock()
	m, err := New(Config{Now: clk.Now})
	require.NoError(t, err)
	require.False(t, m.Enabled())

	pages := http.NewServeMux()
	pages.Handle("GET /console/incidents", Require(Viewer, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := PersonFrom(r.Context())
		fmt.Fprintf(w, "%s %s %s", p.Name, p.Roles, p.Method)
	})))
	pages.Handle("POST /console/incidents/{id}/ack", Require(Responder, http.NotFoundHandler()))
	srv := httptest.NewServer(m.Middleware(pages))
	defer srv.Close()
	c := &console{t: t, m: m, srv: srv, clk: clk}

	t.Run("everyone on loopback is a viewer", func(t *testing.T) {
		resp, body := c.do(srv.Client(), http.MethodGet, "/console/incidents", nil)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, "loopback viewer loopback", body)
	})
	t.Run("a change is refused as read-only", func(t *testing.T) {
		resp, body := c.do(srv.Client(), http.MethodPost, "/console/incidents/INC-1/ack", url.Values{})
		require.Equal(t, http.StatusForbidden, resp.StatusCode)
		require.Contains(t, body, "This needs the responder role, and the console is read-only: no sign-in is configured.")
	})
	t.Run("a request by another host name is refused (DNS rebinding)", func(t *testing.T) {
		resp, body := c.do(srv.Client(), http.MethodGet, "/console/incidents", nil, "Host", "evil.example")
		require.Equal(t, http.StatusForbidden, resp.StatusCode, body)
		require.Contains(t, body, "answers on loopback only")
	})
	t.Run("the sign-in page says the console is read-only", func(t *testing.T) {
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+SigninPath, nil))
		require.Equal(t, http.StatusOK, rec.Code)
		require.Contains(t, rec.Body.String(), "the console is read-only")
		require.NotContains(t, rec.Body.String(), "<form")
	})
}

func TestCheckListen(t *testing.T) {
	readOnly, err := New(Config{})
	require.NoError(t, err)
	plainHTTP := newTestManager(t, Config{}, newClock())
	secure := newTestManager(t, Config{SecureCookies: true}, newClock())
	tests := []struct {
		name string
		m    *Manager
		addr string
		err  string
	}{
		{"read-only on 127.0.0.1", readOnly, "127.0.0.1:8080", ""},
		{"read-only on ::1", readOnly, "[::1]:8080", ""},
		{"read-only on localhost", readOnly, "localhost:8080", ""},
		{"read-only on 0.0.0.0", readOnly, "0.0.0.0:8080", "console listen address 0.0.0.0:8080 is not loopback, and no sign-in is configured"},
		{"read-only on every interface", readOnly, ":8080", "is not loopback, and no sign-in is configured"},
		{"read-only on a LAN address", readOnly, "192.168.1.5:8080", "is not loopback"},
		{"cookies without Secure on 0.0.0.0", plainHTTP, "0.0.0.0:8443", "session cookies are not marked Secure"},
		{"cookies without Secure on loopback", plainHTTP, "127.0.0.1:8080", ""},
		{"secure cookies on 0.0.0.0", secure, "0.0.0.0:8443", ""},
		{"an address without a port", secure, "0.0.0.0", "missing port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.CheckListen(tt.addr)
			if tt.err == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.err)
		})
	}
}

func TestNewRefuses(t *testing.T) {
	t.Run("a users file others can read", func(t *testing.T) {
		_, err := New(Config{UsersFile: writeFile(t, "users.yaml", testUsers(t), 0o644), KeyFile: t.TempDir() + "/k"})
		require.ErrorContains(t, err, "mode 0644 lets others read the password hashes")
	})
	t.Run("sign-in without a key file", func(t *testing.T) {
		_, err := New(Config{UsersFile: writeFile(t, "users.yaml", testUsers(t), 0o600)})
		require.ErrorContains(t, err, "a session key file is required")
	})
	t.Run("an idle timeout longer than the maximum age", func(t *testing.T) {
		_, err := New(Config{IdleTimeout: 48 * time.Hour})
		require.ErrorContains(t, err, "idle timeout 48h0m0s must be positive and at most the max age 24h0m0s")
	})
}

func TestTrustedOriginPassesCrossOriginCheck(t *testing.T) {
	c := newConsole(t, Config{TrustedOrigins: []string{"https://breachd.example.org"}})
	b := c.browser()
	c.signIn(b, "ada", "ada-pw", "/")
	resp, _ := c.do(b, http.MethodPost, "/console/silences", url.Values{}, "Origin", "https://breachd.example.org", "Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusOK, resp.StatusCode, "the proxy's origin is trusted")
	resp, _ = c.do(b, http.MethodPost, "/console/silences", url.Values{}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	_, err := New(Config{TrustedOrigins: []string{"breachd.example.org/path"}})
	require.ErrorContains(t, err, "trusted origin")
}

func TestParallelGuessesStayWithinTheLimit(t *testing.T) {
	c := newConsole(t, Config{})
	codes := make(chan int, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			form := url.Values{"name": {"rob"}, "password": {"guess"}}
			req := httptest.NewRequest(http.MethodPost, SigninPath, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = "203.0.113.9:4000"
			rec := httptest.NewRecorder()
			c.m.Handler().ServeHTTP(rec, req)
			codes <- rec.Code
		})
	}
	wg.Wait()
	close(codes)
	n := map[int]int{}
	for code := range codes {
		n[code]++
	}
	require.Equal(t, map[int]int{http.StatusUnauthorized: 5, http.StatusTooManyRequests: 15}, n)
}

// Reading the users file again takes a removed role away from a session
// at once; a file that does not load keeps the one in force.
func TestReloadingTheUsersFileTakesEffectAtOnce(t *testing.T) {
	c := newConsole(t, Config{})
	b := c.browser()
	resp, _ := c.signIn(b, "rob", "rob-pw", "/console/incidents")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	ack := func() int {
		resp, _ := c.do(b, http.MethodPost, "/console/incidents/INC-1/ack", url.Values{}, "Sec-Fetch-Site", "same-origin")
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, ack())

	file := c.m.cfg.UsersFile
	require.NoError(t, os.WriteFile(file, []byte("users: [\n"), 0o600))
	require.Error(t, c.m.ReloadUsers(), "a broken file is refused")
	require.Equal(t, http.StatusOK, ack(), "the file in force stays")

	require.NoError(t, os.WriteFile(file, []byte("users:\n  - name: rob\n    password_hash: \""+argonHash(t, "rob-pw")+"\"\n    roles: [viewer]\n"), 0o600))
	require.NoError(t, c.m.ReloadUsers())
	require.Equal(t, http.StatusForbidden, ack(), "the responder role is gone")
}

// Behind a trusted proxy, the failures are counted by the browser's
// address the proxy gives, not the proxy's, so one guesser does not lock
// out everyone; a request from anywhere else cannot choose its address.
func TestBehindATrustedProxyFailuresAreCountedByTheBrowsersAddress(t *testing.T) {
	c := newConsole(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	post := func(remote, forwarded, name, pw string) int {
		form := url.Values{"name": {name}, "password": {pw}}
		req := httptest.NewRequest(http.MethodPost, SigninPath, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		c.m.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 5 {
		require.Equal(t, http.StatusUnauthorized, post("10.0.0.5:443", "203.0.113.7", fmt.Sprintf("guess%d", i), "x"))
	}
	require.Equal(t, http.StatusTooManyRequests, post("10.0.0.5:443", "203.0.113.7", "alice", "alice-pw"), "the guesser waits")
	require.Equal(t, http.StatusSeeOther, post("10.0.0.5:443", "203.0.113.8", "alice", "alice-pw"), "another browser behind the same proxy does not")
	require.Equal(t, http.StatusTooManyRequests, post("10.0.0.5:443", "203.0.113.7, 10.0.0.9", "rob", "rob-pw"),
		"a chain of trusted proxies is walked to the browser")
	// Not from a trusted proxy: X-Forwarded-For is the sender's word, ignored.
	for i := range 5 {
		require.Equal(t, http.StatusUnauthorized, post("192.0.2.50:1", "198.51.100.1", fmt.Sprintf("other%d", i), "x"))
	}
	require.Equal(t, http.StatusTooManyRequests, post("192.0.2.50:1", "198.51.100.2", "vic", "vic-pw"))
}
