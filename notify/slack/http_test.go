package slack_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/slackfake"
	"github.com/breachd/breachd/notify/slack"
)

// serve mounts the Slack routes as the API server does.
func (e *env) serve() *httptest.Server {
	mux := http.NewServeMux()
	for pattern, h := range e.slack.Routes() {
		mux.Handle(pattern, h)
	}
	srv := httptest.NewServer(mux)
	e.t.Cleanup(srv.Close)
	return srv
}

// signed posts body to path signed with secret at ts, as Slack does.
func signed(t *testing.T, srv *httptest.Server, path, body, secret string, ts time.Time) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	slackfake.Sign(req.Header, secret, ts, body)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func clickBody(user, actionID, value string) string {
	payload := fmt.Sprintf(`{"type":"block_actions","user":{"id":%q},"channel":{"id":%q},"trigger_id":"trig-%s-%d",
		"container":{"channel_id":%q},"actions":[{"action_id":%q,"block_id":"breachd_actions","value":%q,"type":"button","action_ts":"%d"}]}`,
		user, channel, user, time.Now().UnixNano(), channel, actionID, value, time.Now().UnixNano())
	return "payload=" + url.QueryEscape(payload)
}

func TestSignedInteractionsAreTakenAndForgedOrReplayedOnesRefused(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()
	srv := e.serve()
	now := time.Now() // the signature check reads the wall clock

	forged := clickBody("U0MALLORY", slack.ActionAck, id)
	resp := signed(t, srv, "/slack/interactions", forged, "not-the-secret", now)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a bad signature")
	resp = signed(t, srv, "/slack/interactions", forged, "s3cret", now.Add(-6*time.Minute))
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a stale timestamp")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/interactions", strings.NewReader(forged))
	unsigned, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	unsigned.Body.Close()
	require.Equal(t, http.StatusUnauthorized, unsigned.StatusCode, "no signature at all")
	require.Equal(t, incident.StatusOpen, e.incident(id).Status, "nothing forged was applied")

	body := clickBody("U0ALICE", slack.ActionAck, id)
	resp = signed(t, srv, "/slack/interactions", body, "s3cret", now)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	inc := e.incident(id)
	require.Equal(t, incident.StatusAcknowledged, inc.Status)
	require.Equal(t, "slack:U0ALICE", inc.AcknowledgedBy)

	resp = signed(t, srv, "/slack/interactions", body, "s3cret", now)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the same request again is a replay")
}

func TestASlashCommandRoundTrip(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()
	srv := e.serve()
	form := url.Values{"command": {"/breach"}, "text": {"note " + strings.ToLower(id) + " contained by revoking the key"},
		"user_id": {"U0ALICE"}, "channel_id": {channel}, "trigger_id": {"t-1"}}
	resp := signed(t, srv, "/slack/commands", form.Encode(), "s3cret", time.Now())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var msg struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&msg))
	require.Equal(t, "ephemeral", msg.ResponseType)
	require.Contains(t, msg.Text, id+" noted")
	notes := eventsOf(e.timeline(id), incident.EventNoteAdded)
	require.Len(t, notes, 1)
	require.Equal(t, "slack:U0ALICE", notes[0].Actor)
	e.drain()
	card := e.fake.Messages(channel)[0]
	require.Contains(t, texts(e.replies(card.TS)), "<@U0ALICE> noted: contained by revoking the key")

	t.Run("a mistyped command says what to type instead", func(t *testing.T) {
		form.Set("text", "assess "+id+" maybe")
		form.Set("trigger_id", "t-2")
		resp := signed(t, srv, "/slack/commands", form.Encode(), "s3cret", time.Now())
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&msg))
		require.Equal(t, "ephemeral", msg.ResponseType)
		require.Contains(t, msg.Text, "Type instead: `/breach assess ID notifiable|not-notifiable REASON`")
	})
}

func TestTheEventsEndpointAnswersTheURLChallenge(t *testing.T) {
	e := newEnv(t)
	srv := e.serve()
	resp := signed(t, srv, "/slack/events", `{"type":"url_verification","challenge":"ch-42","token":"x"}`, "s3cret", time.Now())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var b strings.Builder
	_, _ = fmt.Fprint(&b, readAll(t, resp))
	require.Equal(t, "ch-42", b.String())
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 512)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// TestAReplayIsRefusedHoweverItsSignatureIsReEncoded replays one captured
// request with its signature header rewritten in every way that still
// decodes to the same MAC (or that the verifier refuses outright): none
// is taken a second time, and a different genuine request still is.
func TestAReplayIsRefusedHoweverItsSignatureIsReEncoded(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()
	srv := e.serve()
	now := time.Now() // the signature check reads the wall clock

	body := clickBody("U0ALICE", slack.ActionAck, id)
	captured := http.Header{}
	slackfake.Sign(captured, "s3cret", now, body)
	sig := captured.Get("X-Slack-Signature")
	hexSig := strings.TrimPrefix(sig, "v0=")
	ts := captured.Get("X-Slack-Request-Timestamp")

	post := func(sigs ...string) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/slack/interactions", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		for _, s := range sigs {
			req.Header.Add("X-Slack-Signature", s)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, post(sig), "the genuine request is taken once")
	acked := len(eventsOf(e.timeline(id), incident.EventAcknowledged))
	require.Equal(t, 1, acked)

	mixed := []byte(hexSig)
	for i := range mixed {
		if i%2 == 0 {
			mixed[i] = strings.ToUpper(string(mixed[i]))[0]
		}
	}
	for _, tc := range []struct {
		name string
		sigs []string
	}{
		{"the same signature", []string{sig}},
		{"upper-case hex", []string{"v0=" + strings.ToUpper(hexSig)}},
		{"mixed-case hex", []string{"v0=" + string(mixed)}},
		{"an upper-case V0= prefix", []string{"V0=" + hexSig}},
		{"an upper-case V0= prefix and hex", []string{strings.ToUpper(sig)}},
		{"leading and trailing whitespace", []string{" \t" + sig + " \t"}},
		{"whitespace inside", []string{"v0= " + hexSig}},
		{"the header twice", []string{sig, sig}},
		{"a re-cased copy first, the original second", []string{"v0=" + strings.ToUpper(hexSig), sig}},
		{"the original first, garbage second", []string{sig, "v0=00"}},
		{"garbage first, the original second", []string{"v0=00", sig}},
		{"one header listing both", []string{sig + "," + "v0=" + strings.ToUpper(hexSig)}},
	} {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			require.Equal(t, http.StatusUnauthorized, post(tc.sigs...))
		})
	}
	require.Len(t, eventsOf(e.timeline(id), incident.EventAcknowledged), acked, "no replay was applied")

	other := clickBody("U0BOB", slack.ActionAck, id)
	resp := signed(t, srv, "/slack/interactions", other, "s3cret", now)
	require.Equal(t, http.StatusOK, resp.StatusCode, "a different genuine request is still taken")
	resp = signed(t, srv, "/slack/interactions", other, "s3cret", now)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "and refused when replayed")
}
