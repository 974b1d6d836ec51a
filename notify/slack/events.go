package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// maxThreadText bounds a thread reply; a longer one is cut.
const maxThreadText = 3000

// eventText is what a timeline event says in the incident's thread, or ""
// for events the thread leaves out: the incident opening and its alerts
// (the message shows those), reminders (posted on their own) and the
// outcomes of deliveries (which would otherwise answer themselves).
func (s *Slack) eventText(e incident.Event) string {
	who := mention(e.Actor)
	var line string
	switch e.Type {
	case incident.EventStatusChanged:
		var d struct{ From, To, Reason string }
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = fmt.Sprintf("%s moved it from *%s* to *%s*", who, d.From, d.To)
		if d.Reason != "" {
			line += ": " + escape(d.Reason)
		}
	case incident.EventNoteAdded:
		var d struct{ Text string }
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = fmt.Sprintf("%s noted: %s", who, escape(d.Text))
	case incident.EventFactsChanged:
		var d struct {
			Changes []incident.FactChange `json:"changes"`
			Source  string                `json:"source"`
		}
		if json.Unmarshal(e.Data, &d) != nil || len(d.Changes) == 0 {
			return ""
		}
		parts := make([]string, len(d.Changes))
		for i, c := range d.Changes {
			parts[i] = fmt.Sprintf("`%s` %s → %s", c.Field, escape(compactJSON(c.Old)), escape(compactJSON(c.New)))
		}
		line = fmt.Sprintf("%s recorded facts: %s", who, strings.Join(parts, ", "))
		if d.Source != "" {
			line += " (from " + escape(d.Source) + ")"
		}
	case incident.EventNarrativeChanged:
		var d struct{ Changes []incident.NarrativeChange }
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		keys := make([]string, len(d.Changes))
		for i, c := range d.Changes {
			keys[i] = c.Field
		}
		line = fmt.Sprintf("%s wrote the narrative: %s", who, escape(strings.Join(keys, ", ")))
	case incident.EventSubmissionRecorded:
		var d incident.Submission
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = fmt.Sprintf("%s recorded the *%s* notification as filed at %s", who, escape(d.Regime), stamp(d.At))
		if d.Ref != "" {
			line += " (ref " + escape(d.Ref) + ")"
		}
	case incident.EventObligationsChanged:
		var d struct{ Changes []incident.ObligationChange }
		if json.Unmarshal(e.Data, &d) != nil || len(d.Changes) == 0 {
			return ""
		}
		parts := make([]string, len(d.Changes))
		for i, c := range d.Changes {
			parts[i] = fmt.Sprintf("*%s* %s", c.Regime, c.To)
			if c.DueAt != nil && c.To == incident.ObligationDue {
				parts[i] += " by " + stamp(*c.DueAt)
			}
		}
		line = "Obligations now: " + strings.Join(parts, ", ")
	case incident.EventAlertAttached:
		// An alert of another fingerprint is news to the responders; a
		// duplicate is counted on the message, not replied.
		var d struct {
			AlertID    string `json:"alert_id"`
			Source     string
			Kind       string
			Title      string
			Severity   incident.Severity
			Correlated bool
			Labels     map[string]string
		}
		if json.Unmarshal(e.Data, &d) != nil || !d.Correlated {
			return ""
		}
		line = fmt.Sprintf(":link: alert %s joined (%s/%s, %s): %s", escape(d.AlertID), escape(s.redact.Field("sources", d.Source)),
			escape(s.redact.Field("kinds", d.Kind)), d.Severity, escape(s.redact.Field("title", d.Title)))
		if len(d.Labels) > 0 {
			line += "\n" + s.redact.Labels(d.Labels)
		}
	case incident.EventSeverityRaised:
		var d struct{ From, To incident.Severity }
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = fmt.Sprintf("Severity raised from %s to *%s*", d.From, d.To)
	case incident.EventAssigned:
		var d struct{ To string }
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = fmt.Sprintf("%s assigned it to %s", who, mention(d.To))
	case incident.EventActionRefused:
		var d struct{ Action, Reason string }
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = fmt.Sprintf(":no_entry: %s was refused *%s*: %s", who, escape(d.Action), escape(d.Reason))
	case incident.EventApprovalRecorded, incident.EventApprovalRefused, incident.EventApprovalExpired:
		var d incident.RunEvent
		if json.Unmarshal(e.Data, &d) != nil {
			return ""
		}
		line = approvalEventText(e.Type, who, d)
	default:
		return ""
	}
	return text.Truncate(s.redact.Text(line), maxThreadText)
}

func compactJSON(v []byte) string {
	if len(v) == 0 {
		return "—"
	}
	var x any
	if json.Unmarshal(v, &x) != nil {
		return string(v)
	}
	if t, ok := x.(string); ok {
		if ts, err := time.Parse(time.RFC3339, t); err == nil {
			return stamp(ts)
		}
		return t
	}
	if x == nil {
		return "—"
	}
	b, _ := json.Marshal(x)
	return string(b)
}

// approvalEventText is what a decision, a refusal or an expiry of a
// playbook's approval says in the thread.
func approvalEventText(typ incident.EventType, who string, d incident.RunEvent) string {
	step := fmt.Sprintf("`%s` of %s", escape(d.Step), escape(d.Run))
	if via, ok := strings.CutPrefix(d.Detail, "via "); ok {
		// A user group is named, not mentioned: each decision would
		// notify all its members.
		who += " (via " + mention(via) + ")"
	}
	switch typ {
	case incident.EventApprovalRefused:
		return fmt.Sprintf(":no_entry: %s was refused deciding on %s: not one of its approvers", who, step)
	case incident.EventApprovalExpired:
		return fmt.Sprintf(":hourglass: %s expired (%s): the run ends", step, escape(d.Detail))
	}
	text := fmt.Sprintf(":white_check_mark: %s approved %s", who, step)
	if d.Decision == "reject" {
		text = fmt.Sprintf(":octagonal_sign: %s rejected %s: the run ends", who, step)
	}
	if d.Comment != "" {
		text += ": " + escape(d.Comment)
	}
	return text
}
