package slack

import (
	"context"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/runs"
)

// IncidentChannel is the notify channel that names an incident's own
// channel.
const IncidentChannel = "incident"

// Notice posts a playbook's notify step: to the channel it names, by id
// (C…, G…) or as #name of a channel the app is in, or, when it names none,
// in the incident's thread. Alert values in the message pass the redactor.
// The step's idempotency key is the post's: a retry or a restart posts it
// once. It is the runs.Notifier of Slack.
//
// A notice to the channel "incident" goes to the incident's own channel,
// which it creates (with the on-call group invited, the summary pinned and
// the topic set) when the incident has none yet: a playbook asks for an
// incident channel with a notify step to it.
func (s *Slack) Notice(ctx context.Context, n runs.Notice) error {
	channel, thread := strings.TrimSpace(n.Channel), ""
	switch {
	case channel == "":
		ch, ts, err := s.thread(n.Incident)
		if err != nil {
			return err
		}
		if ts == "" {
			return fmt.Errorf("the message of %s is not posted yet", n.Incident)
		}
		channel, thread = ch, ts
	case channel == IncidentChannel:
		// The incident's own channel, set up first when it has none: the
		// steps already done are not done again.
		if _, err := s.sendChannel(ctx, Message{Op: OpChannel, Incident: n.Incident}); err != nil {
			return err
		}
		st, err := s.loadChannel(n.Incident)
		if err != nil {
			return permanentIfMissing(err)
		}
		channel = st.ch.ID
	case strings.HasPrefix(channel, "#"):
		ch, err := s.channelNamed(ctx, strings.TrimPrefix(channel, "#"), "public_channel", "private_channel")
		if err != nil {
			return Classify(err)
		}
		if ch == nil {
			return outbox.Permanent(fmt.Errorf("slack channel %s: none of that name has the app in it (invite it with /invite @breachd)", channel))
		}
		channel = ch.ID
	}
	_, err := s.postOnce(ctx, "notice/"+n.Key, channel, thread, slackapi.MsgOptionText(s.redact.Text(n.Message), false))
	return err
}
