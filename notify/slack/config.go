package slack

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

// Config is the Slack section of breachd's configuration; each field is a
// key of the config file (slack_*), a flag and an environment variable.
// The tokens and the signing secret are never logged.
type Config struct {
	// BotToken (xoxb-) makes every Web API call. Without it Slack is off.
	BotToken string `yaml:"slack_bot_token"`
	// AppToken (xapp-) turns on Socket Mode: no inbound port is needed.
	AppToken string `yaml:"slack_app_token"`
	// SigningSecret verifies requests to the HTTP endpoints; without it
	// they are not served.
	SigningSecret string `yaml:"slack_signing_secret"`
	// APIURL overrides the Web API base URL (tests, GovSlack).
	APIURL string `yaml:"slack_api_url"`
	// Channel is the channel id new incidents are posted to.
	Channel string `yaml:"slack_channel"`
	// SeverityChannels route new incidents by severity, as
	// "severity=channel id" pairs (critical=C0123456789): an incident of a
	// listed severity is posted there instead of Channel. Its message stays
	// where it was posted when the severity changes later.
	SeverityChannels []string `yaml:"slack_severity_channels"`
	// PlaybookChannels route new incidents by playbook, as
	// "playbook=channel id" pairs (ransomware-host=C0123456789): an
	// incident a listed playbook runs on when its message is first posted
	// goes there, before SeverityChannels; the first pair listed whose
	// playbook runs wins.
	PlaybookChannels []string `yaml:"slack_playbook_channels"`
	// IncidentChannels, when set, is the lowest severity (info … critical)
	// whose incidents get a channel of their own as soon as they open or
	// are raised to it. Any incident gets one on demand.
	IncidentChannels string `yaml:"slack_incident_channels"`
	// Responders are the Slack user ids (U…, W…) and user group ids (S…)
	// allowed to change an incident from Slack. Empty allows anyone.
	Responders []string `yaml:"slack_responders"`
	// OnCallGroup is the user group id that reminders mention;
	// EscalationGroup is mentioned too when a deadline has passed.
	OnCallGroup     string `yaml:"slack_oncall_group"`
	EscalationGroup string `yaml:"slack_escalation_group"`
	// Redact lists what is hidden in messages: incident fields (title,
	// asset.id, asset.type, asset.tenant, sources, kinds) replaced whole,
	// and incident's redaction patterns scrubbed from every text shown
	// (email, phone, ip, card…, or name=regexp; emails, phones and ips
	// still work).
	Redact []string `yaml:"slack_redact"`
}

// DefaultConfig is the Slack section of a first run: off, with the
// default redaction.
func DefaultConfig() Config { return Config{Redact: DefaultRedact()} }

// DefaultRedact is what is redacted unless configured otherwise: e-mail
// addresses, phone numbers and IP addresses in every text shown. Alert
// text was redacted with the ingest's patterns before it was stored; these
// hide what that leaves (the ingest keeps IP addresses for investigation).
func DefaultRedact() []string { return []string{"email", "phone", "ip"} }

// Enabled reports whether Slack is configured at all.
func (c *Config) Enabled() bool { return c.BotToken != "" }

// Validate checks the settings of an enabled integration and names the
// setting of each problem.
func (c *Config) Validate() error {
	if !c.Enabled() {
		if c.AppToken != "" || c.SigningSecret != "" {
			return errors.New("slack_bot_token: Slack needs the bot token (xoxb-) as well as the app token or signing secret")
		}
		return nil
	}
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		bad("slack_bot_token", "a bot token starts with xoxb-")
	}
	if c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-") {
		bad("slack_app_token", "an app-level token starts with xapp-")
	}
	if c.Channel == "" {
		bad("slack_channel", "Slack needs the id of the channel new incidents go to (such as C0123456789)")
	}
	for _, r := range c.Responders {
		if !isUser(r) && !isGroup(r) {
			bad("slack_responders", "%q is neither a user id (U…, W…) nor a user group id (S…)", r)
		}
	}
	for key, g := range map[string]string{"slack_oncall_group": c.OnCallGroup, "slack_escalation_group": c.EscalationGroup} {
		if g != "" && !isGroup(g) {
			bad(key, "%q is not a user group id (S…)", g)
		}
	}
	if _, err := c.severityChannels(); err != nil {
		bad("slack_severity_channels", "%v", err)
	}
	if _, err := c.playbookChannels(); err != nil {
		bad("slack_playbook_channels", "%v", err)
	}
	if _, err := c.incidentChannels(); err != nil {
		bad("slack_incident_channels", "%v", err)
	}
	if _, err := NewRedactor(c.Redact, make([]byte, 32)); err != nil {
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
func (c *Config) severityChannels() (map[incident.Severity]string, error) {
	out := map[incident.Severity]string{}
	for _, pair := range c.SeverityChannels {
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
func (c *Config) playbookChannels() ([]playbookRoute, error) {
	var out []playbookRoute
	for _, pair := range c.PlaybookChannels {
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
func (c *Config) incidentChannels() (incident.Severity, error) {
	if c.IncidentChannels == "" {
		return 0, nil
	}
	return incident.ParseSeverity(c.IncidentChannels)
}
