package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
)

// Obligations returns an incident's evaluated obligations, or nil when
// they were never evaluated (the incident has no breach facts).
func (t *Tx) Obligations(id string) (*incident.Obligations, error) {
	return t.decodeStoredSet([]byte(id), t.bucket(bucketObligations).Get([]byte(id)))
}

// setLayout is the layout of the stored sets that share their entries'
// words (see obligationtexts.go); a set without one stores every entry
// whole.
const setLayout = 2

// storedSet is the stored form of a full set: each entry either whole or,
// when it carries only words, a reference to them.
type storedSet struct {
	Layout         int                `json:"layout"`
	Incident       string             `json:"incident"`
	EvaluatedAt    time.Time          `json:"evaluated_at"`
	CatalogVersion string             `json:"catalog_version"`
	Obligations    []storedObligation `json:"obligations"`
}

// storedObligation is one entry: Entry whole, or Text, the key of its words
// in bucketTexts, with Reason when it keeps its own.
type storedObligation struct {
	Text   string               `json:"text,omitempty"`
	Reason string               `json:"reason,omitempty"`
	Entry  *incident.Obligation `json:"entry,omitempty"`
}

// decodeStoredSet decodes the full set stored under key k; nil for none.
func (t *Tx) decodeStoredSet(k, raw []byte) (*incident.Obligations, error) {
	if raw == nil {
		return nil, nil
	}
	var st storedSet
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, k, err)
	}
	if st.Layout != setLayout {
		return decodeSet(k, raw)
	}
	s := &incident.Obligations{Incident: st.Incident, EvaluatedAt: st.EvaluatedAt, CatalogVersion: st.CatalogVersion,
		Obligations: make([]incident.Obligation, len(st.Obligations))}
	for i, e := range st.Obligations {
		switch {
		case e.Entry != nil:
			s.Obligations[i] = *e.Entry
		case e.Text != "":
			o, err := t.text(e.Text, e.Reason)
			if err != nil {
				return nil, fmt.Errorf("obligations of %s: %w", k, err)
			}
			s.Obligations[i] = o
		default:
			return nil, fmt.Errorf("%w: obligations of %s: entry %d is empty", ErrCorrupt, k, i)
		}
	}
	return s, nil
}

// decodeSet decodes a set stored whole under key k; nil for none.
func decodeSet(k, raw []byte) (*incident.Obligations, error) {
	if raw == nil {
		return nil, nil
	}
	var s incident.Obligations
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: obligations of %s: %v", ErrCorrupt, k, err)
	}
	return &s, nil
}

// encodeStoredSet encodes s in its stored form, putting the words its
// entries share in bucketTexts. The form is what json.Marshal(storedSet)
// gives, appended by hand: it runs for every incident opened with breach
// facts, and a set has hundreds of entries. A test holds the two equal.
func (t *Tx) encodeStoredSet(s *incident.Obligations) ([]byte, error) {
	b := make([]byte, 0, 128+32*len(s.Obligations))
	b = append(b, `{"layout":`...)
	b = strconv.AppendInt(b, setLayout, 10)
	b = append(b, `,"incident":`...)
	b = appendJSONString(b, s.Incident)
	b = append(b, `,"evaluated_at":"`...)
	b = s.EvaluatedAt.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	b = append(b, `,"catalog_version":`...)
	b = appendJSONString(b, s.CatalogVersion)
	b = append(b, `,"obligations":[`...)
	for i := range s.Obligations {
		if i > 0 {
			b = append(b, ',')
		}
		o := &s.Obligations[i]
		if text, reason, ok := shareable(o); ok {
			key, shared, err := t.putText(text)
			if err != nil {
				return nil, err
			}
			if shared {
				b = append(b, `{"text":"`...)
				b = append(b, key...)
				b = append(b, '"')
				if reason != "" {
					b = append(b, `,"reason":`...)
					b = appendJSONString(b, reason)
				}
				b = append(b, '}')
				continue
			}
		}
		entry, err := json.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("entry %s: %w", o.Regime, err)
		}
		b = append(b, `{"entry":`...)
		b = append(b, entry...)
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	// An error means invalid UTF-8, replaced as encoding/json does.
	q, _ := jsontext.AppendQuote(b, s)
	return q
}

