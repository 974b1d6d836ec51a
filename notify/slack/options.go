package slack

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
)

// Options configure the Slack integration.
type Options struct {
	// BotToken (xoxb-) makes every Web API call. Without it Slack is off.
	BotToken string
	// AppToken (xapp-) turns on Socket Mode: no inbound port is needed.
	AppToken string
	// SigningSecret verifies requests to the HTTP endpoints; without it
	// they are not served.
	SigningSecret string
	// APIURL overrides the Web API base URL (tests, GovSlack).
	APIURL string
	// Channel is the channel id new incidents are posted to.
	Channel string
	// SeverityChannels route new incidents by severity, as
	// "severity=channel id" pairs (critical=C0123456789): an incident of a
	// listed severity is posted there instead of Channel. Its message stays
	// where it was posted when the severity changes later.
	SeverityChannels []string
	// PlaybookChannels route new incidents by playbook, as
	// "playbook=channel id" pairs (ransomware-host=C0123456789): an
	// incident a listed playbook runs on when its message is first posted
	// goes there, before SeverityChannels; the first pair listed whose
	// playbook runs wins.
	PlaybookChannels []string
	// IncidentChannels, when set, is the lowest severity (info … critical)
	// whose incidents get a channel of their own as soon as they open or
	// are raised to it. Any incident gets one on demand.
	IncidentChannels string
	// Responders are the Slack user ids (U…, W…) and user group ids (S…)
	// allowed to change an incident from Slack. Empty allows anyone.
	Responders []string
	// OnCallGroup is the user group id that reminders mention;
	// EscalationGroup is mentioned too when a deadline has passed.
	OnCallGroup, EscalationGroup string
	// Redact lists what is hidden in messages: incident fields (title,
	// asset.id, asset.type, asset.tenant, sources, kinds) replaced whole,
	// and incident's redaction patterns scrubbed from every text shown
	// (email, phone, ip, card…, or name=regexp; emails, phones and ips
	// still work).
	Redact []string
	// Respond carries out every change people ask for in Slack (the use
	// cases the API shares) and renders drafts. Required.
	Respond *respond.Service
	// Runs is the playbook engine: pending approvals are shown with
	// Approve and Reject buttons, and what runs once they are given. Nil
	// shows no playbooks.
	Runs Runs
	// Now is the clock.
	Now func() time.Time
	// Wake nudges the outbox worker after an entry is enqueued, so that a
	// click shows without waiting for the next round; nil waits.
	Wake func()
	// HTTPClient makes the Web API calls; nil is a client with a 30 s
	// timeout.
	HTTPClient *http.Client
}

// DefaultRedact is what is redacted unless configured otherwise: e-mail
// addresses, phone numbers and IP addresses in every text shown. Alert
// text was redacted with the ingest's patterns before it was stored; these
// hide what that leaves (the ingest keeps IP addresses for investigation).
func DefaultRedact() []string { return []string{"email", "phone", "ip"} }

// Enabled reports whether Slack is configured at all.
func (o *Options) Enabled() bool { return o.BotToken != "" }

// Validate checks the options of an enabled integration and names the
// setting of each problem.
func (o *Options) Validate() error {
	if !o.Enabled() {
		if o.AppToken != "" || o.SigningSecret != "" {
			return errors.New("slack_bot_token: Slack needs the bot token (xoxb-) as well as the app token or signing secret")
		}
		return nil
	}
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if !strings.HasPrefix(o.BotToken, "xoxb-") {
		bad("slack_bot_token", "a bot token starts with xoxb-")
	}
	if o.AppToken != "" && !strings.HasPrefix(o.AppToken, "xapp-") {
		bad("slack_app_token", "an app-level token starts with xapp-")
	}
	if o.Channel == "" {
		bad("slack_channel", "Slack needs the id of the channel new incidents go to (such as C0123456789)")
	}
	for _, r := range o.Responders {
		if !isUser(r) && !isGroup(r) {
			bad("slack_responders", "%q is neither a user id (U…, W…) nor a user group id (S…)", r)
		}
	}
	for key, g := range map[string]string{"slack_oncall_group": o.OnCallGroup, "slack_escalation_group": o.EscalationGroup} {
		if g != "" && !isGroup(g) {
			bad(key, "%q is not a user group id (S…)", g)
		}
	}
	if _, err := o.severityChannels(); err != nil {
		bad("slack_severity_channels", "%v", err)
	}
	if _, err := o.playbookChannels(); err != nil {
		bad("slack_playbook_channels", "%v", err)
	}
	if _, err := o.incidentChannels(); err != nil {
		bad("slack_incident_channels", "%v", err)
	}
	if _, err := NewRedactor(o.Redact, make([]byte, 32)); err != nil {
		bad("slack_redact", "%v", err)
	}
	return errors.Join(errs...)
}

// isUser and isGroup tell Slack's id kinds apart by their first letter.
func isUser(id string) bool  { return len(id) > 1 && (id[0] == 'U' || id[0] == 'W') && isID(id) }
func isGroup(id string) bool { return len(id) > 1 && id[0] == 'S' && isID(id) }

func isID(id string) bool {
	for _, c := range id {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return len(id) <= 32
}

// severityChannels reads SeverityChannels.
func (o *Options) severityChannels() (map[incident.Severity]string, error) {
	out := map[incident.Severity]string{}
	for _, pair := range o.SeverityChannels {
		name, ch, ok := strings.Cut(strings.TrimSpace(pair), "=")
		sev, err := incident.ParseSeverity(strings.TrimSpace(name))
		ch = strings.TrimSpace(ch)
		switch {
		case !ok || ch == "":
			return nil, fmt.Errorf("%.80q: want severity=channel id, such as critical=C0123456789", pair)
		case err != nil:
			return nil, fmt.Errorf("%.80q: %w", pair, err)
		case out[sev] != "":
			return nil, fmt.Errorf("%s is routed twice", sev)
		}
		out[sev] = ch
	}
	return out, nil
}

// playbookRoute is one pair of PlaybookChannels.
type playbookRoute struct{ playbook, channel string }

// playbookChannels reads PlaybookChannels, in their order.
func (o *Options) playbookChannels() ([]playbookRoute, error) {
	var out []playbookRoute
	for _, pair := range o.PlaybookChannels {
		name, ch, ok := strings.Cut(strings.TrimSpace(pair), "=")
		name, ch = strings.TrimSpace(name), strings.TrimSpace(ch)
		switch {
		case !ok || name == "" || ch == "":
			return nil, fmt.Errorf("%.80q: want playbook=channel id, such as ransomware-host=C0123456789", pair)
		case slices.ContainsFunc(out, func(r playbookRoute) bool { return r.playbook == name }):
			return nil, fmt.Errorf("playbook %.80s is routed twice", name)
		}
		out = append(out, playbookRoute{name, ch})
	}
	return out, nil
}

// incidentChannels reads IncidentChannels: the lowest severity given its
// own channel at once, or 0 for none.
func (o *Options) incidentChannels() (incident.Severity, error) {
	if o.IncidentChannels == "" {
		return 0, nil
	}
	return incident.ParseSeverity(o.IncidentChannels)
}
