package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// summarize renders an event's data as a few words a person reads: what
// happened, to what, and why. Types it does not know show as their fields,
// key=value, so a newer daemon's events still read.
func summarize(typ incident.EventType, data json.RawMessage) string {
	if len(data) == 0 {
		return ""
	}
	if fn, ok := summarizers[typ]; ok {
		if s, err := fn(data); err == nil {
			return s
		}
	}
	return keyValues(data)
}

// summarizers render the data of each event type the daemon records.
var summarizers = map[incident.EventType]func(json.RawMessage) (string, error){
	incident.EventOpened:             alertSummary,
	incident.EventAlertAttached:      alertSummary,
	incident.EventSeverityRaised:     severitySummary,
	incident.EventStatusChanged:      statusSummary,
	incident.EventNoteAdded:          noteSummary,
	incident.EventFactsChanged:       factsSummary,
	incident.EventAlertsCollapsed:    collapsedSummary,
	incident.EventNarrativeChanged:   narrativeSummary,
	incident.EventSubmissionRecorded: submissionSummary,
	incident.EventObligationsChanged: obligationsSummary,
	incident.EventReminderSent:       reminderSummary,
	incident.EventDeadlinePassed:     reminderSummary,
	incident.EventDelivered:          deliverySummary,
	incident.EventDeliveryFailed:     deliverySummary,
	incident.EventAssigned:           assignedSummary,
	incident.EventActionRefused:      refusedSummary,
	incident.EventRunStarted:         runSummary(incident.EventRunStarted),
	incident.EventRunEnded:           runSummary(incident.EventRunEnded),
	incident.EventStepStarted:        runSummary(incident.EventStepStarted),
	incident.EventStepDone:           runSummary(incident.EventStepDone),
	incident.EventStepSkipped:        runSummary(incident.EventStepSkipped),
	incident.EventStepFailed:         runSummary(incident.EventStepFailed),
	incident.EventStepOutcomeUnknown: runSummary(incident.EventStepOutcomeUnknown),
	incident.EventApprovalRecorded:   runSummary(incident.EventApprovalRecorded),
	incident.EventApprovalRefused:    runSummary(incident.EventApprovalRefused),
	incident.EventApprovalExpired:    runSummary(incident.EventApprovalExpired),
}

// decode reads an event's data into a T.
func decode[T any](data json.RawMessage) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}

// sentence joins the non-empty parts with sep.
func sentence(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// prefixed is prefix+s, or "" when s is.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// when renders a time of a summary, or "" for none.
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return timeCell(*t)
}

func alertSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		AlertID    string            `json:"alert_id"`
		Source     string            `json:"source"`
		Kind       string            `json:"kind"`
		Severity   string            `json:"severity"`
		Title      string            `json:"title"`
		Correlated bool              `json:"correlated"`
		Labels     map[string]string `json:"labels"`
	}](data)
	s := fmt.Sprintf("alert %s (%s/%s, %s): %s", d.AlertID, d.Source, d.Kind, d.Severity, d.Title)
	if d.Correlated {
		s = "correlated " + s
	}
	if len(d.Labels) > 0 {
		s += " [" + labelsCell(d.Labels) + "]"
	}
	return s, err
}

func severitySummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		From    string `json:"from"`
		To      string `json:"to"`
		AlertID string `json:"alert_id"`
	}](data)
	return sentence(" ", d.From+" → "+d.To, prefixed("by alert ", d.AlertID)), err
}

func statusSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct{ From, To, Reason string }](data)
	return sentence(": ", d.From+" → "+d.To, d.Reason), err
}

func noteSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct{ Text string }](data)
	return d.Text, err
}

// factsSummary reads "role: unset → controller, high_risk: false → true (from data_map)".
func factsSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		Changes []struct {
			Field string          `json:"field"`
			Old   json.RawMessage `json:"old"`
			New   json.RawMessage `json:"new"`
		} `json:"changes"`
		Source string `json:"source"`
	}](data)
	parts := make([]string, len(d.Changes))
	for i, c := range d.Changes {
		parts[i] = fmt.Sprintf("%s: %s → %s", c.Field, factValue(c.Old), factValue(c.New))
	}
	s := strings.Join(parts, ", ")
	if d.Source != "" {
		s += " (from " + d.Source + ")"
	}
	return s, err
}

// factValue renders one fact's JSON value: strings bare, lists as comma
// lists, nothing as "unset".
func factValue(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "unset"
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) == nil {
		items := make([]string, len(list))
		for i, it := range list {
			items[i] = factValue(it)
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return compact(v)
}

func collapsedSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		Count    int64
		From, To time.Time
	}](data)
	return fmt.Sprintf("%s counted without events from %s to %s", count(int(d.Count), "duplicate alert", "duplicate alerts"),
		timeCell(d.From), timeCell(d.To)), err
}

// narrativeSummary reads "measures_taken set: Bucket made private…, nature unset".
func narrativeSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		Changes []struct{ Field, Old, New string } `json:"changes"`
	}](data)
	parts := make([]string, len(d.Changes))
	for i, c := range d.Changes {
		switch {
		case c.New == "":
			parts[i] = c.Field + " unset"
		case c.Old == "":
			parts[i] = c.Field + " set: " + c.New
		default:
			parts[i] = c.Field + " changed: " + c.New
		}
	}
	return strings.Join(parts, ", "), err
}

