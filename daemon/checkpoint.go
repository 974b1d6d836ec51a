package daemon

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/cluster"
	"github.com/breachd/breachd/store"
)

// The stream checkpoints are published to. It refuses delete and purge, so
// that whoever can publish (breachd) cannot take a checkpoint back.
const (
	CheckpointStream  = "BREACHD_CHECKPOINTS"
	CheckpointSubject = "breachd.checkpoints"
)

// publishTimeout bounds publishing one checkpoint.
const publishTimeout = 5 * time.Second

// ensureCheckpointStream creates (or updates) the checkpoint stream.
func ensureCheckpointStream(ctx context.Context, js jetstream.JetStream, replicas int) error {
	_, err := cluster.EnsureStream(ctx, js, jetstream.StreamConfig{
		Name:        CheckpointStream,
		Description: "breachd: signed checkpoints of every incident timeline's head; no delete, no purge",
		Subjects:    []string{CheckpointSubject},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Replicas:    replicas,
		DenyDelete:  true,
		DenyPurge:   true,
	})
	if err != nil {
		return fmt.Errorf("create stream %s: %w", CheckpointStream, err)
	}
	return nil
}

// checkpointer signs timelines' heads into checkpoints, appends them to
// the checkpoint file in the data directory and publishes them to the
// checkpoint stream, and logs each by its digest. See package checkpoint.
//
// It signs the heads that moved since the last checkpoint, which the
// store keeps in the transactions that move them (Tx.MovedHeads): a
// checkpoint grows with the changes, not with the database, a start signs
// nothing that did not move, and a crash between a commit and the next
// checkpoint loses no head. Only once, on a file no checkpoint has signed
// in full (a new one, or one written before the store kept the moved
// heads), does it sign every head.
type checkpointer struct {
	st   *store.Store
	key  ed25519.PrivateKey
	path string
	now  func() time.Time
	log  zerolog.Logger
	// prev is the digest of the last checkpoint in the file, which the
	// next one follows: the checkpoints are one chain across runs.
	prev string
	// maxHeads bounds the heads of one checkpoint (maxCheckpointHeads).
	maxHeads int
	// publish sends a checkpoint to the checkpoint stream; nil until
	// NATS is up (set before the loops start).
	publish func(ctx context.Context, line []byte) error
	// signedAll and unrecorded stand in for what a store that takes no
	// writes (a replica) could not be told: that every head was signed,
	// and the heads signed since, so that they are not signed again.
	signedAll  bool
	unrecorded map[string]checkpoint.Head
}

// newCheckpointer loads the signing key from dataDir, making it on first
// start, and logs its public key: the one to give `breachctl verify --key`.
func newCheckpointer(st *store.Store, dataDir string, now func() time.Time, log zerolog.Logger) (*checkpointer, error) {
	key, created, err := checkpoint.LoadOrCreateKey(dataDir)
	if err != nil {
		return nil, fmt.Errorf("checkpoint key: %w", err)
	}
	log.Info().Bool("created", created).
		Str("public_key", checkpoint.EncodePublicKey(key.Public().(ed25519.PublicKey))).
		Str("key_file", filepath.Join(dataDir, checkpoint.KeyFile)).
		Str("checkpoints", filepath.Join(dataDir, checkpoint.LogFile)).
		Msg("checkpoint key")
	path := filepath.Join(dataDir, checkpoint.LogFile)
	prev, err := checkpoint.LastDigest(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoints: %w", err)
	}
	return &checkpointer{st: st, key: key, path: path, now: now, log: log, prev: prev, maxHeads: maxCheckpointHeads}, nil
}

// take signs the heads that moved since the last checkpoint, if any; every
// head, if no checkpoint has yet signed them all.
func (c *checkpointer) take() error {
	every := c.signedAll
	if !every {
		if err := c.st.View(func(tx *store.Tx) error { every = tx.EverySigned(); return nil }); err != nil {
			return fmt.Errorf("read heads: %w", err)
		}
	}
	if !every {
		return c.takeAll()
	}
	return c.takeMoved()
}

