package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/breachd/breachd/incident"
)

// An evaluation lists every regime of the catalog, and nearly all of them
// do not apply or are not in force: entries that carry no deadline, no
// filing and no reminder, only the catalog's words (recipient, due,
// basis) and, for a regime that does not apply, the catalog's reason.
// Those words are the same for every incident, so they are stored once, in
// bucketTexts under a hash of their encoding, and each set stores a
// reference to them: a set of 330 regimes takes about 13 KB instead of
// 160 KB, which is what made opening an incident with breach facts cost
// five times a duplicate alert.

// bucketTexts holds the shared words of obligation entries, keyed by the
// FNV-64a hash of their JSON encoding. Entries are only ever added: a key
// always holds the same bytes.
var bucketTexts = []byte("obligation_texts")

// maxSharedTexts bounds each map of sharedTexts; past it the map starts
// over. A catalog has a few hundred regimes, each with a few texts.
const maxSharedTexts = 1 << 16

// sharedTexts remembers, for the store's lifetime, which texts are already
// in bucketTexts (so that storing a set looks none up) and what each key
// decodes to (so that reading one decodes none).
type sharedTexts struct {
	mu sync.Mutex
	// stored lists, by regime and status, the texts known to be in
	// bucketTexts (once a transaction that holds them has committed) with
	// their keys. A regime has one or two texts per status, and looking
	// them up by these two short strings costs a fraction of hashing
	// every word.
	stored map[textID][]storedText
	// decoded maps a key to the text it holds.
	decoded map[string]incident.Obligation
	// words are the strings of the concerning obligations' words
	// (concerning.go).
	words interned
}

type textID struct {
	regime string
	status incident.ObligationStatus
}

type storedText struct {
	text sharedText
	key  string
}

// sharedText is the part of an entry that is stored once. Its fields are
// those of incident.Obligation that entries of these statuses carry.
type sharedText struct {
	Regime        string                    `json:"regime"`
	Jurisdiction  string                    `json:"jurisdiction"`
	Recipient     string                    `json:"recipient"`
	RecipientKind string                    `json:"recipient_kind"`
	Status        incident.ObligationStatus `json:"status"`
	Due           string                    `json:"due"`
	ClockStart    string                    `json:"clock_start"`
	Basis         string                    `json:"basis"`
	Reason        string                    `json:"reason,omitempty"`
}

// shareable splits o into the text stored once and the reason stored with
// the set, when o is an entry of only words. A regime that does not apply
// gives the catalog's reason, the same for every incident; one not in force
// names the incident's awareness, so its reason stays with the set.
func shareable(o *incident.Obligation) (text sharedText, ownReason string, ok bool) {
	if o.DueAt != nil || o.SubmittedAt != nil || o.Late || o.Overdue || len(o.RemindersSent) > 0 {
		return sharedText{}, "", false
	}
	text = sharedText{Regime: o.Regime, Jurisdiction: o.Jurisdiction, Recipient: o.Recipient, RecipientKind: o.RecipientKind,
		Status: o.Status, Due: o.Due, ClockStart: o.ClockStart, Basis: o.Basis}
	switch o.Status {
	case incident.ObligationNotApplicable:
		text.Reason = o.Reason
		return text, "", true
	case incident.ObligationNotInForce:
		return text, o.Reason, true
	}
	return sharedText{}, "", false
}

// obligation is the entry text stands for, with reason when the set keeps
// its own.
func (text sharedText) obligation(reason string) incident.Obligation {
	o := incident.Obligation{Regime: text.Regime, Jurisdiction: text.Jurisdiction, Recipient: text.Recipient,
		RecipientKind: text.RecipientKind, Status: text.Status, Due: text.Due, ClockStart: text.ClockStart,
		Basis: text.Basis, Reason: text.Reason}
	if reason != "" {
		o.Reason = reason
	}
	return o
}

// textKey is the key of a text's encoding.
func textKey(raw []byte) string {
	h := fnv.New64a()
	h.Write(raw)
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], h.Sum64())
	return hex.EncodeToString(k[:])
}

// putText stores text in bucketTexts unless it is there, and returns its
// key. ok is false in the one case it cannot be shared: another text holds
// its key (a hash collision), and the entry is then stored whole.
func (t *Tx) putText(text sharedText) (key string, ok bool, err error) {
	if key, ok := t.texts.known(text); ok {
		return key, true, nil
	}
	raw, err := json.Marshal(text)
	if err != nil {
		return "", false, fmt.Errorf("encode the text of %s: %w", text.Regime, err)
	}
	key = textKey(raw)
	b := t.bucket(bucketTexts)
	switch have := b.Get([]byte(key)); {
	case have == nil:
		if err := b.Put([]byte(key), raw); err != nil {
			return "", false, err
		}
	case !bytes.Equal(have, raw):
		return "", false, nil
	}
	// Remembered once committed: a rolled-back put leaves no text behind.
	st := storedText{text: text, key: key}
	t.tx.OnCommit(func() { t.texts.remember(st) })
	return key, true, nil
}

// known returns the key of text if it is known to be stored.
func (c *sharedTexts) known(text sharedText) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stored[textID{text.Regime, text.Status}] {
		if st.text == text {
			return st.key, true
		}
	}
	return "", false
}

func (c *sharedTexts) remember(st storedText) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stored == nil || len(c.stored) >= maxSharedTexts {
		c.stored = make(map[textID][]storedText)
	}
	id := textID{st.text.Regime, st.text.Status}
	for _, have := range c.stored[id] {
		if have.text == st.text {
			return
		}
	}
	c.stored[id] = append(c.stored[id], st)
}

// text returns the entry stored under key, with reason when the set keeps
// its own.
func (t *Tx) text(key, reason string) (incident.Obligation, error) {
	t.texts.mu.Lock()
	o, ok := t.texts.decoded[key]
	t.texts.mu.Unlock()
	if !ok {
		var raw []byte
		if b := t.bucket(bucketTexts); b != nil {
			raw = b.Get([]byte(key))
		}
		if raw == nil {
			return incident.Obligation{}, fmt.Errorf("%w: obligation text %s is missing", ErrCorrupt, key)
		}
		var text sharedText
		if err := json.Unmarshal(raw, &text); err != nil {
			return incident.Obligation{}, fmt.Errorf("%w: obligation text %s: %v", ErrCorrupt, key, err)
		}
		o = text.obligation("")
		// What a write transaction reads may be its own put, rolled
		// back later: it is remembered once committed.
		if t.tx.Writable() {
			t.tx.OnCommit(func() { t.texts.learn(key, o) })
		} else {
			t.texts.learn(key, o)
		}
	}
	if reason != "" {
		o.Reason = reason
	}
	return o, nil
}

func (c *sharedTexts) learn(key string, o incident.Obligation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.decoded == nil || len(c.decoded) >= maxSharedTexts {
		c.decoded = make(map[string]incident.Obligation)
	}
	c.decoded[key] = o
}
