package incident

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Derived is what an incident's timeline says its record must hold: every
// field an auditor relies on that some event records. A field no event
// records (the description, the customer, the labels, the personal data an
// alert reported) is not here, and an edit to it is not detected; see
// NotDerived.
type Derived struct {
	Title    string
	OpenedAt time.Time
	Status   Status
	Severity Severity
	// AlertCount counts the alerts the events list: one per alert_attached
	// event plus the count of every alerts_collapsed event. The alerts
	// collapsed in the current flood minute are recorded only when it ends,
	// so the record may count more (see CheckAgainst).
	AlertCount      int64
	CollapsedAlerts int64
	AcknowledgedBy  string
	AcknowledgedAt  *time.Time
	Assignee        string
	// Facts are the breach facts as JSON values by key, set keys only.
	Facts       map[string]jsontext.Value
	Submissions []Submission
	Narrative   map[string]string
	// TimelineSeq and TimelineHead are those of the last event.
	TimelineSeq  uint64
	TimelineHead string
}

// NotDerived lists the incident fields no timeline event records in full,
// so that a change to them made in the database file cannot be told from
// the timeline.
var NotDerived = []string{
	"description", "customer", "labels", "personal_data", "correlation_key",
	"fingerprints", "kinds", "sources", "first_seen", "last_seen", "updated_at",
	"flood",
}

// Mismatch is one field of an incident record that disagrees with what its
// timeline says.
type Mismatch struct {
	Field  string `json:"field"`
	Record string `json:"record"`
	Events string `json:"events"`
}

// String says the mismatch in words, e.g. "field alert_count is 7 in the
// record, 5 from its events".
func (m Mismatch) String() string {
	return fmt.Sprintf("field %s is %s in the record, %s from its events", m.Field, m.Record, m.Events)
}

// Replay recomputes what an incident's record must hold from its timeline,
// oldest event first. The events must be one verified chain (VerifyChain);
// Replay judges only what they say: an event whose data does not decode, or
// a status change that does not start from the status the events before it
// left (or that the lifecycle forbids), is an error naming the event.
func Replay(events []Event) (*Derived, error) {
	if len(events) == 0 || events[0].Type != EventOpened {
		return nil, fmt.Errorf("the timeline does not start with an %s event", EventOpened)
	}
	d := &Derived{Status: StatusOpen, Facts: map[string]jsontext.Value{}}
	for i := range events {
		e := &events[i]
		if err := d.apply(e); err != nil {
			return nil, fmt.Errorf("event %d (%s): %w", e.Seq, e.Type, err)
		}
		d.TimelineSeq, d.TimelineHead = e.Seq, e.Hash
	}
	return d, nil
}

// apply folds one event into d.
func (d *Derived) apply(e *Event) error {
	switch e.Type {
	case EventOpened:
		if e.Seq != 1 {
			return fmt.Errorf("an incident opens once, at event 1")
		}
		var a alertData
		if err := decodeData(e, &a); err != nil {
			return err
		}
		d.Title, d.Severity, d.OpenedAt = a.Title, a.Severity, e.Time.UTC()
	case EventAlertAttached:
		d.AlertCount++
	case EventAlertsCollapsed:
		var c collapsedData
		if err := decodeData(e, &c); err != nil {
			return err
		}
		if c.Count < 1 {
			return fmt.Errorf("collapsed %d alerts", c.Count)
		}
		d.AlertCount += c.Count
		d.CollapsedAlerts += c.Count
	case EventSeverityRaised:
		var s struct{ From, To Severity }
		if err := decodeData(e, &s); err != nil {
			return err
		}
		if s.From != d.Severity || s.To <= s.From {
			return fmt.Errorf("raises severity from %s to %s, but it was %s", s.From, s.To, d.Severity)
		}
		d.Severity = s.To
	case EventAcknowledged:
		t := e.Time.UTC()
		d.AcknowledgedBy, d.AcknowledgedAt = e.Actor, &t
	case EventStatusChanged:
		var s statusData
		if err := decodeData(e, &s); err != nil {
			return err
		}
		if s.From != d.Status || !s.From.CanMoveTo(s.To) {
			return fmt.Errorf("moves from %s to %s, but the incident was %s", s.From, s.To, d.Status)
		}
		d.Status = s.To
	case EventAssigned:
		var a assignData
		if err := decodeData(e, &a); err != nil {
			return err
		}
		if a.From != d.Assignee {
			return fmt.Errorf("assigns from %q, but the incident was assigned to %q", a.From, d.Assignee)
		}
		d.Assignee = a.To
	case EventFactsChanged:
		var f factsChangedData
		if err := decodeData(e, &f); err != nil {
			return err
		}
		for _, c := range f.Changes {
			if old := d.Facts[c.Field]; !sameValue(old, c.Old) {
				return fmt.Errorf("changes fact %s from %s, but it was %s", c.Field, c.Old, show(old))
			}
			if jsontext.Value(c.New).Kind() == 'n' {
				delete(d.Facts, c.Field)
			} else {
				d.Facts[c.Field] = canonical(c.New)
			}
		}
	case EventSubmissionRecorded:
		var s Submission
		if err := decodeData(e, &s); err != nil {
			return err
		}
		d.Submissions = append(d.Submissions, s)
		// Recording a submission also sets facts.submitted[regime].
		submitted := map[string]time.Time{}
		if v, ok := d.Facts["submitted"]; ok {
			if err := json.Unmarshal(v, &submitted); err != nil {
				return fmt.Errorf("fact submitted: %w", err)
			}
		}
		submitted[s.Regime] = s.At
		v, err := json.Marshal(submitted, json.Deterministic(true))
		if err != nil {
			return fmt.Errorf("encode fact submitted: %w", err)
		}
		d.Facts["submitted"] = canonical(v)
	case EventNarrativeChanged:
		var n struct {
			Changes []NarrativeChange `json:"changes"`
		}
		if err := decodeData(e, &n); err != nil {
			return err
		}
		for _, c := range n.Changes {
			if d.Narrative[c.Field] != c.Old {
				return fmt.Errorf("changes narrative %s from %q, but it was %q", c.Field, c.Old, d.Narrative[c.Field])
			}
			if strings.TrimSpace(c.New) == "" {
				delete(d.Narrative, c.Field)
				continue
			}
			if d.Narrative == nil {
				d.Narrative = map[string]string{}
			}
			d.Narrative[c.Field] = c.New
		}
	}
	return nil
}

