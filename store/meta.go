package store

import (
	"bytes"
	"crypto/rand"
	"fmt"
)

// metaRedactionKey names the key that redaction hashes with: made at random
// the first time it is asked for, kept in the file (and its backups) so
// that the same value reads the same across restarts.
var metaRedactionKey = []byte("redaction_key")

// RedactionKey returns the database's redaction key, creating it the first
// time. A store opened read-only, or a replica (which has the leader's key
// once it applied the record that made it), only reads it, and a missing
// key is ErrNotFound.
func (s *Store) RedactionKey() ([]byte, error) {
	var key []byte
	if s.readOnly || s.Replica() {
		err := s.View(func(tx *Tx) error {
			b := tx.bucket(bucketMeta)
			if b == nil || b.Get(metaRedactionKey) == nil {
				return fmt.Errorf("redaction key: %w", ErrNotFound)
			}
			key = bytes.Clone(b.Get(metaRedactionKey))
			return nil
		})
		return key, err
	}
	err := s.Update(func(tx *Tx) error {
		b := tx.bucket(bucketMeta)
		if k := b.Get(metaRedactionKey); k != nil {
			key = bytes.Clone(k)
			return nil
		}
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return fmt.Errorf("make redaction key: %w", err)
		}
		return b.Put(metaRedactionKey, key)
	})
	return key, err
}
