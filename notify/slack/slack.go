package slack

import (
	"errors"
	"net/http"
	"time"

	"github.com/rs/zerolog"
	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Slack is the integration: an outbox sender, a reminder notifier, the
// hook that enqueues messages for changes, and the inbound handlers.
type Slack struct {
	opts   Options
	api    *slackapi.Client
	store  *store.Store
	redact Redactor
	// routes are SeverityChannels; autoChannel is IncidentChannels (0:
	// channels on demand only).
	routes      map[incident.Severity]string
	byPlaybook  []playbookRoute
	autoChannel incident.Severity
	log         zerolog.Logger
	members     *members
}

// New returns the integration for valid, enabled opts.
func New(opts Options, st *store.Store, log zerolog.Logger) (*Slack, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Respond == nil || opts.Now == nil {
		return nil, errors.New("slack: the use cases (respond) and the clock are required")
	}
	// Keyed as the ingest's redaction, so that a token reads the same in
	// Slack as in the stored alert.
	key, err := st.RedactionKey()
	if err != nil {
		return nil, err
	}
	r, err := NewRedactor(opts.Redact, key)
	if err != nil {
		return nil, err
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	// No OptionRetry: the outbox retries, honouring Retry-After, without
	// holding a worker asleep.
	apiOpts := []slackapi.Option{slackapi.OptionHTTPClient(hc)}
	if opts.APIURL != "" {
		apiOpts = append(apiOpts, slackapi.OptionAPIURL(opts.APIURL))
	}
	if opts.AppToken != "" {
		apiOpts = append(apiOpts, slackapi.OptionAppLevelToken(opts.AppToken))
	}
	s := &Slack{opts: opts, api: slackapi.New(opts.BotToken, apiOpts...), store: st, redact: r,
		log: log.With().Str("component", "slack").Logger()}
	s.routes, _ = opts.severityChannels()      // checked by Validate
	s.byPlaybook, _ = opts.playbookChannels()  // checked by Validate
	s.autoChannel, _ = opts.incidentChannels() // checked by Validate
	s.members = newMembers(s.api, opts.Responders, opts.Now)
	return s, nil
}

// SocketMode reports whether the integration connects over Socket Mode.
func (s *Slack) SocketMode() bool { return s.opts.AppToken != "" }

// HTTPEndpoints reports whether the HTTP endpoints are served.
func (s *Slack) HTTPEndpoints() bool { return s.opts.SigningSecret != "" }

// OpenToAll reports whether anyone may change incidents from Slack (no
// responders configured).
func (s *Slack) OpenToAll() bool { return len(s.opts.Responders) == 0 }

// RoutedPlaybooks lists the playbooks PlaybookChannels routes, in their
// order, so that the daemon can warn of one the set in force lacks.
func (s *Slack) RoutedPlaybooks() []string {
	names := make([]string, len(s.byPlaybook))
	for i, r := range s.byPlaybook {
		names[i] = r.playbook
	}
	return names
}

func (s *Slack) wake() {
	if s.opts.Wake != nil {
		s.opts.Wake()
	}
}
