package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/breachd/breachd/incident"
)

// The obligations that concern an incident (bucketConcerning) are what
// reads every incident reads: the register, the console's deadlines, the
// metrics. Decoding them as JSON took half of a register export of
// 100,000 breaches, so they are stored in a binary layout of their own,
// appended and read by hand, and their words (the catalog's recipient,
// due and basis, the same for every incident) are read into strings the
// store already holds rather than new ones. A record that starts with
// '{' is of the earlier layout, JSON, and is still read.

// concerningLayout is the first byte of a record of the binary layout.
// JSON starts with '{' (or white space), never with it.
const concerningLayout = 0x01

// Flags of an entry of the binary layout.
const (
	flagDueAt = 1 << iota
	flagSubmittedAt
	flagLate
	flagOverdue
)

// maxInterned bounds the strings a store keeps for the words of the
// concerning obligations; past it the table starts over. A catalog has a
// few hundred regimes, each with a handful of words and reasons.
const maxInterned = 1 << 16

// encodeConcerning appends the binary layout of s:
//
//	0x01 incident evaluated_at catalog_version n entry*n
//	entry: regime jurisdiction recipient recipient_kind status due
//	       clock_start basis reason flags [due_at] [submitted_at]
//	       m reminder*m
//
// where a string is its length (uvarint) and bytes, n and m are uvarints,
// flags a byte, and a time its Unix seconds (varint), nanoseconds
// (uvarint) and zone offset in seconds (varint).
func encodeConcerning(s *incident.Obligations) []byte {
	b := make([]byte, 0, 64+256*len(s.Obligations))
	b = append(b, concerningLayout)
	b = appendString(b, s.Incident)
	b = appendTime(b, s.EvaluatedAt)
	b = appendString(b, s.CatalogVersion)
	b = binary.AppendUvarint(b, uint64(len(s.Obligations)))
	for i := range s.Obligations {
		o := &s.Obligations[i]
		for _, w := range [...]string{o.Regime, o.Jurisdiction, o.Recipient, o.RecipientKind, string(o.Status),
			o.Due, o.ClockStart, o.Basis, o.Reason} {
			b = appendString(b, w)
		}
		var flags byte
		if o.DueAt != nil {
			flags |= flagDueAt
		}
		if o.SubmittedAt != nil {
			flags |= flagSubmittedAt
		}
		if o.Late {
			flags |= flagLate
		}
		if o.Overdue {
			flags |= flagOverdue
		}
		b = append(b, flags)
		if o.DueAt != nil {
			b = appendTime(b, *o.DueAt)
		}
		if o.SubmittedAt != nil {
			b = appendTime(b, *o.SubmittedAt)
		}
		b = binary.AppendUvarint(b, uint64(len(o.RemindersSent)))
		for _, r := range o.RemindersSent {
			b = appendString(b, r)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	_, off := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(off))
}

// errShort is a record of the binary layout cut short or malformed.
var errShort = errors.New("record ends early or is malformed")

// concerningReader reads a record of the binary layout.
type concerningReader struct {
	b     []byte
	err   error
	words *interned
}

func (r *concerningReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }

func (r *concerningReader) varint() int64 { return readVarint(r, binary.Varint) }

// readVarint reads one number with read (binary.Uvarint or Varint).
func readVarint[T uint64 | int64](r *concerningReader, read func([]byte) (T, int)) T {
	if r.err != nil {
		return 0
	}
	v, n := read(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *concerningReader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errShort
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

// word reads a string that many records share, as the one string the
// store keeps for it.
func (r *concerningReader) word() string { return r.words.get(r.bytes()) }

func (r *concerningReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.err = errShort
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *concerningReader) time() time.Time {
	sec, nsec, off := r.varint(), r.uvarint(), r.varint()
	if r.err != nil {
		return time.Time{}
	}
	if nsec >= 1e9 || off < math.MinInt32 || off > math.MaxInt32 {
		r.err = errShort
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	if off == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", int(off)))
}

// decodeConcerning decodes a record stored under key k in either layout;
// nil for none.
func decodeConcerning(k, raw []byte, words *interned) (*incident.Obligations, error) {
	if len(raw) == 0 || raw[0] != concerningLayout {
		return decodeSet(k, raw)
	}
	r := &concerningReader{b: raw[1:], words: words}
	words.mu.Lock()
	defer words.mu.Unlock()
	s := &incident.Obligations{Incident: string(r.bytes())}
	s.EvaluatedAt = r.time()
	s.CatalogVersion = r.word()
	n := r.uvarint()
	// Each entry takes at least 11 bytes: a bound before allocating.
	if r.err == nil && n > uint64(len(r.b))/11 {
		r.err = errShort
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, k, r.err)
	}
	s.Obligations = make([]incident.Obligation, n)
	for i := range s.Obligations {
		o := &s.Obligations[i]
		o.Regime, o.Jurisdiction, o.Recipient, o.RecipientKind = r.word(), r.word(), r.word(), r.word()
		o.Status = incident.ObligationStatus(r.word())
		o.Due, o.ClockStart, o.Basis, o.Reason = r.word(), r.word(), r.word(), r.word()
		flags := r.byte()
		if flags&flagDueAt != 0 {
			t := r.time()
			o.DueAt = &t
		}
		if flags&flagSubmittedAt != 0 {
			t := r.time()
			o.SubmittedAt = &t
		}
		o.Late, o.Overdue = flags&flagLate != 0, flags&flagOverdue != 0
		if m := r.uvarint(); m > 0 && r.err == nil {
			if m > uint64(len(r.b)) {
				r.err = errShort
				break
			}
			o.RemindersSent = make([]string, m)
			for j := range o.RemindersSent {
				o.RemindersSent[j] = r.word()
			}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes after the last entry", len(r.b))
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, k, r.err)
	}
	return s, nil
}

// interned holds one string per word the concerning obligations use, so
// that reading a hundred thousand records makes no new string for the
// words they share. Its lock is held for a whole record.
type interned struct {
	mu sync.Mutex
	m  map[string]string
}

// get returns the string of p; the caller holds w.mu.
func (w *interned) get(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if s, ok := w.m[string(p)]; ok {
		return s
	}
	if w.m == nil || len(w.m) >= maxInterned {
		w.m = make(map[string]string)
	}
	s := string(p)
	w.m[s] = s
	return s
}
