package daemon

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
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

// checkpointer signs every timeline's head into a checkpoint, appends it to
// the checkpoint file in the data directory and logs it, so that a copy
// lives wherever the log is shipped. See package checkpoint.
type checkpointer struct {
	st   *store.Store
	key  ed25519.PrivateKey
	path string
	now  func() time.Time
	log  zerolog.Logger
	// signed is every head this run's checkpoints have signed. The first
	// checkpoint of a run lists every incident; each later one only those
	// whose head moved since, so that checkpoints grow with the changes,
	// not with the database. A checkpoint that would say nothing new is
	// not taken.
	signed map[string]checkpoint.Head
	// prev is the digest of the last checkpoint in the file, which the
	// next one follows: the checkpoints are one chain across runs.
	prev string
	// maxHeads bounds the heads of one checkpoint (maxCheckpointHeads).
	maxHeads int
	// publish sends a checkpoint to the checkpoint stream; nil until
	// NATS is up (set before the loops start).
	publish func(ctx context.Context, line []byte) error
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

// take signs the current heads, unless they are those signed last.
func (c *checkpointer) take() error {
	var heads []checkpoint.Head
	err := c.st.View(func(tx *store.Tx) error {
		return tx.Heads(func(id string, seq uint64, head string) {
			heads = append(heads, checkpoint.Head{Incident: id, Seq: seq, Hash: head})
		})
	})
	if err != nil {
		return fmt.Errorf("read heads: %w", err)
	}
	first := c.signed == nil
	if first {
		c.signed = make(map[string]checkpoint.Head, len(heads))
	}
	moved := heads[:0]
	for _, h := range heads {
		if c.signed[h.Incident] != h {
			moved = append(moved, h)
		}
	}
	if !first && len(moved) == 0 {
		return nil
	}
	// Many heads are signed as several checkpoints of one chain, each small
	// enough for one NATS message (and one log line).
	now := c.now()
	for full := first; len(moved) > 0 || first; first = false {
		part := moved[:min(len(moved), c.maxHeads)]
		moved = moved[len(part):]
		if err := c.sign(now, part, full); err != nil {
			return err
		}
	}
	return nil
}

// maxCheckpointHeads bounds the heads of one checkpoint: about 100 bytes
// each, well under NATS's 1 MiB message limit.
const maxCheckpointHeads = 5000

// sign signs heads as the next checkpoint of the chain, appends it to the
// file, logs it and publishes it.
func (c *checkpointer) sign(now time.Time, heads []checkpoint.Head, full bool) error {
	cp := checkpoint.SignAfter(c.key, now, heads, c.prev)
	if err := checkpoint.Append(c.path, cp); err != nil {
		c.signed = nil // sign them all again next time
		return fmt.Errorf("write checkpoint: %w", err)
	}
	c.prev = cp.Digest()
	for _, h := range heads {
		c.signed[h.Incident] = h
	}
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	c.log.Info().Int("incidents", len(heads)).Bool("full", full).RawJSON("checkpoint", line).Msg("checkpoint")
	if c.publish != nil {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		defer cancel()
		if err := c.publish(ctx, line); err != nil {
			// The file and the log have it; the stream, the copy out of
			// reach, does not: say so loudly, and go on.
			c.log.Error().Err(err).Str("stream", CheckpointStream).Msg("checkpoint not published")
		}
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
