package daemon_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/natstest"
	"github.com/breachd/breachd/internal/oidctest"
	"github.com/breachd/breachd/signin"
)

// get fetches url with hc and returns the status and body.
func get(t *testing.T, hc *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := hc.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// Without sign-in the console is served on loopback, read-only: every
// page, no change.
func TestTheConsoleIsServedReadOnlyOnLoopbackWithoutSignIn(t *testing.T) {
	d := start(t, testConfig(t))
	c := client{t, "http://" + d.HTTPAddr()}
	incs := []incident.Incident{c.sendExample()}

	base := "http://" + d.HTTPAddr()
	code, page := get(t, http.DefaultClient, base+"/")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, page, "Deadlines")
	code, page = get(t, http.DefaultClient, base+"/incidents/"+incs[0].ID)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, page, incs[0].ID)
	resp, err := http.PostForm(base+"/incidents/"+incs[0].ID+"/notes", url.Values{"text": {"from the console"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "read-only without sign-in")
	code, _ = get(t, http.DefaultClient, base+"/api/v1/incidents")
	require.Equal(t, http.StatusOK, code, "the API keeps its routes")
}

// With a users file, the console asks who you are; a responder's note is
// recorded under their name.
func TestTheConsoleSignsInFromTheUsersFileAndRecordsTheActor(t *testing.T) {
	hash, err := signin.HashPassword("correct horse")
	require.NoError(t, err)
	users := filepath.Join(t.TempDir(), "users.yaml")
	require.NoError(t, os.WriteFile(users, []byte("users:\n  - name: alice\n    password_hash: \""+hash+"\"\n    roles: [responder]\n"), 0o600))
	cfg := testConfig(t)
	cfg.Console.UsersFile = users
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	incs := []incident.Incident{c.sendExample()}

	base := "http://" + d.HTTPAddr()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	hc := &http.Client{Jar: jar}
	req, err := http.NewRequest("GET", base+"/", nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "signed out: to the sign-in page")
	require.True(t, strings.HasPrefix(resp.Header.Get("Location"), signin.SigninPath), resp.Header.Get("Location"))

	resp, err = hc.PostForm(base+signin.SigninPath, url.Values{"name": {"alice"}, "password": {"wrong"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, err = hc.PostForm(base+signin.SigninPath, url.Values{"name": {"alice"}, "password": {"correct horse"}, "next": {"/incidents/" + incs[0].ID}})
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(page))
	require.Contains(t, string(page), incs[0].ID)

	resp, err = hc.PostForm(base+"/incidents/"+incs[0].ID+"/notes", url.Values{"text": {"bucket policy reverted"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	code, body := c.do("GET", "/api/v1/incidents/"+incs[0].ID+"/timeline", nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"actor": "alice"`)
	require.Contains(t, string(body), "bucket policy reverted")
}

// Without sign-in, an address other hosts reach gets no console, and says
// why; the API is served there as before (with its token).
func TestWithoutSignInTheConsoleRefusesANonLoopbackAddress(t *testing.T) {
	cfg := testConfig(t)
	cfg.API.HTTPAddr = "0.0.0.0:0"
	cfg.API.Token = "s3cret-token-of-the-api"
	d := start(t, cfg)
	port := d.HTTPAddr()[strings.LastIndex(d.HTTPAddr(), ":"):]
	code, body := get(t, http.DefaultClient, "http://127.0.0.1"+port+"/")
	require.Equal(t, http.StatusForbidden, code)
	require.Contains(t, body, "The console is not served on this address")
	require.Contains(t, body, "no sign-in is configured")
}

// An open console page's event stream does not hold up a stop: the stream
// ends when the server shuts down, and everything stops in order.
func TestAnOpenConsolePageDoesNotHoldUpTheStop(t *testing.T) {
	d := daemon.New(testConfig(t), zerolog.Nop())
	require.NoError(t, d.Start(t.Context()))
	resp, err := http.Get("http://" + d.HTTPAddr() + "/events")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	first := make([]byte, 64)
	_, err = resp.Body.Read(first)
	require.NoError(t, err)
	require.Contains(t, string(first), "event: ready")

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(t, d.Stop(ctx), "the HTTP server did not wait for the stream until the deadline")
	_, err = io.ReadAll(resp.Body)
	require.NoError(t, err, "the stream ended cleanly")
}

// Signing in with the organisation's OpenID Connect provider, through the
// whole daemon: the provider's group gives the role, the verified e-mail
// is the actor on the timeline.
func TestTheConsoleSignsInWithOpenIDConnect(t *testing.T) {
	is := oidctest.NewIssuer(t, time.Now)
	is.SignInAs(map[string]any{"sub": "u-7", "email": "dana@example.org", "email_verified": true, "groups": []string{"soc"}})
	cfg := testConfig(t)
	cfg.API.HTTPAddr = fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
	cfg.Console.OIDCIssuer = is.URL()
	cfg.Console.OIDCClientID = oidctest.ClientID
	cfg.Console.OIDCRedirectURL = "http://" + cfg.API.HTTPAddr + signin.OIDCCallbackPath
	cfg.Console.OIDCRoles = []string{"soc=responder"}
	t.Setenv("BREACHD_CONSOLE_OIDC_CLIENT_SECRET", oidctest.ClientSecret)
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	inc := c.sendExample()

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	hc := &http.Client{Jar: jar}
	base := "http://" + d.HTTPAddr()
	code, page := get(t, hc, base+signin.OIDCLoginPath+"?next=/incidents/"+inc.ID)
	require.Equal(t, http.StatusOK, code, page)
	require.Contains(t, page, inc.ID, "back on the page asked for, signed in")

	resp, err := hc.PostForm(base+"/incidents/"+inc.ID+"/notes", url.Values{"text": {"paged the database team"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	code, body := c.do("GET", "/api/v1/incidents/"+inc.ID+"/timeline", nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"actor": "dana@example.org"`)

	resp, err = hc.PostForm(base+"/incidents/"+inc.ID+"/facts", url.Values{"f.data_subjects": {"5"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "the soc group gives the responder role, not privacy")
}
