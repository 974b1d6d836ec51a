package slack_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/notify/slack"
)

// The incident's message lists its labels; an alert of another fingerprint
// that joins it is told in the thread with its own. Values pass the
// redactor: patterns are scrubbed, and slack_redact may hide labels whole.
func TestLabelsAreShownOnTheMessageAndInTheThread(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) { o.Redact = append(o.Redact, "labels.account") })
	a := alert("a-1")
	a.Labels = map[string]string{"user.name": "root", "proc.cmdline": "scp dump.sql 10.9.8.7:", "account": "123456789012"}
	id := e.open(a)
	e.drain()
	card := e.fake.Messages(channel)[0]
	blocks := string(card.Blocks)
	require.Contains(t, blocks, "*Labels*")
	require.Contains(t, blocks, "`user.name` root")
	require.Contains(t, blocks, "`account` [redacted]")
	require.NotContains(t, blocks, "123456789012")
	require.NotContains(t, blocks, "10.9.8.7", "the ip pattern scrubs label values")

	joined := alert("a-2")
	joined.Kind = "privilege-escalation"
	joined.Labels = map[string]string{"user.name": "mallory"}
	require.Equal(t, id, e.open(joined))
	dup := alert("a-3")
	require.Equal(t, id, e.open(dup))
	e.drain()
	replies := e.replies(card.TS)
	require.Len(t, replies, 1, "the correlated alert is told, the duplicate is not")
	require.Contains(t, replies[0].Text, "alert a-2 joined (edr/privilege-escalation, high)")
	require.Contains(t, replies[0].Text, "`user.name` mallory")
}

func TestSlackRedactHidesAllLabelsOrOne(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	all, err := slack.NewRedactor([]string{"labels"}, key)
	require.NoError(t, err)
	require.Equal(t, slack.Redacted, all.Field("labels.user.name", "root"))
	require.Equal(t, "fs-hr-01", all.Field("asset.id", "fs-hr-01"))
	one, err := slack.NewRedactor([]string{"labels.user.name"}, key)
	require.NoError(t, err)
	require.Equal(t, slack.Redacted, one.Field("labels.user.name", "root"))
	require.Equal(t, "eu-west-1", one.Field("labels.region", "eu-west-1"))
	_, err = slack.NewRedactor([]string{"labels."}, key)
	require.Error(t, err)
}
