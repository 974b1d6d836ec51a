package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// listLimit bounds the incidents /breach list shows.
const listLimit = 20

// ephemeral is an answer only the person who asked sees.
func ephemeral(format string, args ...any) *slackapi.Msg {
	return &slackapi.Msg{ResponseType: slackapi.ResponseTypeEphemeral, Text: fmt.Sprintf(format, args...)}
}

// HandleCommand runs one /breach command and returns the answer, which
// only the person who typed it sees. HTTP and Socket Mode both call it.
func (s *Slack) HandleCommand(ctx context.Context, sc slackapi.SlashCommand) *slackapi.Msg {
	c, err := ParseCommand(sc.Text)
	if err != nil {
		return s.answerError(err, "")
	}
	user := sc.UserID
	switch c.Verb {
	case "help":
		return ephemeral("%s", helpText())
	case "list":
		return s.list()
	case "status":
		if len(c.Args) == 0 {
			return s.status(c.ID)
		}
	case "draft":
		return s.draft(c, sc)
	case "channel":
		if refused := s.refuse(ctx, c.ID, "open a channel for", user); refused != nil {
			return refused
		}
		return s.openChannel(c.ID, user)
	}
	// Everything else changes the incident.
	if refused := s.refuse(ctx, c.ID, c.Verb, user); refused != nil {
		return refused
	}
	actor := Actor(user)
	rs := s.opts.Respond
	var (
		inc  *incident.Incident
		done string
	)
	switch c.Verb {
	case "ack":
		inc, err = rs.Acknowledge(ctx, c.ID, actor)
		done = "acknowledged"
	case "status":
		st, perr := incident.ParseStatus(strings.ToLower(c.Args[0]))
		if perr != nil {
			return s.answerError(usageErr("status", "%v", perr), c.ID)
		}
		inc, err = rs.SetStatus(ctx, c.ID, actor, st, c.Text)
		done = "now " + string(st)
	case "assign":
		who, perr := parseAssignee(c.Args[0], user)
		if perr != nil {
			return s.answerError(perr, c.ID)
		}
		inc, err = rs.Assign(ctx, c.ID, actor, Actor(who))
		done = "assigned to <@" + who + ">"
	case "note":
		inc, err = rs.Note(ctx, c.ID, actor, c.Text)
		done = "noted"
	case "facts":
		if len(c.Facts) == 0 {
			return s.showFacts(c.ID)
		}
		patch, perr := incident.FactsPatch(c.Facts)
		if perr != nil {
			return s.answerError(perr, c.ID)
		}
		var res respond.FactsResult
		res, err = rs.PatchFacts(ctx, c.ID, actor, patch)
		inc, done = res.Incident, "facts recorded"
	case "assess":
		a := respond.Assessment{Notifiable: c.Args[0] != "not-notifiable", Text: c.Text}
		inc, err = rs.Assess(ctx, c.ID, actor, a)
		done = "assessed " + map[bool]string{true: "notifiable", false: "not notifiable"}[a.Notifiable]
	case "submitted":
		regime := c.Args[0]
		if rs.Obligations().Catalog().Regime(regime) == nil {
			return s.answerError(usageErr("submitted", "regime %.80q is not in the catalog (`breachctl obligations %s` lists the ids)", regime, c.ID), c.ID)
		}
		ref := ""
		if len(c.Args) > 1 {
			ref = c.Args[1]
		}
		var res respond.SubmissionResult
		res, err = rs.Submit(ctx, c.ID, actor, respond.Submission{Regime: regime, Ref: ref})
		inc, done = res.Incident, "submission to "+regime+" recorded"
	}
	if err != nil {
		return s.answerError(err, c.ID)
	}
	return ephemeral(":white_check_mark: %s %s (%s)", inc.ID, done, inc.Status)
}

// refuse checks that user may change incidents. It returns nil when they
// may; otherwise the refusal is recorded on the incident's timeline (when
// the incident exists) and the answer says why.
func (s *Slack) refuse(ctx context.Context, id, action, user string) *slackapi.Msg {
	ok, err := s.members.allowed(ctx, user)
	if err != nil {
		s.log.Error().Err(err).Str("user", user).Msg("check responders")
		return ephemeral(":warning: could not check whether you are a responder; try again in a minute")
	}
	if ok {
		return nil
	}
	s.log.Info().Str("user", user).Str("incident_id", id).Str("action", action).Msg("slack action refused")
	err = s.opts.Respond.Refuse(ctx, id, Actor(user), action, "not a configured responder (slack_responders)")
	if err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, incident.ErrInvalid) {
		s.log.Error().Err(err).Str("incident_id", id).Msg("record refusal")
	}
	return ephemeral(":no_entry: Only responders may %s incidents; ask one of %s, or the operator to add you to slack_responders.", action, responderList(s.opts.Responders))
}

func responderList(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if isGroup(id) {
			out[i] = groupMention(id)
		} else {
			out[i] = "<@" + id + ">"
		}
	}
	return strings.Join(out, ", ")
}