// decodeData decodes e's data into v.
func decodeData(e *Event, v any) error {
	if err := stdjson.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("its data does not decode: %w", err)
	}
	return nil
}

// CheckAgainst replays events (see Replay) and lists every field of inc
// that disagrees with them, in a fixed order. The error is Replay's: the
// events contradict themselves, so there is nothing to compare against.
func (inc *Incident) CheckAgainst(events []Event) ([]Mismatch, error) {
	d, err := Replay(events)
	if err != nil {
		return nil, err
	}
	var ms []Mismatch
	check := func(field, record, derived string) {
		if record != derived {
			ms = append(ms, Mismatch{Field: field, Record: record, Events: derived})
		}
	}
	quote := strconv.Quote
	check("timeline_seq", strconv.FormatUint(inc.TimelineSeq, 10), strconv.FormatUint(d.TimelineSeq, 10))
	check("timeline_head", quote(inc.TimelineHead), quote(d.TimelineHead))
	check("title", quote(inc.Title), quote(d.Title))
	check("opened_at", showTime(&inc.OpenedAt), showTime(&d.OpenedAt))
	check("status", string(inc.Status), string(d.Status))
	check("severity", inc.Severity.String(), d.Severity.String())
	// The alerts collapsed in the current flood minute are in the record
	// only until the minute ends and its alerts_collapsed event is written.
	var pending int64
	if inc.Flood != nil && inc.Flood.Collapsed > 0 && inc.Flood.Collapsed <= inc.Flood.Count {
		pending = inc.Flood.Collapsed
	}
	check("alert_count", strconv.FormatInt(inc.AlertCount, 10), strconv.FormatInt(d.AlertCount+pending, 10))
	check("collapsed_alerts", strconv.FormatInt(inc.CollapsedAlerts, 10), strconv.FormatInt(d.CollapsedAlerts+pending, 10))
	check("acknowledged_by", quote(inc.AcknowledgedBy), quote(d.AcknowledgedBy))
	check("acknowledged_at", showTime(inc.AcknowledgedAt), showTime(d.AcknowledgedAt))
	check("assignee", quote(inc.Assignee), quote(d.Assignee))

	facts, err := inc.Facts.fields()
	if err != nil {
		ms = append(ms, Mismatch{Field: "facts", Record: "unreadable (" + err.Error() + ")", Events: fmt.Sprintf("%d facts", len(d.Facts))})
	} else {
		keys := slices.Sorted(maps.Keys(facts))
		for k := range d.Facts {
			if _, ok := facts[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if r, e := facts[k], d.Facts[k]; !sameValue(r, e) {
				ms = append(ms, Mismatch{Field: "facts." + k, Record: show(r), Events: show(e)})
			}
		}
	}

	check("submissions", showSubmissions(inc.Submissions), showSubmissions(d.Submissions))
	keys := slices.Sorted(maps.Keys(inc.Narrative))
	for k := range d.Narrative {
		if _, ok := inc.Narrative[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		check("narrative."+k, showText(inc.Narrative, k), showText(d.Narrative, k))
	}
	return ms, nil
}

// sameValue reports whether two JSON values are equal, an absent one
// counting as null.
func sameValue(a, b jsontext.Value) bool {
	return bytes.Equal(canonical(orNull(a)), canonical(orNull(b)))
}

func orNull(v jsontext.Value) jsontext.Value {
	if len(v) == 0 {
		return jsontext.Value("null")
	}
	return v
}

// show renders a JSON value for a mismatch, "unset" when absent.
func show(v jsontext.Value) string {
	if len(v) == 0 || v.Kind() == 'n' {
		return "unset"
	}
	return string(canonical(v))
}

func showTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "unset"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func showText(m map[string]string, k string) string {
	v, ok := m[k]
	if !ok {
		return "unset"
	}
	return strconv.Quote(v)
}

// showSubmissions renders submissions as regime@time by whom, one after the
// other, so two lists compare as strings.
func showSubmissions(subs []Submission) string {
	if len(subs) == 0 {
		return "none"
	}
	parts := make([]string, len(subs))
	for i, s := range subs {
		parts[i] = fmt.Sprintf("%s at %s by %s ref %q recorded %s", s.Regime, showTime(&s.At), s.By, s.Ref, showTime(&s.RecordedAt))
		if s.Draft != nil {
			parts[i] += fmt.Sprintf(" draft %s sha256 %s", s.Draft.Name, s.Draft.SHA256)
		}
	}
	return "[" + strings.Join(parts, "; ") + "]"
}
