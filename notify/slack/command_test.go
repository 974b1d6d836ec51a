package slack_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/notify/slack"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       slack.Command
		usage      string
	}{
		{name: "nothing is help", text: "  ", want: slack.Command{Verb: "help"}},
		{name: "ids are upper-cased", text: "ack inc-2026-0001", want: slack.Command{Verb: "ack", ID: "INC-2026-0001"}},
		{name: "a note keeps its spacing", text: "note INC-2026-0001  key  revoked", want: slack.Command{Verb: "note", ID: "INC-2026-0001", Text: "key  revoked"}},
		{name: "status may set a status with a reason", text: "status INC-2026-0001 contained host isolated",
			want: slack.Command{Verb: "status", ID: "INC-2026-0001", Args: []string{"contained"}, Text: "host isolated"}},
		{name: "a fact value runs to the next key", text: "facts INC-2026-0001 narrative_x=two words data_subjects=12",
			want: slack.Command{Verb: "facts", ID: "INC-2026-0001", Facts: [][2]string{{"narrative_x", "two words"}, {"data_subjects", "12"}}}},
		{name: "submitted takes an optional reference", text: "submitted INC-2026-0001 gdpr_art33_sa REF-1",
			want: slack.Command{Verb: "submitted", ID: "INC-2026-0001", Args: []string{"gdpr_art33_sa", "REF-1"}}},
		{name: "assess needs a reason", text: "assess INC-2026-0001 notifiable", usage: "/breach assess ID notifiable|not-notifiable REASON"},
		{name: "assess says one of two verdicts", text: "assess INC-2026-0001 perhaps because", usage: "/breach assess ID notifiable|not-notifiable REASON"},
		{name: "an unknown verb points at help", text: "reboot everything", usage: "/breach help"},
		{name: "ack needs an id", text: "ack", usage: "/breach ack ID"},
		{name: "facts are pairs", text: "facts INC-2026-0001 data_subjects", usage: "/breach facts ID key=value…"},
		{name: "assign takes one person", text: "assign INC-2026-0001 <@U1> <@U2>", usage: "/breach assign ID @user|me"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := slack.ParseCommand(tc.text)
			if tc.usage != "" {
				var ue *slack.UsageError
				require.ErrorAs(t, err, &ue)
				require.Equal(t, tc.usage, ue.Usage)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestRedactorHidesFieldsAndIncidentsPatterns(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	r, err := slack.NewRedactor([]string{"asset.tenant", "emails", "phone", "ip"}, key)
	require.NoError(t, err)
	require.Equal(t, slack.Redacted, r.Field("asset.tenant", "acme-eu"))
	require.Equal(t, "fs-hr-01", r.Field("asset.id", "fs-hr-01"))
	text := "mail jane.doe@example.com, call +44 20 7946 0958, host 10.1.2.3 at 2026-03-12 09:30:00 UTC, 1200 rows"
	require.Regexp(t, `^mail \[email:[0-9a-f]{8}\], call \[phone:[0-9a-f]{8}\], host \[ip:[0-9a-f]{8}\] at 2026-03-12 09:30:00 UTC, 1200 rows$`, r.Text(text))

	// The tokens are the ingest's: a value hidden before it was stored
	// reads the same as one hidden only in Slack.
	ingest, err := incident.NewRedactor([]string{"email"}, nil, key)
	require.NoError(t, err)
	stored := ingest.Text(text)
	require.Equal(t, r.Text(text), r.Text(stored))

	_, err = slack.NewRedactor([]string{"salary"}, key)
	require.ErrorContains(t, err, `"salary" is not one of`)
	require.ErrorContains(t, err, "fields: title, asset.id")
}

// FuzzParseCommand: no text crashes the parser, and a parsed command
// holds only what the text held.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "help", "list", "ack INC-2026-0001", "facts INC-2026-0001 a=1 b=two words c=[\"x\"]",
		"assess INC-2026-0001 not-notifiable encrypted at rest", "assign INC-2026-0001 <@U1|ann>", "status INC-2026-0001 resolved fixed",
		"submitted INC-2026-0001 gdpr_art33_sa", "note x \x00\xff", "facts X =1 ==", "draft INC-2026-0001 gdpr_art34_individuals"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := slack.ParseCommand(text)
		if err != nil {
			var ue *slack.UsageError
			require.ErrorAs(t, err, &ue)
			require.NotEmpty(t, ue.Usage)
			return
		}
		require.NotEmpty(t, c.Verb)
		if utf8.ValidString(text) {
			require.True(t, strings.Contains(strings.ToUpper(text), c.ID))
		}
		for _, p := range c.Facts {
			require.Contains(t, text, p[0]+"=")
		}
	})
}

// FuzzInteractionPayload: whatever arrives as an interaction payload, the
// parser and the handler neither crash nor change an incident that the
// payload does not name validly.
func FuzzInteractionPayload(f *testing.F) {
	f.Add(`{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"breachd_ack","block_id":"b","value":"INC-2026-0001"}]}`)
	f.Add(`{"type":"view_submission","user":{"id":"U1"},"view":{"callback_id":"breachd_facts_modal","private_metadata":"INC-2026-0001","state":{"values":{"other":{"other":{"type":"plain_text_input","value":"data_subjects=1"}}}}}}`)
	f.Add(`{"type":"block_actions","actions":[{"action_id":"breachd_facts","block_id":"b","value":"../../etc"}]}`)
	f.Add(`{"type":"view_submission","view":{"callback_id":"breachd_facts_modal","state":{"values":{"other":{"other":{"value":"=\n=x"}}}}}}`)
	f.Add(`[]`)
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, payload string) {
		req, err := http.NewRequest(http.MethodPost, "/", strings.NewReader(url.Values{"payload": {payload}}.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cb, err := slackapi.InteractionCallbackParse(req)
		if err != nil {
			return
		}
		if cb.View.State != nil {
			_, _ = slack.ModalFacts(cb.View.State)
		}
		if resp := e.slack.HandleInteraction(t.Context(), cb); resp != nil {
			_, err := json.Marshal(resp)
			require.NoError(t, err)
		}
	})
}