// takeMoved signs the moved heads, at most maxHeads a checkpoint, each
// checkpoint's heads then cleared from the moved ones.
func (c *checkpointer) takeMoved() error {
	now := c.now()
	for after := ""; ; {
		var moved []checkpoint.Head
		err := c.st.View(func(tx *store.Tx) error {
			return tx.MovedHeads(after, c.maxHeads, func(h store.Head) { moved = append(moved, checkpoint.Head(h)) })
		})
		if err != nil {
			return fmt.Errorf("read moved heads: %w", err)
		}
		if len(moved) == 0 {
			return nil
		}
		after = moved[len(moved)-1].Incident
		// An incident gone (Seq 0) has nothing to sign, only to clear.
		sign := make([]checkpoint.Head, 0, len(moved))
		for _, h := range moved {
			if h.Seq > 0 && c.unrecorded[h.Incident] != h {
				sign = append(sign, h)
			}
		}
		if len(sign) > 0 {
			if err := c.sign(now, sign, false); err != nil {
				return err
			}
		}
		if err := c.record(moved, false); err != nil {
			return err
		}
		if len(moved) < c.maxHeads {
			return nil
		}
	}
}

// takeAll signs every head, as several checkpoints of one chain when there
// are many (each small enough for one NATS message), and at least one
// checkpoint however few.
func (c *checkpointer) takeAll() error {
	var heads []checkpoint.Head
	err := c.st.View(func(tx *store.Tx) error {
		return tx.Heads(func(id string, seq uint64, head string) {
			heads = append(heads, checkpoint.Head{Incident: id, Seq: seq, Hash: head})
		})
	})
	if err != nil {
		return fmt.Errorf("read heads: %w", err)
	}
	now := c.now()
	for first := true; len(heads) > 0 || first; first = false {
		part := heads[:min(len(heads), c.maxHeads)]
		heads = heads[len(part):]
		if err := c.sign(now, part, true); err != nil {
			return err
		}
		if err := c.record(part, len(heads) == 0); err != nil {
			return err
		}
	}
	return nil
}

// record tells the store that heads were signed (all: every head there
// was), or, when it takes no writes, remembers it for this run.
func (c *checkpointer) record(heads []checkpoint.Head, all bool) error {
	signed := make([]store.Head, len(heads))
	for i, h := range heads {
		signed[i] = store.Head(h)
	}
	err := c.st.Update(func(tx *store.Tx) error { return tx.SignedHeads(signed, all) })
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrReplica) || errors.Is(err, store.ErrReadOnly):
		if c.unrecorded == nil {
			c.unrecorded = make(map[string]checkpoint.Head)
		}
		for _, h := range heads {
			c.unrecorded[h.Incident] = h
		}
		c.signedAll = c.signedAll || all
		return nil
	default:
		// Signed but not cleared: signed again next time, which is
		// harmless.
		return fmt.Errorf("record the signed heads: %w", err)
	}
}

// maxCheckpointHeads bounds the heads of one checkpoint: about 100 bytes
// each, well under NATS's 1 MiB message limit.
const maxCheckpointHeads = 5000

// sign signs heads as the next checkpoint of the chain, appends it to the
// file, publishes it and logs it: by its digest and size, not its heads,
// so that a line stays short however many moved (the file and the stream
// hold them).
func (c *checkpointer) sign(now time.Time, heads []checkpoint.Head, full bool) error {
	cp := checkpoint.SignAfter(c.key, now, heads, c.prev)
	if err := checkpoint.Append(c.path, cp); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	c.log.Info().Int("incidents", len(heads)).Bool("full", full).Time("at", cp.Time).
		Str("digest", cp.Digest()).Str("prev", cp.Prev).Msg("checkpoint")
	c.prev = cp.Digest()
	if c.publish == nil {
		return nil
	}
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	if err := c.publish(ctx, line); err != nil {
		// The file has it; the stream, the copy out of reach, does not:
		// say so loudly, and go on.
		c.log.Error().Err(err).Str("stream", CheckpointStream).Str("digest", cp.Digest()).Msg("checkpoint not published")
	}
	return nil
}

// run takes a checkpoint every interval until ctx ends. A failure is
// logged and tried again at the next tick.
func (c *checkpointer) run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.take(); err != nil {
				c.log.Error().Err(err).Msg("checkpoint failed")
			}
		}
	}
}
