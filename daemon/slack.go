package daemon

import (
	"context"

	"github.com/rs/zerolog"

	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/runs"
	"github.com/breachd/breachd/store"
)

// newSlack builds the Slack integration, or returns nil when Slack is off
// (no bot token): notifications then go to the log only. rs carries out
// what people ask for in Slack; engine shows the playbooks' approvals;
// wake nudges the outbox worker.
func (d *Daemon) newSlack(st *store.Store, rs *respond.Service, engine *runs.Engine, wake func()) (*slack.Slack, error) {
	opts := slack.Options{Config: d.cfg.Slack}
	if !opts.Enabled() {
		d.log.Info().Msg("slack is off (no slack_bot_token): notifications go to the log")
		return nil, nil
	}
	opts.Respond, opts.Now, opts.Wake, opts.Runs = rs, d.now, wake, engine
	s, err := slack.New(opts, st, d.log)
	if err != nil {
		return nil, err
	}
	// Say how it connects, never with what.
	d.log.Info().Str("channel", opts.Channel).Bool("socket_mode", s.SocketMode()).Bool("http_endpoints", s.HTTPEndpoints()).
		Strs("responders", opts.Responders).Msg("slack is on")
	if s.OpenToAll() {
		d.log.Warn().Msg("slack_responders is not set: anyone in the workspace who can use the app may acknowledge, assign and change incidents from Slack")
	}
	for _, name := range s.RoutedPlaybooks() {
		if _, ok := engine.Playbooks().Lookup(name); !ok {
			d.log.Warn().Str("playbook", name).Msg("slack_playbook_channels names a playbook the set in force does not have")
		}
	}
	if !s.SocketMode() && !s.HTTPEndpoints() {
		d.log.Warn().Msg("slack posts messages but takes no clicks or commands: set slack_app_token (Socket Mode) or slack_signing_secret (HTTP endpoints)")
	}
	return s, nil
}

// runSocketMode keeps the Socket Mode connection until ctx ends.
func (d *Daemon) runSocketMode(ctx context.Context, s *slack.Slack) {
	if err := s.RunSocketMode(ctx); err != nil && ctx.Err() == nil {
		d.errc <- err
	}
}

// slackNotices is where playbooks' notify steps go with Slack on: the log,
// as without it, and Slack. A Slack failure is the step's to retry.
func slackNotices(log zerolog.Logger, s *slack.Slack) runs.Notifier {
	logged := runs.LogNotifier(log)
	return runs.NotifierFunc(func(ctx context.Context, n runs.Notice) error {
		_ = logged.Notice(ctx, n) // never fails
		return s.Notice(ctx, n)
	})
}

// Where the outbox, the reminders and the playbooks meet Slack.
var (
	_ slack.Runs           = (*runs.Engine)(nil)
	_ respond.Hook         = (*slack.Slack)(nil)
	_ respond.Hook         = (*runs.Engine)(nil)
	_ respond.Approvals    = (*runs.Engine)(nil)
	_ runs.Committer       = (*respond.Service)(nil)
	_ outbox.Sender        = (*slack.Slack)(nil)
	_ obligations.Notifier = (*slack.Slack)(nil)
	_ runs.Notifier        = (*slack.Slack)(nil)
)
