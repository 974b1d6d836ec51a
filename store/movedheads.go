package store

import (
	"fmt"

	"github.com/go-json-experiment/json"
)

// Checkpoints sign incidents' timeline heads (package checkpoint). Signing
// every head at each start grew with the database: a million incidents
// made 200 checkpoints of 5,000 heads and a clean stop of minutes. So the
// store keeps, beside the timelines, the incidents whose head moved since
// a checkpoint last signed it: written in the transaction that appends
// the events, so that no crash between a commit and the next checkpoint
// loses one, and cleared once a checkpoint has signed the head (and only
// if the head is still the one signed).

// bucketMovedHeads holds, keyed by incident id with an empty value, each
// incident whose timeline head moved since a checkpoint signed it.
var bucketMovedHeads = []byte("heads_moved")

// metaHeadsSigned records that a checkpoint signed every head there was
// (SignedHeads with all): from then on the moved heads are all a
// checkpoint needs to sign. A file without it was written before the
// store kept them, or never checkpointed.
var metaHeadsSigned = []byte("heads_signed")

// Head is an incident's timeline head: the sequence number and hash of its
// last event.
type Head struct {
	Incident string
	Seq      uint64
	Hash     string
}

// markMoved records that the head of incident id moved.
func (t *Tx) markMoved(id string) error {
	b := t.bucket(bucketMovedHeads)
	if b == nil {
		// A file opened before the bucket existed gets it at the next
		// open; until then the first checkpoint signs every head.
		return nil
	}
	return b.Put([]byte(id), []byte{})
}

// EverySigned reports whether a checkpoint has signed every head (see
// SignedHeads): if not, the next checkpoint must sign them all, not only
// the moved ones.
func (t *Tx) EverySigned() bool {
	b := t.bucket(bucketMeta)
	return b != nil && b.Get(metaHeadsSigned) != nil
}

// MovedHeads calls fn with the current head of each incident whose head
// moved since a checkpoint signed it (and of each moved incident that is
// gone, with a zero Seq), in incident id byte order, starting after the
// incident after ("" from the first), at most limit of them.
func (t *Tx) MovedHeads(after string, limit int, fn func(Head)) error {
	b := t.bucket(bucketMovedHeads)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	k, _ := c.Seek([]byte(after))
	if k != nil && after != "" && string(k) == after {
		k, _ = c.Next()
	}
	for n := 0; k != nil && n < limit; k, _ = c.Next() {
		h, err := t.head(string(k))
		if err != nil {
			return err
		}
		fn(h)
		n++
	}
	return nil
}

// head reads the head of incident id from its record, without decoding
// the rest; a zero Seq when it is gone.
func (t *Tx) head(id string) (Head, error) {
	raw := t.bucket(bucketIncidents).Get([]byte(id))
	if raw == nil {
		return Head{Incident: id}, nil
	}
	return decodeHead([]byte(id), raw)
}

// decodeHead reads the head of the incident record raw stored under k,
// without decoding the rest.
func decodeHead(k, raw []byte) (Head, error) {
	var h struct {
		Seq  uint64 `json:"timeline_seq"`
		Head string `json:"timeline_head"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return Head{}, fmt.Errorf("%w: incident %s: %v", ErrCorrupt, k, err)
	}
	return Head{Incident: string(k), Seq: h.Seq, Hash: h.Head}, nil
}

// SignedHeads records that a checkpoint signed heads: each incident whose
// head is still the one signed is no longer moved (one that moved again
// since stays). With all, the checkpoint was of every head there was
// (see EverySigned).
func (t *Tx) SignedHeads(heads []Head, all bool) error {
	b := t.bucket(bucketMovedHeads)
	for _, h := range heads {
		if b == nil || b.Get([]byte(h.Incident)) == nil {
			continue
		}
		now, err := t.head(h.Incident)
		if err != nil {
			return err
		}
		if now != h {
			continue
		}
		if err := b.Delete([]byte(h.Incident)); err != nil {
			return fmt.Errorf("clear the moved head of %s: %w", h.Incident, err)
		}
	}
	if all && !t.EverySigned() {
		return t.bucket(bucketMeta).Put(metaHeadsSigned, []byte("1"))
	}
	return nil
}
