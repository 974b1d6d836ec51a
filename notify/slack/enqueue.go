package slack

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// OutboxKind is the outbox kind of Slack messages.
const OutboxKind = "slack"

// Op is what one outbox entry asks of Slack.
type Op string

// The operations.
const (
	// OpCard posts the incident's message, or updates it in place.
	OpCard Op = "card"
	// OpThread replies in the incident's thread.
	OpThread Op = "thread"
	// OpDraft posts a notification draft as a file.
	OpDraft Op = "draft"
	// OpChannel sets up the incident's own channel and invites User.
	OpChannel Op = "channel"
)

// Message is the payload of a Slack outbox entry. The card is rendered
// when it is sent, from the incident as it is then, so that one update
// shows every change made while it waited.
type Message struct {
	Op       Op     `json:"op"`
	Incident string `json:"incident"`
	// Text is a thread reply.
	Text string `json:"text,omitempty"`
	// Regime, Channel and User are a draft's regime, the channel asked
	// from and who asked; User is also who asked for a channel.
	Regime  string `json:"regime,omitempty"`
	Channel string `json:"channel,omitempty"`
	User    string `json:"user,omitempty"`
}

// Changed enqueues, in tx, the Slack messages that the changes c call for:
// an update of each changed incident's message (posting it for a new
// incident) and a thread reply for each event people should see. The code
// that commits changes (the ingest and package respond, for every other
// change) calls it, as a respond.Hook, in the transaction that saves them,
// so a crash loses none and a rollback sends none.
func (s *Slack) Changed(tx *store.Tx, c *incident.Changes, now time.Time) error {
	for _, inc := range c.Incidents {
		if err := s.touchCard(tx, inc.ID, now); err != nil {
			return err
		}
	}
	if err := s.autoChannels(tx, c.Incidents, now); err != nil {
		return err
	}
	// A new incident's message says what its opening did: its first
	// events need no replies of their own.
	opened := map[string]bool{}
	for _, e := range c.Events {
		if e.Type == incident.EventOpened {
			opened[e.Incident] = true
		}
	}
	for _, e := range c.Events {
		if opened[e.Incident] {
			continue
		}
		text := s.eventText(e)
		if text == "" {
			continue
		}
		if err := s.enqueue(tx, fmt.Sprintf("slack/thread/%s/%d", e.Incident, e.Seq), Message{Op: OpThread, Incident: e.Incident, Text: text}, now); err != nil {
			return err
		}
	}
	return nil
}

// touchCard notes that an incident's message is out of date and, unless
// an update is queued already, queues one.
func (s *Slack) touchCard(tx *store.Tx, id string, now time.Time) error {
	m, err := tx.SlackMessage(id)
	if err != nil {
		return err
	}
	m.Want++
	if m.Queued != 0 {
		pending, err := tx.OutboxEntry(m.Queued)
		if err != nil {
			return err
		}
		if pending != nil {
			// It renders the incident when it is sent: this change too.
			return tx.PutSlackMessage(id, m)
		}
	}
	if m.Queued, err = s.enqueueCard(tx, id, m.Want, now); err != nil {
		return err
	}
	return tx.PutSlackMessage(id, m)
}

func (s *Slack) enqueueCard(tx *store.Tx, id string, want uint64, now time.Time) (uint64, error) {
	e, err := s.entry(fmt.Sprintf("slack/card/%s/%d", id, want), Message{Op: OpCard, Incident: id}, now)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Enqueue(e); err != nil {
		return 0, err
	}
	return e.ID, nil
}

func (s *Slack) entry(key string, m Message, now time.Time) (*store.OutboxEntry, error) {
	payload, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode slack message: %w", err)
	}
	return &store.OutboxEntry{Key: key, Kind: OutboxKind, Incident: m.Incident, Payload: payload, CreatedAt: now}, nil
}

func (s *Slack) enqueue(tx *store.Tx, key string, m Message, now time.Time) error {
	e, err := s.entry(key, m, now)
	if err != nil {
		return err
	}
	_, err = tx.Enqueue(e)
	return err
}
