package incident

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxFingerprints bounds the fingerprints an incident lists; past it only
// FingerprintCount keeps growing.
const MaxFingerprints = 100

// MaxIncidentDescription bounds the description an incident keeps of its
// opening alert: the record is rewritten by every alert about it.
const MaxIncidentDescription = 4 << 10

// MaxNoteLen bounds a note's text.
const MaxNoteLen = 16 << 10

// Incident is one security incident: the alerts folded into it, its lifecycle
// status and the head of its timeline.
type Incident struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Description is the opening alert's description, cut to
	// MaxIncidentDescription: what drafts say happened until people write
	// it themselves.
	Description      string    `json:"description,omitempty"`
	Severity         Severity  `json:"severity"`
	Status           Status    `json:"status"`
	OpenedAt         time.Time `json:"opened_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	FirstSeen        time.Time `json:"first_seen"`
	LastSeen         time.Time `json:"last_seen"`
	AlertCount       int64     `json:"alert_count"`
	Fingerprints     []string  `json:"fingerprints"`
	FingerprintCount int       `json:"fingerprint_count"`
	Kinds            []string  `json:"kinds"`
	Sources          []string  `json:"sources"`
	Asset            Asset     `json:"asset"`
	// Labels are its alerts' labels (as stored, so redacted as
	// configured): the first value of each name, at most MaxLabels names.
	// Each alert's own are on its timeline event.
	Labels         map[string]string `json:"labels,omitempty"`
	CorrelationKey string            `json:"correlation_key"`
	PersonalData   *PersonalData     `json:"personal_data,omitempty"`
	// Facts are the breach facts the regulation engine reads; nil until an
	// alert, the data map or a person records the first one.
	Facts *Facts `json:"facts,omitempty"`
	// Customer is whom to notify when we process the data for a customer,
	// as the data map names it.
	Customer *Customer `json:"customer,omitempty"`
	// Narrative is what people wrote about the breach that the facts do
	// not hold, by key (nature, likely_consequences, measures_taken…);
	// notification drafts show it.
	Narrative map[string]string `json:"narrative,omitempty"`
	// Submissions are the notifications filed, oldest first.
	Submissions []Submission `json:"submissions,omitempty"`
	// CollapsedAlerts is how many alerts flood protection counted without
	// a timeline event of their own; Flood is its current minute.
	CollapsedAlerts int64      `json:"collapsed_alerts,omitempty"`
	Flood           *Flood     `json:"flood,omitempty"`
	AcknowledgedBy  string     `json:"acknowledged_by,omitempty"`
	AcknowledgedAt  *time.Time `json:"acknowledged_at,omitempty"`
	// Assignee is who is working the incident (a Slack user id or a name);
	// see Assign.
	Assignee string `json:"assignee,omitempty"`
	// TimelineSeq is the sequence number of the last timeline event.
	TimelineSeq uint64 `json:"timeline_seq"`
	// TimelineHead is the hash of the last timeline event.
	TimelineHead string `json:"timeline_head"`
}

// FormatID renders the human incident id for the n-th incident of a year,
// e.g. INC-2026-0042.
func FormatID(year int, n uint64) string {
	return fmt.Sprintf("INC-%04d-%04d", year, n)
}

// ParseID splits an incident id into its year and number.
func ParseID(id string) (year int, n uint64, err error) {
	rest, ok := strings.CutPrefix(id, "INC-")
	y, num, ok2 := strings.Cut(rest, "-")
	if !ok || !ok2 || len(y) != 4 || len(num) < 4 {
		return 0, 0, Invalidf("incident id %.64q (want INC-YYYY-NNNN)", id)
	}
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.ParseUint(num, 10, 64)
	if err1 != nil || err2 != nil || n == 0 {
		return 0, 0, Invalidf("incident id %.64q (want INC-YYYY-NNNN)", id)
	}
	return year, n, nil
}

// Validate checks the incident's invariants.
func (inc *Incident) Validate() error {
	switch {
	case inc.ID == "":
		return Invalidf("incident has no id")
	case !inc.Status.Valid():
		return Invalidf("incident %s has status %q", inc.ID, inc.Status)
	case !inc.Severity.Valid():
		return Invalidf("incident %s has no severity", inc.ID)
	case inc.AlertCount < 1:
		return Invalidf("incident %s has no alerts", inc.ID)
	case inc.TimelineSeq == 0 || inc.TimelineHead == "":
		return Invalidf("incident %s has no timeline", inc.ID)
	}
	return nil
}

// Clone returns a deep copy, so that a caller can change it without touching
// a value it shares with others.
func (inc *Incident) Clone() *Incident {
	c := *inc
	c.Fingerprints = slices.Clone(inc.Fingerprints)
	c.Kinds = slices.Clone(inc.Kinds)
	c.Sources = slices.Clone(inc.Sources)
	if inc.PersonalData != nil {
		pd := *inc.PersonalData
		pd.Categories = slices.Clone(pd.Categories)
		pd.Jurisdictions = slices.Clone(pd.Jurisdictions)
		c.PersonalData = &pd
	}
	c.Facts = inc.Facts.Clone()
	if inc.Flood != nil {
		f := *inc.Flood
		c.Flood = &f
	}
	if inc.Customer != nil {
		cu := *inc.Customer
		c.Customer = &cu
	}
	c.Submissions = slices.Clone(inc.Submissions)
	c.Narrative = maps.Clone(inc.Narrative)
	c.Labels = maps.Clone(inc.Labels)
	if inc.AcknowledgedAt != nil {
		t := *inc.AcknowledgedAt
		c.AcknowledgedAt = &t
	}
	return &c
}

// statusData is the payload of a status_changed event.
type statusData struct {
	From   Status `json:"from"`
	To     Status `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// SetStatus moves the incident to a new status, as actor, and returns the