// PutObligations stores an incident's evaluated obligations, replacing the
// previous evaluation, and beside them the ones that concern it
// (ConcerningObligations).
func (t *Tx) PutObligations(s *incident.Obligations) error {
	if s.Incident == "" {
		return fmt.Errorf("obligations without an incident id")
	}
	raw, err := t.encodeStoredSet(s)
	if err != nil {
		return fmt.Errorf("encode obligations of %s: %w", s.Incident, err)
	}
	if err := t.bucket(bucketObligations).Put([]byte(s.Incident), raw); err != nil {
		return err
	}
	return putConcerning(t.bucket(bucketConcerning), s)
}

// putConcerning stores the obligations of s that concern its incident, in
// the binary layout (concerning.go).
func putConcerning(b *bucket, s *incident.Obligations) error {
	return b.Put([]byte(s.Incident), encodeConcerning(s.Concerning()))
}

// ConcerningObligations returns the obligations that concern an incident
// (incident.ObligationStatus.Concerns: not those that do not apply, are not
// in force or are only possible), or nil when none were evaluated. It
// reads a record a few hundred bytes long where Obligations reads one
// entry per regime of the catalog: for what reads every incident (the
// deadlines, the metrics, lists) and needs only these.
func (t *Tx) ConcerningObligations(id string) (*incident.Obligations, error) {
	b := t.bucket(bucketConcerning)
	if b == nil {
		// A file opened read-only need not have the bucket yet.
		set, err := t.Obligations(id)
		return set.Concerning(), err
	}
	return decodeConcerning([]byte(id), b.Get([]byte(id)), &t.texts.words)
}

// EachConcerningObligations calls fn with the obligations that concern
// each incident that has them (see ConcerningObligations), in incident id
// order, until fn returns an error.
func (t *Tx) EachConcerningObligations(fn func(*incident.Obligations) error) error {
	b := t.bucket(bucketConcerning)
	if b == nil {
		return t.EachObligations(func(set *incident.Obligations) error { return fn(set.Concerning()) })
	}
	return b.ForEach(func(k, raw []byte) error {
		s, err := decodeConcerning(k, raw, &t.texts.words)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

// EachObligations calls fn with the obligations of every incident that has
// them, in incident id order, until fn returns an error.
func (t *Tx) EachObligations(fn func(*incident.Obligations) error) error {
	return t.bucket(bucketObligations).ForEach(func(k, raw []byte) error {
		s, err := t.decodeStoredSet(k, raw)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

// EachConcerningObligationsAfter calls fn with the obligations that concern
// each incident that has them (see ConcerningObligations), in incident id
// order — by year, then by number — starting after the incident after (""
// from the first), until fn returns an error. It holds nothing but a
// cursor, so that what reads every breach (the register) can stream it.
func (t *Tx) EachConcerningObligationsAfter(after string, fn func(*incident.Obligations) error) error {
	b := t.bucket(bucketConcerning)
	if b == nil {
		return nil
	}
	return eachInIDOrder(b, after, func(k, raw []byte) error {
		s, err := decodeConcerning(k, raw, &t.texts.words)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

// EachObligationsAfter is EachConcerningObligationsAfter for the full sets,
// every regime of the catalog.
func (t *Tx) EachObligationsAfter(after string, fn func(*incident.Obligations) error) error {
	return eachInIDOrder(t.bucket(bucketObligations), after, func(k, raw []byte) error {
		s, err := t.decodeStoredSet(k, raw)
		if err != nil {
			return err
		}
		return fn(s)
	})
}
