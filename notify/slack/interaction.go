package slack

import (
	"context"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// factsModalFields are the facts the modal asks for, by block id, in its
// order; "other" takes any fact as key=value lines.
var factsModalFields = []struct{ key, label, hint string }{
	{"aware_at", "Aware at (RFC 3339)", "When the organisation became aware, such as 2026-03-12T09:30:00Z"},
	{"data_subjects", "People affected", "An estimate is fine: 1200"},
	{"data_categories", "Data categories", "Comma list: contact, financial, health…"},
	{"jurisdictions", "Jurisdictions", "Comma list of codes: EU-IE, SG, US-CA…"},
	{"encrypted", "Encrypted", "true or false"},
	{"other", "Other facts", "One key=value per line, as /breach facts takes them"},
}

// HandleInteraction handles a click on the message's buttons or the
// submission of the facts modal, and returns what to answer Slack with:
// nil for an empty 200, or a view submission response (the modal's
// errors). HTTP and Socket Mode both call it.
func (s *Slack) HandleInteraction(ctx context.Context, cb slackapi.InteractionCallback) any {
	switch cb.Type {
	case slackapi.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			s.blockAction(ctx, cb, a)
		}
	case slackapi.InteractionTypeViewSubmission:
		if cb.View.CallbackID == CallbackFacts {
			return s.submitFacts(ctx, cb)
		}
	}
	return nil
}

func (s *Slack) blockAction(ctx context.Context, cb slackapi.InteractionCallback, a *slackapi.BlockAction) {
	user, id := cb.User.ID, strings.ToUpper(a.Value)
	var (
		answer *slackapi.Msg
		fn     func() error
		action string
	)
	switch a.ActionID {
	case ActionAck:
		action = "acknowledge"
		fn = func() error {
			_, err := s.opts.Respond.Acknowledge(ctx, id, Actor(user))
			return err
		}
	case ActionAssignMe:
		action = "assign"
		fn = func() error {
			_, err := s.opts.Respond.Assign(ctx, id, Actor(user), Actor(user))
			return err
		}
	case ActionFacts:
		if answer = s.refuse(ctx, id, "record facts of", user); answer == nil {
			answer = s.openFactsModal(ctx, cb.TriggerID, id)
		}
	case ActionApprove, ActionReject:
		// The step's approvers decide, not slack_responders.
		answer = s.decide(ctx, user, a.ActionID, a.Value)
	case ActionChannel:
		// Asks for the channel, or (once it is a link) invites whoever
		// opens it: a private channel shows nothing to others.
		if answer = s.refuse(ctx, id, "open a channel for", user); answer == nil {
			answer = s.openChannel(id, user)
		}
	default:
		return
	}
	if fn != nil {
		if answer = s.refuse(ctx, id, action, user); answer == nil {
			if err := fn(); err != nil {
				answer = s.answerError(err, id)
			}
		}
	}
	if answer != nil {
		s.tell(ctx, cb, answer.Text)
	}
}

// tell shows text to the person who clicked, and to nobody else. It calls
// Slack at once, not through the outbox, on purpose: an ephemeral answer
// is worth something only while the person who clicked is looking (Slack
// expects an answer to a click within 3 s), one delayed by retries would
// answer nothing, and it is in no channel's history, so a retry after a
// crash could not look for it before posting it again. What must not be
// lost is committed before it is called: a refusal's audit event, and
// its thread reply, which does go through the outbox. A failed answer is
// logged.
func (s *Slack) tell(ctx context.Context, cb slackapi.InteractionCallback, text string) {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	if _, err := s.api.PostEphemeralContext(ctx, channel, cb.User.ID, slackapi.MsgOptionText(text, false)); err != nil {
		s.log.Warn().Err(err).Str("user", cb.User.ID).Msg("ephemeral answer")
	}
}

// openFactsModal opens the modal that records facts. Slack gives 3 s from
// the click to open it, so it is opened at once, not through the outbox.
func (s *Slack) openFactsModal(ctx context.Context, triggerID, id string) *slackapi.Msg {
	blocks := []slackapi.Block{slackapi.NewSectionBlock(md("Facts of *%s*. Leave a field empty to keep it as it is; every change is on the timeline and the deadlines follow.", id), nil, nil)}
	for _, f := range factsModalFields {
		el := slackapi.NewPlainTextInputBlockElement(plain(f.hint), f.key)
		el.Multiline = f.key == "other"
		blocks = append(blocks, slackapi.NewInputBlock(f.key, plain(f.label), nil, el).WithOptional(true))
	}
	view := slackapi.ModalViewRequest{
		Type: slackapi.VTModal, Title: plain("Record facts"), Submit: plain("Record"), Close: plain("Cancel"),
		CallbackID: CallbackFacts, PrivateMetadata: id, Blocks: slackapi.Blocks{BlockSet: blocks},
	}
	if _, err := s.api.OpenViewContext(ctx, triggerID, view); err != nil {
		s.log.Warn().Err(err).Str("incident_id", id).Msg("open facts modal")
		return ephemeral(":warning: the facts form did not open (%s). Type `/breach facts %s key=value…` instead.", escape(err.Error()), id)
	}
	return nil
}

// ModalFacts reads the facts a submitted modal holds, as key=value pairs.
func ModalFacts(state *slackapi.ViewState) ([][2]string, error) {
	if state == nil {
		return nil, nil
	}
	var pairs [][2]string
	for _, f := range factsModalFields {
		v := strings.TrimSpace(state.Values[f.key][f.key].Value)
		if v == "" {
			continue
		}
		if f.key != "other" {
			pairs = append(pairs, [2]string{f.key, v})
			continue
		}
		more, err := parseFacts(strings.ReplaceAll(v, "\n", " "))
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, more...)
	}
	return pairs, nil
}

// submitFacts records the facts of a submitted modal; problems are shown
// in the modal, which stays open.
func (s *Slack) submitFacts(ctx context.Context, cb slackapi.InteractionCallback) any {
	id, user := strings.ToUpper(cb.View.PrivateMetadata), cb.User.ID
	fail := func(msg string) any {
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{"other": text.Truncate(msg, 2000)})
	}
	if refused := s.refuse(ctx, id, "record facts of", user); refused != nil {
		return fail(refused.Text)
	}
	pairs, err := ModalFacts(cb.View.State)
	if err != nil {
		return fail(err.Error())
	}
	if len(pairs) == 0 {
		return nil
	}
	patch, err := incident.FactsPatch(pairs)
	if err != nil {
		return fail(err.Error())
	}
	_, err = s.opts.Respond.PatchFacts(ctx, id, Actor(user), patch)
	if err != nil {
		return fail(s.answerError(err, id).Text)
	}
	return nil
}
