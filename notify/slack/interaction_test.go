package slack_test

import (
	"encoding/json"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/notify/slack"
)

func click(user, actionID, value string) slackapi.InteractionCallback {
	var cb slackapi.InteractionCallback
	if err := json.Unmarshal([]byte(`{"type":"block_actions","user":{"id":"`+user+`"},"channel":{"id":"`+channel+`"},"trigger_id":"trig-1",
		"actions":[{"action_id":"`+actionID+`","block_id":"breachd_actions","value":"`+value+`","type":"button"}]}`), &cb); err != nil {
		panic(err)
	}
	return cb
}

func TestOnlyRespondersMayAcknowledgeAndARefusalIsAudited(t *testing.T) {
	e := newEnv(t, func(o *slack.Options) { o.Responders = []string{"U0LEAD", "S0ONCALL"} })
	e.fake.SetGroup("S0ONCALL", "U0BOB")
	id := e.open(alert("a-1"))
	e.drain()

	t.Run("someone else is refused, privately, and the timeline says so", func(t *testing.T) {
		require.Nil(t, e.slack.HandleInteraction(t.Context(), click("U0MALLORY", slack.ActionAck, id)))
		require.Equal(t, incident.StatusOpen, e.incident(id).Status)
		eph := e.fake.Ephemerals()
		require.Len(t, eph, 1)
		require.Equal(t, "U0MALLORY", eph[0].User)
		require.Contains(t, eph[0].Text, "Only responders may acknowledge")
		refused := eventsOf(e.timeline(id), incident.EventActionRefused)
		require.Len(t, refused, 1)
		require.Equal(t, "slack:U0MALLORY", refused[0].Actor)
		e.drain()
		require.Contains(t, texts(e.replies(e.fake.Messages(channel)[0].TS)), "<@U0MALLORY> was refused *acknowledge*")
	})
	t.Run("a member of a responder group may", func(t *testing.T) {
		require.Nil(t, e.slack.HandleInteraction(t.Context(), click("U0BOB", slack.ActionAck, id)))
		inc := e.incident(id)
		require.Equal(t, incident.StatusAcknowledged, inc.Status)
		require.Equal(t, "slack:U0BOB", inc.AcknowledgedBy)
	})
	t.Run("a listed user may assign it to themselves", func(t *testing.T) {
		e.slack.HandleInteraction(t.Context(), click("U0LEAD", slack.ActionAssignMe, id))
		require.Equal(t, "slack:U0LEAD", e.incident(id).Assignee)
		e.drain()
		require.Contains(t, string(e.fake.Messages(channel)[0].Blocks), `*Assignee*\n\u003c@U0LEAD\u003e`)
	})
	t.Run("the slash command is held to the same rule", func(t *testing.T) {
		out := e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0MALLORY", Text: "status " + id + " resolved"})
		require.Contains(t, out.Text, "Only responders")
		require.Equal(t, incident.StatusAcknowledged, e.incident(id).Status)
	})
}

func TestRecordFactsOpensAModalWhoseSubmissionSetsTheFacts(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	e.drain()
	require.Nil(t, e.slack.HandleInteraction(t.Context(), click("U0ALICE", slack.ActionFacts, id)))
	views := e.fake.Views()
	require.Len(t, views, 1)
	var view struct {
		CallbackID      string `json:"callback_id"`
		PrivateMetadata string `json:"private_metadata"`
	}
	require.NoError(t, json.Unmarshal(views[0], &view))
	require.Equal(t, slack.CallbackFacts, view.CallbackID)
	require.Equal(t, id, view.PrivateMetadata)

	submit := func(values map[string]string) any {
		state := map[string]map[string]map[string]string{}
		for k, v := range values {
			state[k] = map[string]map[string]string{k: {"type": "plain_text_input", "value": v}}
		}
		raw, _ := json.Marshal(map[string]any{"type": "view_submission", "user": map[string]string{"id": "U0ALICE"},
			"view": map[string]any{"callback_id": slack.CallbackFacts, "private_metadata": id, "state": map[string]any{"values": state}}})
		var cb slackapi.InteractionCallback
		require.NoError(t, json.Unmarshal(raw, &cb))
		return e.slack.HandleInteraction(t.Context(), cb)
	}
	t.Run("a wrong fact keeps the modal open with the reason", func(t *testing.T) {
		resp := submit(map[string]string{"other": "no_such_fact=1"})
		r, ok := resp.(*slackapi.ViewSubmissionResponse)
		require.True(t, ok)
		require.Contains(t, r.Errors["other"], "no_such_fact")
	})
	require.Nil(t, submit(map[string]string{"data_subjects": "5000", "other": "role=controller\nrisk_to_rights=true"}))
	inc := e.incident(id)
	require.Equal(t, 5000, *inc.Facts.DataSubjects)
	require.Equal(t, incident.Role("controller"), inc.Facts.Role)
	var set *incident.Obligations
	require.NoError(t, e.store.View(func(tx *storeTx) error { var err error; set, err = tx.Obligations(id); return err }))
	require.Equal(t, incident.ObligationDue, set.Find("gdpr_art33_sa").Status, "the obligations were re-evaluated")
	e.drain()
	require.Contains(t, string(e.fake.Messages(channel)[0].Blocks), "gdpr_art33_sa", "the message shows the next deadline")
}

