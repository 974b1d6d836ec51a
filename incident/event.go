package incident

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// EventType names what happened in a timeline event.
type EventType string

// Timeline event types.
const (
	EventOpened         EventType = "opened"
	EventAlertAttached  EventType = "alert_attached"
	EventSeverityRaised EventType = "severity_raised"
	EventStatusChanged  EventType = "status_changed"
	EventAcknowledged   EventType = "acknowledged"
	EventNoteAdded      EventType = "note_added"
	EventFactsChanged   EventType = "facts_changed"
	// EventAlertsCollapsed: flood protection counted this many duplicates
	// of a minute without an event each.
	EventAlertsCollapsed EventType = "alerts_collapsed"
	// EventNarrativeChanged: people wrote about the breach (for drafts).
	EventNarrativeChanged EventType = "narrative_changed"
	// EventSubmissionRecorded: a notification was filed with its recipient.
	EventSubmissionRecorded EventType = "submission_recorded"
	// EventObligationsChanged: re-evaluation changed the status or the
	// deadline of one or more obligations.
	EventObligationsChanged EventType = "obligations_changed"
	// EventReminderSent: a deadline reminder went out.
	EventReminderSent EventType = "reminder_sent"
	// EventDelivered: a side effect (a reminder, an action, a message) was
	// carried out; EventDeliveryFailed: it was given up after retries.
	EventDelivered      EventType = "delivered"
	EventDeliveryFailed EventType = "delivery_failed"
	// EventDeadlinePassed: an obligation's deadline passed before a
	// submission was recorded; the obligation is marked overdue.
	EventDeadlinePassed EventType = "deadline_passed"
)

// GenesisHash is the PrevHash of an incident's first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one entry of an incident's append-only timeline. Events are chained:
// each carries the hash of the one before it, and its own hash covers every
// other field, so editing, removing or reordering an event breaks the chain.
type Event struct {
	Incident string          `json:"incident"`
	Seq      uint64          `json:"seq"`
	Time     time.Time       `json:"time"`
	Actor    string          `json:"actor"`
	Type     EventType       `json:"type"`
	Data     json.RawMessage `json:"data,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// ComputeHash returns the hash the event should carry: SHA-256 over a
// length-prefixed encoding of every field but Hash. Data is hashed as its
// compact JSON, so re-indenting it in transit does not change the hash.
func (e *Event) ComputeHash() string {
	// One buffer, one hash call: this runs once per alert on the commit path.
	var stack [1024]byte
	msg := stack[:0]
	field := func(b []byte) {
		msg = binary.BigEndian.AppendUint64(msg, uint64(len(b)))
		msg = append(msg, b...)
	}
	field([]byte("breachd-event-v1"))
	field([]byte(e.Incident))
	msg = binary.BigEndian.AppendUint64(msg, e.Seq)
	var ts [40]byte
	field(e.Time.UTC().AppendFormat(ts[:0], time.RFC3339Nano))
	field([]byte(e.Actor))
	field([]byte(e.Type))
	field(compactJSON(e.Data))
	field([]byte(e.PrevHash))
	sum := sha256.Sum256(msg)
	return hex.EncodeToString(sum[:])
}

// Validate checks the event's own fields and its hash.
func (e *Event) Validate() error {
	switch {
	case e.Incident == "":
		return Invalidf("event has no incident")
	case e.Seq == 0:
		return Invalidf("event of %s has sequence 0", e.Incident)
	case e.Time.IsZero():
		return Invalidf("event %s#%d has no time", e.Incident, e.Seq)
	case e.Type == "":
		return Invalidf("event %s#%d has no type", e.Incident, e.Seq)
	case e.Hash != e.ComputeHash():
		return Invalidf("event %s#%d hash does not match its content", e.Incident, e.Seq)
	}
	return nil
}

// compactJSON returns data without insignificant white space. Data the
// daemon wrote is compact already and is returned as it is; only data that
// passed through a pretty-printer is rewritten.
func compactJSON(data []byte) []byte {
	if isCompact(data) {
		return data
	}
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return data // not JSON: hash the bytes as they are
	}
	return b.Bytes()
}

// isCompact reports whether data has no white space outside its strings.
func isCompact(data []byte) bool {
	inString, escaped := false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			return false
		}
	}
	return true
}

// VerifyChain checks that events are one unbroken chain starting at sequence
// 1. It returns the sequence number of the first broken link (0 when the chain
// is intact) and what is wrong with it.
func VerifyChain(events []Event) (uint64, error) {
	prev := GenesisHash
	for i := range events {
		e := &events[i]
		want := uint64(i + 1)
		switch {
		case e.Seq != want:
			return want, fmt.Errorf("event %d is missing (found sequence %d in its place)", want, e.Seq)
		case e.PrevHash != prev:
			return e.Seq, fmt.Errorf("event %d does not link to event %d (prev_hash %.12s…, want %.12s…)", e.Seq, e.Seq-1, e.PrevHash, prev)
		case e.Hash != e.ComputeHash():
			return e.Seq, fmt.Errorf("event %d was altered (hash %.12s… does not match its content)", e.Seq, e.Hash)
		}
		prev = e.Hash
	}
	return 0, nil
}

// record appends an event to inc's timeline: it takes the next sequence
// number, links to the current head and moves the head.
func (inc *Incident) record(now time.Time, actor string, typ EventType, data any) (Event, error) {
	var raw json.RawMessage
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return Event{}, fmt.Errorf("encode %s event: %w", typ, err)
		}
		raw = b
	}
	prev := inc.TimelineHead
	if prev == "" {
		prev = GenesisHash
	}
	e := Event{
		Incident: inc.ID,
		Seq:      inc.TimelineSeq + 1,
		Time:     now.UTC(),
		Actor:    actor,
		Type:     typ,
		Data:     raw,
		PrevHash: prev,
	}
	e.Hash = e.ComputeHash()
	inc.TimelineSeq = e.Seq
	inc.TimelineHead = e.Hash
	return e, nil
}
