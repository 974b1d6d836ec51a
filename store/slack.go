package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Slack's state lives in buckets of its own, created on the first write, so
// that a daemon without Slack never has them:
//
//	slack_messages: incident id      → JSON SlackMessage (where its message is)
//	slack_posts:    idempotency key  → JSON SlackPost (one post, begun or done)
//	slack_seen:     request digest   → expiry (8 bytes, unix ns)
//	slack_channels: incident id      → JSON SlackChannel (its own channel)
var (
	bucketSlackChannels = []byte("slack_channels")
	bucketSlackMessages = []byte("slack_messages")
	bucketSlackPosts    = []byte("slack_posts")
	bucketSlackSeen     = []byte("slack_seen")
)

// SlackMessage is where an incident's Slack message is, and how current it
// is. Want counts the changes the message should show; Rendered is the Want
// the message last showed; Queued is the outbox entry that will bring it up
// to date, if one is pending. Together they let many changes share one
// update, and a restart keep updating the same message.
type SlackMessage struct {
	Channel  string `json:"channel,omitempty"`
	TS       string `json:"ts,omitempty"`
	Want     uint64 `json:"want"`
	Rendered uint64 `json:"rendered"`
	Queued   uint64 `json:"queued,omitempty"`
}

// SlackChannel is an incident's own Slack channel and how far setting it
// up went: each step is recorded when Slack confirms it, so that a retry
// or a restart resumes where it stopped and reuses the channel.
type SlackChannel struct {
	// Name is the name asked for; ID the channel once created.
	Name string `json:"name,omitempty"`
	ID   string `json:"id,omitempty"`
	// Invited is set once the on-call group (and who asked) are invited.
	Invited bool `json:"invited,omitempty"`
	// SummaryTS is the summary message posted in the channel, Pinned set
	// once it is pinned, and SummaryRendered the SlackMessage.Want it
	// last showed.
	SummaryTS       string `json:"summary_ts,omitempty"`
	Pinned          bool   `json:"pinned,omitempty"`
	SummaryRendered uint64 `json:"summary_rendered,omitempty"`
	// Topic is the topic last set.
	Topic string `json:"topic,omitempty"`
}

// SlackChannel returns an incident's own channel; the zero value when none
// was asked for.
func (t *Tx) SlackChannel(id string) (SlackChannel, error) {
	var c SlackChannel
	_, err := t.getJSON(bucketSlackChannels, id, &c)
	return c, err
}

// PutSlackChannel stores an incident's own channel.
func (t *Tx) PutSlackChannel(id string, c SlackChannel) error {
	return t.putJSON(bucketSlackChannels, id, c)
}

// SlackPost is one message posted under an idempotency key: begun at
// StartedAt, and done once TS is known. A post begun and not done may or
// may not have reached Slack (the daemon stopped in between); the sender
// looks for it before posting again.
type SlackPost struct {
	Channel   string    `json:"channel"`
	TS        string    `json:"ts,omitempty"`
	StartedAt time.Time `json:"started_at"`
}

// writeBucket returns the bucket name, creating it in a write transaction.
// In a read transaction it returns nil when the bucket does not exist yet.
func (t *Tx) writeBucket(name []byte) (*bucket, error) {
	if !t.tx.Writable() {
		return t.bucket(name), nil
	}
	b, err := t.createBucketIfNotExists(name)
	if err != nil {
		return nil, fmt.Errorf("create bucket %s: %w", name, err)
	}
	return b, nil
}

func (t *Tx) getJSON(bucket []byte, key string, v any) (bool, error) {
	b := t.bucket(bucket)
	if b == nil {
		return false, nil
	}
	raw := b.Get([]byte(key))
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("%w: %s %q: %v", ErrCorrupt, bucket, key, err)
	}
	return true, nil
}

func (t *Tx) putJSON(bucket []byte, key string, v any) error {
	b, err := t.writeBucket(bucket)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s %q: %w", bucket, key, err)
	}
	return b.Put([]byte(key), raw)
}

// SlackMessage returns where an incident's Slack message is; the zero
// value when none was posted or asked for.
func (t *Tx) SlackMessage(id string) (SlackMessage, error) {
	var m SlackMessage
	_, err := t.getJSON(bucketSlackMessages, id, &m)
	return m, err
}

// PutSlackMessage stores where an incident's Slack message is.
func (t *Tx) PutSlackMessage(id string, m SlackMessage) error {
	return t.putJSON(bucketSlackMessages, id, m)
}

// SlackPost returns the post made under key, or nil when none was begun.
func (t *Tx) SlackPost(key string) (*SlackPost, error) {
	var p SlackPost
	ok, err := t.getJSON(bucketSlackPosts, key, &p)
	if !ok || err != nil {
		return nil, err
	}
	return &p, nil
}

// PutSlackPost records a post begun (TS empty) or done under key.
func (t *Tx) PutSlackPost(key string, p SlackPost) error {
	if key == "" {
		return fmt.Errorf("slack post without an idempotency key")
	}
	return t.putJSON(bucketSlackPosts, key, p)
}

// maxSeenPrune bounds the expired request digests one call removes.
const maxSeenPrune = 64

// SeenSlackRequest records the digest of a request from Slack until
// expires and reports whether it was recorded already and has not expired:
// a replay. Expired digests are pruned as it goes.
func (t *Tx) SeenSlackRequest(digest string, now, expires time.Time) (bool, error) {
	b, err := t.writeBucket(bucketSlackSeen)
	if err != nil {
		return false, err
	}
	if b == nil {
		return false, fmt.Errorf("recording a Slack request needs a write transaction")
	}
	if raw := b.Get([]byte(digest)); len(raw) == 8 && int64(be(raw)) > now.UnixNano() {
		return true, nil
	}
	// Prune a few expired digests: the bucket stays the size of one
	// window's traffic.
	var stale [][]byte
	c := b.Cursor()
	for k, v := c.First(); k != nil && len(stale) < maxSeenPrune; k, v = c.Next() {
		if len(v) != 8 || int64(be(v)) <= now.UnixNano() {
			stale = append(stale, bytes.Clone(k))
		}
	}
	for _, k := range stale {
		if err := b.Delete(k); err != nil {
			return false, err
		}
	}
	return false, b.Put([]byte(digest), u64(uint64(max(expires.UnixNano(), 0))))
}

// DeleteSlackPost forgets a post begun under key that Slack refused, so
// that the next attempt posts without looking for it first.
func (t *Tx) DeleteSlackPost(key string) error {
	b := t.bucket(bucketSlackPosts)
	if b == nil {
		return nil
	}
	return b.Delete([]byte(key))
}
