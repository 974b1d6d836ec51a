package store

import (
	bolt "go.etcd.io/bbolt"
)

// Every write the store makes goes through bucket and cursor, and nowhere
// else: with a write set attached to the transaction (Options.Publish),
// each one is recorded, in order, so that the transaction's change record
// (change.go) lets a replica make exactly the same writes. Reads go
// straight to bbolt. A test walks the package's source to hold every other
// file to it (TestOnlyBucketWrites).

// bucket is a bbolt bucket of a transaction, with its path from the root
// (parent, name) for the write set.
type bucket struct {
	b      *bolt.Bucket
	t      *Tx
	parent *bucket
	name   []byte
}

// bucket returns the top-level bucket name, or nil when there is none (a
// file opened read-only need not have every bucket).
func (t *Tx) bucket(name []byte) *bucket {
	b := t.tx.Bucket(name)
	if b == nil {
		return nil
	}
	return &bucket{b: b, t: t, name: name}
}

// createBucketIfNotExists returns the top-level bucket name, creating it.
func (t *Tx) createBucketIfNotExists(name []byte) (*bucket, error) {
	if b := t.bucket(name); b != nil {
		return b, nil
	}
	b, err := t.tx.CreateBucket(name)
	if err != nil {
		return nil, err
	}
	t.record(nil, OpCreateBucket, name, nil, 0)
	return &bucket{b: b, t: t, name: name}, nil
}

// deleteBucket deletes the top-level bucket name and everything in it.
func (t *Tx) deleteBucket(name []byte) error {
	if err := t.tx.DeleteBucket(name); err != nil {
		return err
	}
	t.record(nil, OpDeleteBucket, name, nil, 0)
	return nil
}

// record adds one write to the transaction's write set, if it has one. b
// nil is the root, where buckets are created and deleted; seq is the
// sequence number of opSetSequence.
func (t *Tx) record(b *bucket, op Op, key, value []byte, seq uint64) {
	if t.ws != nil {
		t.ws.add(b, op, key, value, seq)
	}
}

// Get returns the value of key, nil when there is none. It is bbolt's
// memory: valid only inside the transaction.
func (b *bucket) Get(key []byte) []byte { return b.b.Get(key) }

// Put sets key to value.
func (b *bucket) Put(key, value []byte) error {
	if err := b.b.Put(key, value); err != nil {
		return err
	}
	b.t.record(b, OpPut, key, value, 0)
	return nil
}

// Delete removes key; a missing key is no error.
func (b *bucket) Delete(key []byte) error {
	if err := b.b.Delete(key); err != nil {
		return err
	}
	b.t.record(b, OpDelete, key, nil, 0)
	return nil
}

// ForEach calls fn with every key and value, in key order (nil value for a
// nested bucket).
func (b *bucket) ForEach(fn func(k, v []byte) error) error { return b.b.ForEach(fn) }

// ForEachBucket calls fn with the name of every nested bucket.
func (b *bucket) ForEachBucket(fn func(k []byte) error) error { return b.b.ForEachBucket(fn) }

// Stats is bbolt's statistics of the bucket.
func (b *bucket) Stats() bolt.BucketStats { return b.b.Stats() }

// Bucket returns the nested bucket name, or nil.
func (b *bucket) Bucket(name []byte) *bucket {
	nb := b.b.Bucket(name)
	if nb == nil {
		return nil
	}
	return &bucket{b: nb, t: b.t, parent: b, name: name}
}

// CreateBucketIfNotExists returns the nested bucket name, creating it.
func (b *bucket) CreateBucketIfNotExists(name []byte) (*bucket, error) {
	if nb := b.Bucket(name); nb != nil {
		return nb, nil
	}
	nb, err := b.b.CreateBucket(name)
	if err != nil {
		return nil, err
	}
	b.t.record(b, OpCreateBucket, name, nil, 0)
	return &bucket{b: nb, t: b.t, parent: b, name: name}, nil
}

// DeleteBucket deletes the nested bucket name and everything in it.
func (b *bucket) DeleteBucket(name []byte) error {
	if err := b.b.DeleteBucket(name); err != nil {
		return err
	}
	b.t.record(b, OpDeleteBucket, name, nil, 0)
	return nil
}

// NextSequence increments the bucket's sequence number and returns it. A
// replica gets the number itself, not the increment: a record replayed
// leaves it as it was.
func (b *bucket) NextSequence() (uint64, error) {
	n, err := b.b.NextSequence()
	if err != nil {
		return 0, err
	}
	b.t.record(b, OpSetSequence, nil, nil, n)
	return n, nil
}

// setSequence sets the bucket's sequence number (a replica applying a
// record).
func (b *bucket) setSequence(n uint64) error {
	if err := b.b.SetSequence(n); err != nil {
		return err
	}
	b.t.record(b, OpSetSequence, nil, nil, n)
	return nil
}

// fill sets how full bbolt packs the pages it splits during this
// transaction (bolt.Bucket.FillPercent). It writes nothing, but the write
// set carries it, so a replica packs its pages as the leader does.
func (b *bucket) fill(percent float64) { b.b.FillPercent = percent }

// Cursor returns a cursor over the bucket's keys.
func (b *bucket) Cursor() *cursor { return &cursor{c: b.b.Cursor(), b: b} }

// cursor is a bbolt cursor whose Delete is recorded like bucket's.
type cursor struct {
	c *bolt.Cursor
	b *bucket
	k []byte // the key the cursor is at
}

func (c *cursor) at(k, v []byte) ([]byte, []byte) {
	c.k = k
	return k, v
}

// First moves to the first key.
func (c *cursor) First() ([]byte, []byte) { return c.at(c.c.First()) }

// Last moves to the last key.
func (c *cursor) Last() ([]byte, []byte) { return c.at(c.c.Last()) }

// Next moves to the next key.
func (c *cursor) Next() ([]byte, []byte) { return c.at(c.c.Next()) }

// Prev moves to the previous key.
func (c *cursor) Prev() ([]byte, []byte) { return c.at(c.c.Prev()) }

// Seek moves to key, or the first key after it.
func (c *cursor) Seek(key []byte) ([]byte, []byte) { return c.at(c.c.Seek(key)) }

// Delete removes the key the cursor is at.
func (c *cursor) Delete() error {
	k := c.k
	if err := c.c.Delete(); err != nil {
		return err
	}
	c.b.t.record(c.b, OpDelete, k, nil, 0)
	return nil
}