// events to record. A move the lifecycle forbids is an ErrTransition that says
// which moves are allowed.
func (inc *Incident) SetStatus(to Status, actor, reason string, now time.Time) ([]Event, error) {
	if !to.Valid() {
		return nil, Invalidf("status %q", to)
	}
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if len(reason) > MaxNoteLen || !utf8.ValidString(reason) {
		return nil, Invalidf("reason must be valid UTF-8 of at most %d bytes", MaxNoteLen)
	}
	from := inc.Status
	if from == to {
		return nil, fmt.Errorf("%w: %s is already %s", ErrTransition, inc.ID, to)
	}
	if !from.CanMoveTo(to) {
		allowed := "none: it is final"
		if n := from.Next(); len(n) > 0 {
			names := make([]string, len(n))
			for i, s := range n {
				names[i] = string(s)
			}
			allowed = strings.Join(names, ", ")
		}
		return nil, fmt.Errorf("%w: %s cannot go from %s to %s (allowed from %s: %s)", ErrTransition, inc.ID, from, to, from, allowed)
	}
	inc.Status = to
	inc.UpdatedAt = now.UTC()
	var events []Event
	if to == StatusAcknowledged {
		t := now.UTC()
		inc.AcknowledgedBy, inc.AcknowledgedAt = actor, &t
		e, err := inc.record(now, actor, EventAcknowledged, nil)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	e, err := inc.record(now, actor, EventStatusChanged, statusData{From: from, To: to, Reason: reason})
	if err != nil {
		return nil, err
	}
	return append(events, e), nil
}

// Acknowledge is SetStatus(StatusAcknowledged).
func (inc *Incident) Acknowledge(actor string, now time.Time) ([]Event, error) {
	return inc.SetStatus(StatusAcknowledged, actor, "", now)
}

// noteData is the payload of a note_added event.
type noteData struct {
	Text string `json:"text"`
}

// AddNote records a free-text note by actor.
func (inc *Incident) AddNote(text, actor string, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(text) == "":
		return nil, Invalidf("note text is empty")
	case len(text) > MaxNoteLen:
		return nil, Invalidf("note is %d bytes, over the limit of %d", len(text), MaxNoteLen)
	case !utf8.ValidString(text):
		return nil, Invalidf("note is not valid UTF-8")
	}
	inc.UpdatedAt = now.UTC()
	e, err := inc.record(now, actor, EventNoteAdded, noteData{Text: text})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}

// MaxActorLen bounds the name recorded as an event's actor.
const MaxActorLen = 256

func checkActor(actor string) error {
	if actor == "" || len(actor) > MaxActorLen || !utf8.ValidString(actor) {
		return Invalidf("actor must be 1 to %d bytes of UTF-8", MaxActorLen)
	}
	return nil
}
