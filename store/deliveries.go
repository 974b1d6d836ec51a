package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
)

// The deliveries of a stream incarnation are kept as ranges of stream
// sequence numbers, in a bucket of their own: key the first sequence number,
// value the last (both big-endian). A batch's messages arrive in stream
// order, so one range usually records a whole batch, and recording it costs
// one write instead of one per alert.

func be(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// rangeAtOrBefore returns the range with the greatest first sequence number
// not above seq, or nil.
func rangeAtOrBefore(c *cursor, seq uint64) (k, v []byte) {
	k, v = c.Seek(u64(seq))
	if k != nil && be(k) == seq {
		return k, v
	}
	if k == nil {
		return c.Last()
	}
	return c.Prev()
}

// Delivered reports whether the stream message seq of a stream incarnation
// was already applied.
func (t *Tx) Delivered(stream string, seq uint64) bool {
	b := t.bucket(bucketDeliveries).Bucket([]byte(stream))
	if b == nil {
		return false
	}
	k, v := rangeAtOrBefore(b.Cursor(), seq)
	return k != nil && be(k) <= seq && seq <= be(v)
}

// MarkDelivered records that the stream messages seqs were applied, in the
// same transaction as their effects, so that a redelivery is recognised.
func (t *Tx) MarkDelivered(stream string, seqs ...uint64) error {
	if len(seqs) == 0 {
		return nil
	}
	b, err := t.bucket(bucketDeliveries).CreateBucketIfNotExists([]byte(stream))
	if err != nil {
		return fmt.Errorf("deliveries of %s: %w", stream, err)
	}
	b.fill(1) // ranges mostly arrive in order
	sorted := slices.Clone(seqs)
	slices.Sort(sorted)
	for i := 0; i < len(sorted); {
		j := i
		for j+1 < len(sorted) && sorted[j+1] <= sorted[j]+1 {
			j++
		}
		if err := markRange(b, sorted[i], sorted[j]); err != nil {
			return fmt.Errorf("deliveries of %s: %w", stream, err)
		}
		i = j + 1
	}
	return nil
}

// markRange adds [first, last], merging it with the ranges it touches or
// adjoins.
func markRange(b *bucket, first, last uint64) error {
	c := b.Cursor()
	if k, v := rangeAtOrBefore(c, first); k != nil && be(v)+1 >= first {
		first, last = be(k), max(last, be(v))
	}
	// Ranges that start inside the new one or right after it merge into it.
	var absorbed [][]byte
	for k, v := c.Seek(u64(first + 1)); k != nil && be(k) <= last+1; k, v = c.Next() {
		last = max(last, be(v))
		absorbed = append(absorbed, bytes.Clone(k))
	}
	for _, k := range absorbed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return b.Put(u64(first), u64(last))
}

// maxPrune bounds the delivery ranges one PruneDeliveries call removes.
const maxPrune = 100_000

// PruneDeliveries compacts the deliveries below floor, the consumer's ack
// floor, into one range from 1: every message below it was committed (or
// dead-lettered) and acknowledged, and if the consumer is ever created
// again and delivers the stream from its start, they are recognised as
// applied. At most maxPrune ranges go per call; the next call goes on. It
// forgets every other stream incarnation, and returns how many ranges it
// merged into the one from 1 or forgot.
func (t *Tx) PruneDeliveries(stream string, floor uint64) (uint64, error) {
	root := t.bucket(bucketDeliveries)
	var (
		stale   [][]byte
		removed uint64
	)
	err := root.ForEachBucket(func(k []byte) error {
		if !bytes.Equal(k, []byte(stream)) {
			stale = append(stale, bytes.Clone(k))
			removed += uint64(root.Bucket(k).Stats().KeyN)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range stale {
		if err := root.DeleteBucket(k); err != nil {
			return 0, fmt.Errorf("forget deliveries of %s: %w", k, err)
		}
	}
	b := root.Bucket([]byte(stream))
	if b == nil || floor <= 1 {
		return removed, nil
	}
	// Collect first: deleting while iterating skips keys. The compacted
	// range itself (from 1) is rewritten, not counted.
	type span struct{ first, last uint64 }
	var old []span
	c := b.Cursor()
	for k, v := c.First(); k != nil && be(k) < floor && len(old) < maxPrune; k, v = c.Next() {
		old = append(old, span{be(k), be(v)})
	}
	upto := floor - 1
	if len(old) == maxPrune {
		upto = min(upto, old[len(old)-1].last)
	}
	for _, s := range old {
		if err := b.Delete(u64(s.first)); err != nil {
			return 0, err
		}
		if s.first > 1 {
			removed++
		}
		upto = max(upto, s.last)
	}
	return removed, markRange(b, 1, upto)
}
