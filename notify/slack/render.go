package slack

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// Action ids of the message's buttons and the facts modal's callback id.
const (
	ActionAck       = "breachd_ack"
	ActionAssignMe  = "breachd_assign_me"
	ActionFacts     = "breachd_facts"
	ActionChannel   = "breachd_channel"
	CallbackFacts   = "breachd_facts_modal"
	actionsBlockID  = "breachd_actions"
	maxHeaderLen    = 150
	maxSectionField = 2000
	maxSectionText  = 3000
)

// Card is an incident's message as Slack shows it: the blocks and the
// fallback text of notifications.
type Card struct {
	Blocks []slackapi.Block
	Text   string
}

// Deadline is the next regulatory deadline of an incident.
type Deadline struct {
	Regime, Recipient, Basis, Due string
	// At is nil for a duty without a numeric limit, due now.
	At      *time.Time
	Overdue bool
}

// NextDeadline picks, among the due obligations, the one with the
// earliest deadline; a duty without a numeric limit ("without undue
// delay") only when none has one. more counts the other due ones. ok is
// false when nothing is due.
func NextDeadline(set *incident.Obligations) (d Deadline, more int, ok bool) {
	if set == nil {
		return d, 0, false
	}
	for _, o := range set.Obligations {
		if !o.Status.Reminded() {
			continue
		}
		cand := Deadline{Regime: o.Regime, Recipient: o.Recipient, Basis: o.Basis, Due: o.Due, At: o.DueAt, Overdue: o.Overdue}
		if ok {
			more++
			if cand.At == nil || d.At != nil && !cand.At.Before(*d.At) {
				continue
			}
		}
		d, ok = cand, true
	}
	return d, more, ok
}

// RenderCard renders an incident's message at now, with its playbook runs
// (each pending approval with its buttons). Every value that came from an
// alert passes the redactor. own is the incident's own channel, ""
// while it has none: the channel button then asks for one, else it opens
// it (and invites whoever clicks).
func RenderCard(inc *incident.Incident, set *incident.Obligations, runs []RunView, r Redactor, own string, now time.Time) Card {
	title := r.Field("title", inc.Title)
	header := fmt.Sprintf("%s %s · %s", severityMark(inc.Severity), inc.ID, title)
	fields := []*slackapi.TextBlockObject{
		md("*Severity*\n%s", inc.Severity),
		md("*Status*\n%s", statusLine(inc)),
		md("*Asset*\n%s", assetLine(inc, r)),
		md("*Alerts*\n%d", inc.AlertCount),
		md("*Assignee*\n%s", orNone(mention(inc.Assignee))),
		md("*Sources*\n%s", orNone(r.Field("sources", strings.Join(inc.Sources, ", ")))),
	}
	deadline := "no breach facts recorded yet: press *Record facts*"
	if inc.Facts != nil {
		deadline = "nothing due"
		if d, more, ok := NextDeadline(set); ok {
			deadline = deadlineLine(d, now)
			if more > 0 {
				deadline += fmt.Sprintf(" (+%d more due)", more)
			}
		}
	}
	blocks := []slackapi.Block{
		slackapi.NewHeaderBlock(plain(text.Truncate(header, maxHeaderLen))),
		slackapi.NewSectionBlock(nil, fields, nil),
	}
	if len(inc.Labels) > 0 {
		blocks = append(blocks, slackapi.NewSectionBlock(md("*Labels*\n%s", text.Truncate(r.Labels(inc.Labels), maxSectionText)), nil, nil))
	}
	blocks = append(blocks, slackapi.NewSectionBlock(md("*Next regulatory deadline*\n%s", deadline), nil, nil))
	if unknown := set.UnknownJurisdictions(); len(unknown) > 0 {
		warning := fmt.Sprintf(":warning: the catalog has no rules for %s: what is owed there is *unknown*, not nothing; check its law", strings.Join(unknown, ", "))
		blocks = append(blocks, slackapi.NewSectionBlock(md("*Unknown duties*\n%s", warning), nil, nil))
		deadline += "; unknown duties in " + strings.Join(unknown, ", ")
	}
	blocks = append(blocks, runBlocks(runs, r, now)...)
	blocks = append(blocks, slackapi.NewContextBlock("", md("Opened %s · updated %s · %s", stamp(inc.OpenedAt), stamp(inc.UpdatedAt), orNone(r.Field("kinds", strings.Join(inc.Kinds, ", "))))))
	var buttons []slackapi.BlockElement
	if inc.Status == incident.StatusOpen {
		buttons = append(buttons, slackapi.NewButtonBlockElement(ActionAck, inc.ID, plain("Acknowledge")).WithStyle(slackapi.StylePrimary))
	}
	if inc.Status.Active() {
		buttons = append(buttons, slackapi.NewButtonBlockElement(ActionAssignMe, inc.ID, plain("Assign to me")))
	}
	buttons = append(buttons, slackapi.NewButtonBlockElement(ActionFacts, inc.ID, plain("Record facts")))
	switch {
	case own != "":
		open := slackapi.NewButtonBlockElement(ActionChannel, inc.ID, plain("Incident channel"))
		open.URL = "https://slack.com/app_redirect?channel=" + url.QueryEscape(own)
		buttons = append(buttons, open)
	case inc.Status.Active():
		buttons = append(buttons, slackapi.NewButtonBlockElement(ActionChannel, inc.ID, plain("Open incident channel")))
	}
	blocks = append(blocks, slackapi.NewActionBlock(actionsBlockID, buttons...))
	text := fmt.Sprintf("[%s] %s %s (%s): %s", inc.Severity, inc.ID, title, inc.Status, deadline)
	return Card{Blocks: blocks, Text: text}
}