func TestAReminderIsPostedInTheThreadMentioningOnCallAndOverdueEscalates(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	out := e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0ALICE", Text: "facts " + id + " role=controller"})
	require.Contains(t, out.Text, "facts recorded")
	e.drain()
	card := e.fake.Messages(channel)[0]

	reminders := e.timers
	// 4 hours before the 72-hour deadline: the 24 h and 4 h reminders are
	// due; only the most urgent goes out.
	e.clock.Advance(68*time.Hour + time.Minute)
	n, err := reminders.FireDue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	e.drain()
	replies := texts(e.replies(card.TS))
	require.Contains(t, replies, "<!subteam^S0ONCALL>")
	require.Contains(t, replies, "is due in 3h 59m", "the time left, not the 4h offset it was scheduled for")
	require.NotContains(t, replies, "<!subteam^S0LEADS>")

	e.clock.Advance(4 * time.Hour)
	_, err = reminders.FireDue(t.Context())
	require.NoError(t, err)
	e.drain()
	replies = texts(e.replies(card.TS))
	require.Contains(t, replies, "OVERDUE")
	require.Contains(t, replies, "<!subteam^S0LEADS>")
	updated := e.fake.Messages(channel)[0]
	require.Greater(t, updated.Updates, card.Updates, "the message is brought up to date")
	require.Contains(t, string(updated.Blocks), "OVERDUE since")

	// Delivered once each, whatever the retries.
	e.drain()
	require.Equal(t, replies, texts(e.replies(card.TS)))
}

func TestAssessSubmittedAndDraftFromTheSlashCommand(t *testing.T) {
	e := newEnv(t)
	id := e.open(alert("a-1"))
	cmd := func(text string) string {
		return e.slack.HandleCommand(t.Context(), slackapi.SlashCommand{UserID: "U0DPO", ChannelID: channel, TriggerID: "t-" + text, Text: text}).Text
	}
	require.Contains(t, cmd("facts "+id+" role=controller cause=loss"), "facts recorded")
	require.Equal(t, "loss", e.incident(id).Facts.Cause)
	require.Contains(t, cmd("assess "+id+" notifiable 1200 customers' contact data, unencrypted"), "assessed notifiable")
	inc := e.incident(id)
	require.NotNil(t, inc.Facts.AssessedNotifiableAt)
	require.Equal(t, t0, *inc.Facts.AssessedNotifiableAt)
	notes := eventsOf(e.timeline(id), incident.EventNoteAdded)
	require.Contains(t, string(notes[len(notes)-1].Data), "Assessed notifiable: 1200 customers")

	require.Contains(t, cmd("submitted "+id+" gdpr_art33_sa DPC-2026-117"), "recorded")
	require.Equal(t, "DPC-2026-117", e.incident(id).Submissions[0].Ref)
	require.Contains(t, cmd("submitted "+id+" no_such_regime"), "not in the catalog")

	require.Contains(t, cmd("draft "+id+" gdpr_art34_individuals"), "on its way")
	e.drain()
	files := e.fake.Files()
	require.Len(t, files, 1)
	require.Equal(t, e.fake.Messages(channel)[0].TS, files[0].ThreadTS, "the draft goes into the incident's thread")
	require.Contains(t, string(files[0].Content), id)

	require.Contains(t, cmd("list"), id)
	require.Contains(t, cmd("status"), "open 1")
	require.Contains(t, cmd("help"), "/breach assess ID")
	require.Contains(t, cmd("ack INC-2026-9999"), "there is no incident INC-2026-9999")
}

func TestAJurisdictionWithoutRulesShowsOnTheMessageAsUnknown(t *testing.T) {
	e := newEnv(t)
	a := alert("a-1")
	a.PersonalData.Jurisdictions = []string{"EU-IE", "AQ"}
	e.open(a)
	e.drain()
	blocks := string(e.fake.Messages(channel)[0].Blocks)
	require.Contains(t, blocks, "Unknown duties")
	require.Contains(t, blocks, "no rules for AQ", "never a silent nothing-owed")
	require.NotContains(t, blocks, "no rules for EU-IE")
}
