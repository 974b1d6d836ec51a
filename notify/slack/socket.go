package slack

import (
	"context"
	"fmt"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode and serves its
// envelopes with the same handlers as the HTTP endpoints, one at a time,
// until ctx ends. The connection is outbound only and reconnects by
// itself. An envelope Slack delivers again is answered and not handled
// twice.
func (s *Slack) RunSocketMode(ctx context.Context) error {
	if s.opts.AppToken == "" {
		return fmt.Errorf("socket mode needs slack_app_token")
	}
	sm := socketmode.New(s.api)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-errc
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-sm.Events:
			s.socketEvent(ctx, sm, evt)
		}
	}
}

func (s *Slack) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		s.log.Info().Msg("slack socket mode connected")
		return
	case socketmode.EventTypeInvalidAuth:
		s.log.Error().Msg("slack socket mode: the app token was refused (slack_app_token)")
		return
	case socketmode.EventTypeConnectionError:
		// The event's error field is unexported: log it by hand, or the
		// line says nothing.
		ev := s.log.Warn()
		if ce, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			ev = ev.Err(ce.ErrorObj).Int("attempt", ce.Attempt)
		}
		ev.Msg("slack socket mode connection")
		return
	}
	if evt.Request == nil {
		return
	}
	req := *evt.Request
	if seen, err := s.seen("env:" + digestOf(req.Payload)); err != nil || seen {
		if err != nil {
			s.log.Error().Err(err).Msg("record slack envelope")
			return // unanswered: Slack delivers it again
		}
		_ = sm.Ack(req)
		return
	}
	var answer any
	switch data := evt.Data.(type) {
	case slackapi.SlashCommand:
		answer = s.HandleCommand(ctx, data)
	case slackapi.InteractionCallback:
		answer = s.HandleInteraction(ctx, data)
	case slackevents.EventsAPIEvent:
		s.HandleEvent(data)
	}
	var err error
	if answer != nil {
		err = sm.Ack(req, answer)
	} else {
		err = sm.Ack(req)
	}
	if err != nil {
		s.log.Warn().Err(err).Str("envelope_id", req.EnvelopeID).Msg("slack socket mode ack")
	}
}