// answerError says what went wrong and what to type instead. Errors of
// the person's making are shown; anything else is logged and hidden.
func (s *Slack) answerError(err error, id string) *slackapi.Msg {
	var ue *UsageError
	switch {
	case errors.As(err, &ue):
		return ephemeral(":warning: %s.\nType instead: `%s`", ue.Problem, ue.Usage)
	case errors.Is(err, store.ErrNotFound):
		return ephemeral(":warning: there is no incident %s.\nType `/breach list` to see the open ones.", escape(id))
	case errors.Is(err, incident.ErrTransition), errors.Is(err, incident.ErrInvalid):
		return ephemeral(":warning: %s", escape(err.Error()))
	}
	s.log.Error().Err(err).Str("incident_id", id).Msg("slack command failed")
	return ephemeral(":x: that did not work because of an internal error; the daemon's log says what. Try again, or use breachctl.")
}

// list answers with the open incidents, newest first.
func (s *Slack) list() *slackapi.Msg {
	var page store.Page
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		page, err = tx.ListIncidents(store.ListQuery{Limit: listLimit,
			Statuses: []incident.Status{incident.StatusOpen, incident.StatusAcknowledged, incident.StatusContained}})
		return err
	})
	if err != nil {
		return s.answerError(err, "")
	}
	if len(page.Incidents) == 0 {
		return ephemeral("No open incidents.")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*Open incidents* (newest first%s):\n", map[bool]string{true: ", first " + fmt.Sprint(listLimit), false: ""}[page.Next != ""])
	for _, inc := range page.Incidents {
		fmt.Fprintf(&b, "• `%s` %s %s · %s · %d alerts\n", inc.ID, strings.ToUpper(inc.Severity.String()),
			escape(s.redact.Field("title", inc.Title)), inc.Status, inc.AlertCount)
	}
	return ephemeral("%s", b.String())
}

// status answers with one incident's state, or the count by status.
func (s *Slack) status(id string) *slackapi.Msg {
	if id == "" {
		var counts map[incident.Status]int64
		_ = s.store.View(func(tx *store.Tx) error { counts = tx.StatusCounts(); return nil })
		parts := make([]string, 0, len(counts))
		for _, st := range incident.Statuses() {
			parts = append(parts, fmt.Sprintf("%s %d", st, counts[st]))
		}
		return ephemeral("Incidents: %s. `/breach status ID` shows one.", strings.Join(parts, " · "))
	}
	st, err := s.loadChannel(id)
	if err != nil {
		return s.answerError(err, id)
	}
	card := s.render(st.inc, st.set, st.runs, st.ch.ID)
	// The buttons (and approvals') belong to the posted message, not to
	// this answer.
	blocks := slices.DeleteFunc(card.Blocks, func(b slackapi.Block) bool { return b.BlockType() == slackapi.MBTAction })
	return &slackapi.Msg{ResponseType: slackapi.ResponseTypeEphemeral, Text: card.Text, Blocks: slackapi.Blocks{BlockSet: blocks}}
}

// showFacts answers with an incident's facts.
func (s *Slack) showFacts(id string) *slackapi.Msg {
	var inc *incident.Incident
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		inc, err = tx.LoadIncident(id)
		return err
	})
	if err != nil {
		return s.answerError(err, id)
	}
	if inc.Facts == nil {
		return ephemeral("%s has no breach facts yet. Type `/breach facts %s aware_at=2026-03-12T09:30:00Z data_subjects=1200`, or press *Record facts* on its message.", inc.ID, inc.ID)
	}
	raw, _ := json.MarshalIndent(inc.Facts, "", "  ")
	return ephemeral("Facts of %s:\n```%s```", inc.ID, s.redact.Text(string(raw)))
}

// openChannel asks for incident id's own channel, with user invited, and
// says what is happening. The channel is set up from the outbox.
func (s *Slack) openChannel(id, user string) *slackapi.Msg {
	now := s.opts.Now()
	var own store.SlackChannel
	err := s.store.Update(func(tx *store.Tx) error {
		if _, err := tx.LoadIncident(id); err != nil {
			return err
		}
		var err error
		if own, err = tx.SlackChannel(id); err != nil {
			return err
		}
		return s.askChannel(tx, id, user, now)
	})
	if err != nil {
		return s.answerError(err, id)
	}
	s.wake()
	if own.ID != "" {
		return ephemeral("You are being invited to <#%s>, the channel of %s.", own.ID, id)
	}
	return ephemeral("The channel of %s is being set up; you will be invited, with the on-call group.", id)
}

// draft queues the posting of a draft; it is rendered and uploaded from
// the outbox.
func (s *Slack) draft(c Command, sc slackapi.SlashCommand) *slackapi.Msg {
	regime := c.Args[0]
	if s.opts.Respond.Obligations().Catalog().Regime(regime) == nil {
		return s.answerError(usageErr("draft", "regime %.80q is not in the catalog", regime), c.ID)
	}
	now := s.opts.Now()
	err := s.store.Update(func(tx *store.Tx) error {
		if _, err := tx.LoadIncident(c.ID); err != nil {
			return err
		}
		key := fmt.Sprintf("slack/draft/%s/%s/%s", c.ID, regime, sc.TriggerID)
		if sc.TriggerID == "" {
			key += now.UTC().Format(time.RFC3339Nano)
		}
		return s.enqueue(tx, key, Message{Op: OpDraft, Incident: c.ID, Regime: regime, Channel: sc.ChannelID, User: sc.UserID}, now)
	})
	if err != nil {
		return s.answerError(err, c.ID)
	}
	s.wake()
	return ephemeral("The %s draft of %s is on its way to the incident's thread.", regime, c.ID)
}
