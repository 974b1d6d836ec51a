package daemon_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/slackfake"
)

// An alert that opens an incident posts one message to the Slack channel,
// through the ingest transaction and the outbox; a later duplicate updates
// that message rather than posting another.
func TestANewIncidentIsPostedToSlack(t *testing.T) {
	fake := slackfake.New(t, "C-INCIDENTS")
	cfg := testConfig(t)
	cfg.SlackBotToken = slackfake.Token
	cfg.SlackAPIURL = fake.URL()
	cfg.SlackChannel = "C-INCIDENTS"
	cfg.ReminderInterval = 50 * time.Millisecond
	d := start(t, cfg)
	c := client{t: t, base: "http://" + d.HTTPAddr()}
	alert := map[string]any{"id": "sl-1", "source": "guardduty", "kind": "s3-bucket-public", "time": time.Now().UTC().Format(time.RFC3339),
		"severity": "high", "title": "Bucket exports is public", "asset": map[string]any{"id": "s3://exports", "type": "bucket"}}
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return len(fake.Messages("C-INCIDENTS")) == 1 }, 10*time.Second, 20*time.Millisecond)
	require.True(t, strings.Contains(fake.Messages("C-INCIDENTS")[0].Text, "Bucket exports is public") ||
		strings.Contains(string(fake.Messages("C-INCIDENTS")[0].Blocks), "Bucket exports is public"))

	alert["id"] = "sl-2"
	code, body = c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	require.Eventually(t, func() bool { return fake.Calls("chat.update") >= 1 }, 10*time.Second, 20*time.Millisecond)
	require.Len(t, fake.Messages("C-INCIDENTS"), 1, "updated in place, not posted again")
}