func severityMark(s incident.Severity) string {
	switch s {
	case incident.SeverityCritical:
		return "🔴 CRITICAL"
	case incident.SeverityHigh:
		return "🟠 HIGH"
	case incident.SeverityMedium:
		return "🟡 MEDIUM"
	default:
		return "⚪ " + strings.ToUpper(s.String())
	}
}

func statusLine(inc *incident.Incident) string {
	s := string(inc.Status)
	if inc.AcknowledgedBy != "" && inc.Status != incident.StatusOpen {
		s += " (acknowledged by " + mention(inc.AcknowledgedBy) + ")"
	}
	return s
}

func assetLine(inc *incident.Incident, r Redactor) string {
	s := r.Field("asset.id", inc.Asset.ID)
	if t := r.Field("asset.type", inc.Asset.Type); t != "" {
		s += " (" + t + ")"
	}
	if t := r.Field("asset.tenant", inc.Asset.Tenant); t != "" {
		s += " · tenant " + t
	}
	return escape(s)
}

func deadlineLine(d Deadline, now time.Time) string {
	who := escape(d.Recipient)
	switch {
	case d.At == nil:
		return fmt.Sprintf("*%s* to %s: due now (%s) · %s", d.Regime, who, escape(d.Due), escape(d.Basis))
	case d.Overdue || !d.At.After(now):
		return fmt.Sprintf(":rotating_light: *%s* to %s: OVERDUE since %s · %s", d.Regime, who, stamp(*d.At), escape(d.Basis))
	}
	return fmt.Sprintf("*%s* to %s: due %s (in %s) · %s", d.Regime, who, stamp(*d.At), left(d.At.Sub(now)), escape(d.Basis))
}

// left says a duration the way people count down to a deadline.
func left(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd %dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return fmt.Sprintf("%dm", max(d/time.Minute, 1))
}

// Actors from Slack are recorded as "slack:U…" and shown as mentions.
const actorPrefix = "slack:"

// Actor is how a Slack user is recorded on the timeline.
func Actor(userID string) string { return actorPrefix + userID }

func mention(actor string) string {
	if id, ok := strings.CutPrefix(actor, actorPrefix); ok && isUser(id) {
		return "<@" + id + ">"
	}
	return escape(actor)
}

func groupMention(id string) string { return "<!subteam^" + id + ">" }

// escape keeps text from being read as Slack markup (mentions, links).
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func md(format string, args ...any) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, text.Truncate(fmt.Sprintf(format, args...), maxSectionField), false, false)
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, false, false)
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }
