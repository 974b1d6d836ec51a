package slack

import (
	"context"
	"fmt"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
)

// Notify posts a deadline reminder in the incident's thread (in the
// channel when its message is not posted), mentioning the on-call group;
// an overdue warning also mentions the escalation group and shows in the
// channel (the incident's message is brought up to date by Changed, as the
// deadline passing is a change of the incident). The reminder's
// identity is its idempotency key: a retry never posts it twice. It is
// the obligations.Notifier of Slack.
func (s *Slack) Notify(ctx context.Context, r obligations.Reminder) error {
	channel, ts, err := s.thread(r.Incident)
	if err != nil {
		return err
	}
	if ts == "" {
		channel = s.opts.Channel
	}
	text := ":alarm_clock: "
	if r.Kind == incident.TimerOverdue {
		text = ":rotating_light: "
	}
	if s.opts.OnCallGroup != "" {
		text += groupMention(s.opts.OnCallGroup) + " "
	}
	if r.Kind == incident.TimerOverdue && s.opts.EscalationGroup != "" {
		text += groupMention(s.opts.EscalationGroup) + " "
	}
	text += escape(s.redact.Text(r.Text()))
	key := fmt.Sprintf("reminder/%s/%s/%s/%s", r.Kind, r.Incident, r.Regime, r.DueAt.UTC().Format(time.RFC3339))
	if r.Kind == incident.TimerReminder {
		key += "/" + incident.OffsetLabel(r.Before)
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false)}
	if ts != "" && r.Kind == incident.TimerOverdue {
		opts = append(opts, slackapi.MsgOptionBroadcast())
	}
	_, err = s.postOnce(ctx, key, channel, ts, opts...)
	return err
}