func submissionSummary(data json.RawMessage) (string, error) {
	d, err := decode[incident.Submission](data)
	var draft string
	if d.Draft != nil {
		draft = "draft sha256 " + d.Draft.SHA256
	}
	return sentence(" ", d.Regime, "filed", prefixed("at ", when(&d.At)), prefixed("ref ", d.Ref), prefixed("by ", d.By), draft), err
}

// obligationsSummary reads "gdpr_art33_sa: due by T; ccpa: due → fulfilled".
func obligationsSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		Changes []incident.ObligationChange `json:"changes"`
	}](data)
	parts := make([]string, len(d.Changes))
	for i, c := range d.Changes {
		status := string(c.To)
		if c.From != "" && c.From != c.To {
			status = string(c.From) + " → " + status
		}
		due := when(c.DueAt)
		if from := when(c.FromDueAt); from != "" && from != due {
			due = from + " → " + orDash(due)
		}
		parts[i] = sentence(" ", c.Regime+": "+status, prefixed("by ", due))
	}
	return strings.Join(parts, "; "), err
}

// reminderSummary reads "gdpr_art33_sa to the DPC due T (reminder 24h before)".
func reminderSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct {
		Regime    string     `json:"regime"`
		Recipient string     `json:"recipient"`
		DueAt     *time.Time `json:"due_at"`
		Before    string     `json:"before"`
	}](data)
	s := sentence(" ", d.Regime, prefixed("to ", d.Recipient), prefixed("due ", when(d.DueAt)))
	if d.Before != "" {
		s += " (reminder " + d.Before + " before)"
	}
	return s, err
}

func deliverySummary(data json.RawMessage) (string, error) {
	d, err := decode[incident.Delivery](data)
	outcome := "delivered"
	if d.Error != "" {
		outcome = "given up"
	}
	s := fmt.Sprintf("%s %s after %s", d.Kind, outcome, count(d.Attempts, "attempt", "attempts"))
	return sentence(": ", s, d.Error, d.Detail), err
}

func assignedSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct{ From, To string }](data)
	if d.From == "" {
		return "to " + d.To, err
	}
	return d.From + " → " + d.To, err
}

func refusedSummary(data json.RawMessage) (string, error) {
	d, err := decode[struct{ Action, Reason string }](data)
	return sentence(": ", d.Action+" refused", d.Reason), err
}

// runSummary renders a run or step event: "ransomware-host/approve-isolation
// (approval) waiting until T: 1 of [alice bob] must approve".
func runSummary(typ incident.EventType) func(json.RawMessage) (string, error) {
	return func(data json.RawMessage) (string, error) {
		d, err := decode[incident.RunEvent](data)
		if err != nil {
			return "", err
		}
		// The run id starts with the incident's: the playbook is the rest.
		run := d.Run
		if _, rest, ok := strings.Cut(run, "/"); ok {
			run = rest
		}
		step := run
		if d.Step != "" {
			step = run + " " + d.Step
		}
		attempt := ""
		if d.Attempt > 0 {
			attempt = fmt.Sprintf("(attempt %d)", d.Attempt)
		}
		// A step's detail may be what it wrote, as JSON (a facts step).
		if strings.HasPrefix(d.Detail, "{") && json.Valid([]byte(d.Detail)) {
			d.Detail = keyValues(json.RawMessage(d.Detail))
		}
		switch typ {
		case incident.EventRunStarted:
			return sentence(" ", "playbook "+run+" started", prefixed("by alert ", d.AlertID)), nil
		case incident.EventRunEnded:
			return sentence(": ", sentence(" ", "playbook "+run, d.Status), d.Error, d.Detail), nil
		case incident.EventStepStarted:
			return sentence(": ", sentence(" ", step, "started", prefixed("until ", when(d.Until))), d.Detail), nil
		case incident.EventStepDone:
			return sentence(": ", sentence(" ", step, "done", attempt), d.Detail), nil
		case incident.EventStepSkipped:
			return sentence(": ", step+" skipped", d.Detail), nil
		case incident.EventStepFailed:
			return sentence(": ", sentence(" ", step, "failed", attempt), d.Error, d.Detail), nil
		case incident.EventStepOutcomeUnknown:
			return sentence(": ", sentence(" ", step, attempt, "outcome unknown, sent again"), d.Error), nil
		case incident.EventApprovalRecorded:
			return sentence(": ", fmt.Sprintf("%s %s %s", d.Approver, decided(d.Decision), step), d.Comment, d.Detail), nil
		case incident.EventApprovalRefused:
			return sentence(": ", fmt.Sprintf("%s may not decide on %s", d.Approver, step), d.Error), nil
		case incident.EventApprovalExpired:
			return sentence(": ", step+" expired", d.Detail), nil
		}
		return "", fmt.Errorf("no summary of %s", typ)
	}
}

// keyValues renders an object's fields as key=value, sorted by key, nested
// values compact.
func keyValues(data json.RawMessage) string {
	var d map[string]json.RawMessage
	if err := json.Unmarshal(data, &d); err != nil {
		return string(data)
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + factValue(d[k])
	}
	return strings.Join(parts, " ")
}

// decided is the past tense of a decision: approved, rejected.
func decided(decision string) string {
	if strings.HasSuffix(decision, "e") {
		return decision + "d"
	}
	return decision + "ed"
}
