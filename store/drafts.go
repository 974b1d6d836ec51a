package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// The drafts as filed are kept by incident and content: the key is the
// incident id, a slash and the hex SHA-256 of the draft, which is what the
// submission event in the timeline names. Two filings of the same text
// keep it once.

// PutFiledDraft keeps body as a draft filed for incident id and returns
// its hex SHA-256.
func (t *Tx) PutFiledDraft(id string, body []byte) (string, error) {
	if id == "" {
		return "", fmt.Errorf("filed draft without an incident id")
	}
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])
	if err := t.bucket(bucketFiledDrafts).Put(filedDraftKey(id, digest), body); err != nil {
		return "", fmt.Errorf("keep the filed draft of %s: %w", id, err)
	}
	return digest, nil
}

// FiledDraft returns the draft filed for incident id whose hex SHA-256 is
// digest, or ErrNotFound.
func (t *Tx) FiledDraft(id, digest string) ([]byte, error) {
	b := t.bucket(bucketFiledDrafts)
	if b == nil {
		// A file opened read-only need not have the bucket yet.
		return nil, fmt.Errorf("%w: no filed draft %s of %s", ErrNotFound, digest, id)
	}
	v := b.Get(filedDraftKey(id, digest))
	if v == nil {
		return nil, fmt.Errorf("%w: no filed draft %s of %s", ErrNotFound, digest, id)
	}
	return append([]byte(nil), v...), nil
}

func filedDraftKey(id, digest string) []byte {
	return []byte(id + "/" + digest)
}
