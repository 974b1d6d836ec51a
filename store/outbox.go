package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// The outbox holds side effects decided in a transaction and not yet
// carried out: reminders to deliver, actions to request, messages to post.
// Writing them in the transaction that decided them, and carrying them out
// afterwards, is what makes a crash lose none (DESIGN invariant 3).
//
//	outbox:      id (8 bytes, big endian)                  → JSON entry
//	outbox_due:  next attempt (8 bytes, unix ns) | id       → nothing
//	outbox_keys: idempotency key                            → id, kept after delivery

// OutboxEntry is one side effect to carry out.
type OutboxEntry struct {
	ID uint64 `json:"id"`
	// Key is the idempotency key: the same key is enqueued once, and the
	// receiver sees it on every attempt so that a repeat does nothing.
	Key string `json:"key"`
	// Kind names the sender that carries it out ("reminder", "action", …).
	Kind string `json:"kind"`
	// Incident is the incident whose timeline gets the outcome, if any.
	Incident  string          `json:"incident,omitempty"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
	Attempts  int             `json:"attempts"`
	NextAt    time.Time       `json:"next_at"`
	LastError string          `json:"last_error,omitempty"`
}

func outboxDueKey(e *OutboxEntry) []byte {
	return append(u64(uint64(max(e.NextAt.UnixNano(), 0))), u64(e.ID)...)
}

// Enqueue adds e to the outbox, due at e.NextAt (CreatedAt when zero). An
// entry whose key was enqueued before, delivered or not, is not added
// again; Enqueue then reports false.
func (t *Tx) Enqueue(e *OutboxEntry) (bool, error) {
	if e.Key == "" || e.Kind == "" {
		return false, fmt.Errorf("outbox entry needs a key and a kind")
	}
	keys := t.bucket(bucketOutboxKeys)
	if keys.Get([]byte(e.Key)) != nil {
		return false, nil
	}
	b := t.bucket(bucketOutbox)
	id, err := b.NextSequence()
	if err != nil {
		return false, err
	}
	e.ID = id
	if e.NextAt.IsZero() {
		e.NextAt = e.CreatedAt
	}
	if err := keys.Put([]byte(e.Key), u64(id)); err != nil {
		return false, err
	}
	return true, t.putOutbox(e)
}

func (t *Tx) putOutbox(e *OutboxEntry) error {
	raw, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode outbox entry %d: %w", e.ID, err)
	}
	if err := t.bucket(bucketOutbox).Put(u64(e.ID), raw); err != nil {
		return err
	}
	return t.bucket(bucketOutboxDue).Put(outboxDueKey(e), nil)
}

// OutboxEntry returns the entry with id, or nil when it is delivered or
// given up.
func (t *Tx) OutboxEntry(id uint64) (*OutboxEntry, error) {
	raw := t.bucket(bucketOutbox).Get(u64(id))
	if raw == nil {
		return nil, nil
	}
	var e OutboxEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("%w: outbox entry %d: %v", ErrCorrupt, id, err)
	}
	return &e, nil
}

// DueOutbox returns up to limit entries due at now, earliest first.
func (t *Tx) DueOutbox(now time.Time, limit int) ([]OutboxEntry, error) {
	return t.DueOutboxOf(now, limit, nil)
}

// DueOutboxOf is DueOutbox for the entries whose kind take accepts (nil
// takes all): a worker that carries out some kinds only skips the others
// without being held up by them.
func (t *Tx) DueOutboxOf(now time.Time, limit int, take func(kind string) bool) ([]OutboxEntry, error) {
	end := u64(uint64(max(now.UnixNano(), 0)))
	var out []OutboxEntry
	c := t.bucket(bucketOutboxDue).Cursor()
	for k, _ := c.First(); k != nil && len(out) < limit; k, _ = c.Next() {
		if len(k) != 16 {
			return nil, fmt.Errorf("%w: outbox schedule key %x", ErrCorrupt, k)
		}
		if bytes.Compare(k[:8], end) > 0 {
			break
		}
		e, err := t.OutboxEntry(be(k[8:]))
		if err != nil {
			return nil, err
		}
		if e == nil {
			return nil, fmt.Errorf("%w: outbox schedule names entry %d, which is gone", ErrCorrupt, be(k[8:]))
		}
		if take != nil && !take(e.Kind) {
			continue
		}
		out = append(out, *e)
	}
	return out, nil
}

// RetryOutbox stores a failed attempt of e: its new attempt count, next
// attempt time and error.
func (t *Tx) RetryOutbox(e *OutboxEntry) error {
	old, err := t.OutboxEntry(e.ID)
	if err != nil {
		return err
	}
	if old == nil {
		return fmt.Errorf("outbox entry %d: %w", e.ID, ErrNotFound)
	}
	if err := t.bucket(bucketOutboxDue).Delete(outboxDueKey(old)); err != nil {
		return err
	}
	return t.putOutbox(e)
}

// FinishOutbox removes the entry with id, delivered or given up. Its key
// stays known, so the same side effect is never enqueued again.
func (t *Tx) FinishOutbox(id uint64) error {
	e, err := t.OutboxEntry(id)
	if err != nil || e == nil {
		return err
	}
	if err := t.bucket(bucketOutboxDue).Delete(outboxDueKey(e)); err != nil {
		return err
	}
	return t.bucket(bucketOutbox).Delete(u64(id))
}

// OutboxPending is the number of entries not yet delivered or given up.
func (t *Tx) OutboxPending() int {
	return t.bucket(bucketOutbox).Stats().KeyN
}
