// Package checkpoint signs and checks the heads of every incident timeline.
//
// A hash chain proves that a timeline was not edited in the middle; it
// cannot prove that the end is still there, or that an edited timeline was
// not re-hashed from the edit on. A checkpoint can: it is a list of
// incidents' (id, last sequence, head hash) at one time, signed with an
// Ed25519 key that lives outside the database file. (breachd's first
// checkpoint of a database lists every incident, the later ones those
// whose head moved since the one before; a verifier takes every head any
// checkpoint saw, see Seen.) A timeline that later ends before the
// sequence a checkpoint saw, or has another event there, was cut or
// re-chained after the checkpoint.
//
// The protection is as good as the copies of checkpoints and of the public
// key kept out of reach of whoever can change the database: the daemon
// writes them to a file beside the database and to a JetStream stream
// that refuses deletes, and logs each one's digest, so ship the log
// elsewhere.
package checkpoint

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// Files in the data directory.
const (
	// KeyFile holds the private key's seed, base64, mode 0600.
	KeyFile = "checkpoint.key"
	// PublicKeyFile holds the public key as ParsePublicKey reads it.
	PublicKeyFile = "checkpoint.pub"
	// LogFile is the checkpoints, one JSON object a line, newest last.
	LogFile = "checkpoints.jsonl"
)

// keyPrefix marks an encoded public key.
const keyPrefix = "ed25519:"

// Head is one incident's timeline head at the time of a checkpoint.
type Head struct {
	Incident string `json:"incident"`
	Seq      uint64 `json:"seq"`
	Hash     string `json:"hash"`
}

// Checkpoint is incidents' heads at one time, signed.
type Checkpoint struct {
	Time  time.Time `json:"time"`
	Heads []Head    `json:"heads"`
	// Key is the signer's public key (EncodePublicKey): which key to check
	// it with, not a reason to trust it.
	Key string `json:"key"`
	// Prev is the Digest of the checkpoint taken before this one with the
	// same file: the checkpoints are a chain, so one removed from between
	// two others is seen. Empty for the first.
	Prev      string `json:"prev,omitempty"`
	Signature string `json:"signature"`
}

// Digest names a checkpoint for the one after it: the SHA-256 of its
// signature, base64.
func (c *Checkpoint) Digest() string {
	sum := sha256.Sum256([]byte(c.Signature))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// message is what is signed: a version tag, the time, the previous
// checkpoint's digest (v2, when there is one) and every head,
// length-prefixed, heads sorted by incident.
func message(t time.Time, prev string, heads []Head) []byte {
	var b []byte
	field := func(s string) {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	if prev == "" {
		field("breachd-checkpoint-v1")
	} else {
		field("breachd-checkpoint-v2")
	}
	field(t.UTC().Format(time.RFC3339Nano))
	if prev != "" {
		field(prev)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(len(heads)))
	for _, h := range heads {
		field(h.Incident)
		b = binary.BigEndian.AppendUint64(b, h.Seq)
		field(h.Hash)
	}
	return b
}

// Sign returns the first checkpoint of a chain: heads at now, signed with
// key.
func Sign(key ed25519.PrivateKey, now time.Time, heads []Head) Checkpoint {
	return SignAfter(key, now, heads, "")
}

// SignAfter returns the checkpoint of heads at now that follows the one of
// digest prev, signed with key.
func SignAfter(key ed25519.PrivateKey, now time.Time, heads []Head, prev string) Checkpoint {
	heads = slices.Clone(heads)
	slices.SortFunc(heads, func(a, b Head) int { return cmp.Compare(a.Incident, b.Incident) })
	now = now.UTC()
	return Checkpoint{
		Time:      now,
		Heads:     heads,
		Key:       EncodePublicKey(key.Public().(ed25519.PublicKey)),
		Prev:      prev,
		Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(key, message(now, prev, heads))),
	}
}

// ErrBadSignature: a checkpoint's signature does not verify with the key.
var ErrBadSignature = errors.New("signature does not verify")

// Verify checks the signature with pub (the one the verifier trusts, not
// the one the checkpoint names).
func (c *Checkpoint) Verify(pub ed25519.PublicKey) error {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(pub, message(c.Time, c.Prev, c.Heads), sig) {
		return fmt.Errorf("checkpoint of %s: %w", c.Time.Format(time.RFC3339), ErrBadSignature)
	}
	if !slices.IsSortedFunc(c.Heads, func(a, b Head) int { return cmp.Compare(a.Incident, b.Incident) }) {
		return fmt.Errorf("checkpoint of %s: heads are not sorted", c.Time.Format(time.RFC3339))
	}
	return nil
}

// Head returns the head the checkpoint saw for incident id.
func (c *Checkpoint) Head(id string) (Head, bool) {
	i, ok := slices.BinarySearchFunc(c.Heads, id, func(h Head, id string) int { return cmp.Compare(h.Incident, id) })
	if !ok {
		return Head{}, false
	}
	return c.Heads[i], true
}

// Check compares an incident's timeline (as stored now) with the head the
// checkpoint saw: the event at that sequence must still be there with that
// hash. It says what is wrong, or returns nil.
func (c *Checkpoint) Check(h Head, events []incident.Event) error {
	return check(c.Time, h, events)
}

func check(at time.Time, h Head, events []incident.Event) error {
	when := at.Format(time.RFC3339)
	n := uint64(len(events))
	switch {
	case h.Seq == 0:
		return nil // an incident without events: nothing it could lose
	case n < h.Seq:
		return fmt.Errorf("the checkpoint of %s saw event %d (head %.12s…), but the timeline ends at event %d: events were removed", when, h.Seq, h.Hash, n)
	case events[h.Seq-1].Hash != h.Hash:
		return fmt.Errorf("the checkpoint of %s saw event %d with hash %.12s…, the timeline has %.12s… there: the timeline was rewritten", when, h.Seq, h.Hash, events[h.Seq-1].Hash)
	}
	return nil
}

// EncodePublicKey renders a public key as ParsePublicKey reads it.
func EncodePublicKey(pub ed25519.PublicKey) string {
	return keyPrefix + base64.StdEncoding.EncodeToString(pub)
}

// ParsePublicKey reads a public key as EncodePublicKey writes it.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), keyPrefix)
	raw, err := base64.StdEncoding.DecodeString(rest)
	if !ok || err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key %.80q: want %s and %d bytes of base64", s, keyPrefix, ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(raw), nil
}

// LoadOrCreateKey reads the signing key from dir, or creates one (mode 0600)
// with its public key beside it when there is none. created says which.
func LoadOrCreateKey(dir string) (key ed25519.PrivateKey, created bool, err error) {
	path := filepath.Join(dir, KeyFile)
	raw, err := os.ReadFile(path)
	switch {
	case err == nil:
		seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, false, fmt.Errorf("%s: not a checkpoint key (%d bytes of base64)", path, ed25519.SeedSize)
		}
		key = ed25519.NewKeyFromSeed(seed)
	case errors.Is(err, fs.ErrNotExist):
		_, key, err = ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, false, fmt.Errorf("generate checkpoint key: %w", err)
		}
		if err := writeNew(path, base64.StdEncoding.EncodeToString(key.Seed())+"\n"); err != nil {
			return nil, false, err
		}
		created = true
	default:
		return nil, false, err
	}
	pub := EncodePublicKey(key.Public().(ed25519.PublicKey)) + "\n"
	pubPath := filepath.Join(dir, PublicKeyFile)
	if have, err := os.ReadFile(pubPath); err != nil || string(have) != pub {
		if err := os.WriteFile(pubPath, []byte(pub), 0o600); err != nil {
			return nil, false, err
		}
	}
	return key, created, nil
}

// writeNew writes a new file of mode 0600 and syncs it.
func writeNew(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// Append adds c to the checkpoint file at path (created 0600) and syncs it.
func Append(path string, c Checkpoint) error {
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// Seen is what a series of checkpoints saw: every distinct head of every
// incident, each with the first checkpoint that saw it. A timeline only
// grows, so every head any checkpoint saw must still be in it; checking
// them all, not just the latest, also catches a timeline cut while the
// daemon was stopped and signed again by the checkpoints after.
type Seen struct {
	// Checkpoints is how many verified; Latest is the time of the last.
	Checkpoints int
	Latest      time.Time
	// Gaps say where the chain is broken: a checkpoint that does not
	// follow the one read before it (checkpoints removed between them, or
	// before the first one read).
	Gaps  []error
	heads map[string][]seenHead
}

type seenHead struct {
	Head
	at time.Time
}

// Incidents lists the incidents any checkpoint saw, sorted.
func (s *Seen) Incidents() []string {
	ids := make([]string, 0, len(s.heads))
	for id := range s.heads {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// HeadsSeen is how many distinct heads of incident id the checkpoints saw.
func (s *Seen) HeadsSeen(id string) int { return len(s.heads[id]) }

// Saw reports whether any checkpoint saw incident id.
func (s *Seen) Saw(id string) bool {
	_, ok := s.heads[id]
	return ok
}

// Check compares an incident's timeline, as stored now, with every head
// the checkpoints saw of it, and returns what is wrong with the earliest
// head that is no longer there.
func (s *Seen) Check(id string, events []incident.Event) error {
	for _, h := range s.heads[id] {
		if err := check(h.at, h.Head, events); err != nil {
			return err
		}
	}
	return nil
}

func (s *Seen) add(c *Checkpoint) {
	s.Checkpoints++
	if c.Time.After(s.Latest) {
		s.Latest = c.Time
	}
	for _, h := range c.Heads {
		hs := s.heads[h.Incident]
		i := slices.IndexFunc(hs, func(x seenHead) bool { return x.Head == h })
		switch {
		case i < 0:
			s.heads[h.Incident] = append(hs, seenHead{h, c.Time})
		case c.Time.Before(hs[i].at):
			hs[i].at = c.Time
		}
	}
}

// sort puts each incident's heads in the order they were first seen, so
// that Check names the earliest that is gone.
func (s *Seen) sort() {
	for _, hs := range s.heads {
		slices.SortFunc(hs, func(a, b seenHead) int { return a.at.Compare(b.at) })
	}
}

// maxLine bounds one line of a checkpoint file or log.
const maxLine = 256 << 20

// Read reads checkpoints from r, one a line: either a checkpoint as Append
// writes it (or the stream holds it), or a log line that carries one in
// its "checkpoint" field (as breachd logged them before it logged only
// their digests); other lines are skipped. It returns what those whose
// signature verifies with pub saw, and a problem for each line that looks
// like a checkpoint but does not verify: forged, or altered.
func Read(r io.Reader, pub ed25519.PublicKey) (*Seen, []error, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	seen := &Seen{heads: map[string][]seenHead{}}
	var problems []error
	var last *Checkpoint
	lastLine := 0
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var probe struct {
			Checkpoint *Checkpoint `json:"checkpoint"`
			Signature  string      `json:"signature"`
		}
		if json.Unmarshal(line, &probe) != nil {
			continue
		}
		c := probe.Checkpoint
		if c == nil {
			if probe.Signature == "" {
				continue
			}
			c = new(Checkpoint)
			if err := json.Unmarshal(line, c); err != nil {
				problems = append(problems, fmt.Errorf("line %d: %w", n, err))
				continue
			}
		}
		if err := c.Verify(pub); err != nil {
			problems = append(problems, fmt.Errorf("line %d: %w", n, err))
			continue
		}
		switch {
		case last != nil && c.Prev != last.Digest() && !sameCheckpoint(c, last):
			seen.Gaps = append(seen.Gaps, fmt.Errorf("line %d: the checkpoint of %s does not follow the one of line %d: checkpoints were removed between them", n, c.Time.Format(time.RFC3339), lastLine))
		case last == nil && c.Prev != "":
			seen.Gaps = append(seen.Gaps, fmt.Errorf("line %d: the checkpoint of %s follows one that is not here: checkpoints before it were removed (or the log was rotated)", n, c.Time.Format(time.RFC3339)))
		}
		if !sameCheckpoint(c, last) {
			last, lastLine = c, n
		}
		seen.add(c)
	}
	seen.sort()
	return seen, problems, sc.Err()
}

// sameCheckpoint: a log may carry a checkpoint twice (the file's line and
// the log's); the second is no link of the chain.
func sameCheckpoint(a, b *Checkpoint) bool { return a != nil && b != nil && a.Signature == b.Signature }

// LastDigest is the Digest of the last checkpoint in the file at path, for
// the next one to follow; "" when there is no file or no checkpoint in it.
// It reads the file's tail, which holds the last checkpoint (one is at most
// a few hundred KiB), not the whole file, which only grows.
func LastDigest(path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	from := max(st.Size()-tailSize, 0)
	tail := make([]byte, st.Size()-from)
	if _, err := f.ReadAt(tail, from); err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	lines := bytes.Split(tail, []byte("\n"))
	if from > 0 {
		lines = lines[1:] // the first may be cut
	}
	for i := len(lines) - 1; i >= 0; i-- {
		var c Checkpoint
		if json.Unmarshal(lines[i], &c) == nil && c.Signature != "" {
			return c.Digest(), nil
		}
	}
	if from == 0 {
		return "", nil
	}
	// No whole checkpoint in the tail: read it all.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	last := ""
	for sc.Scan() {
		var c Checkpoint
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Signature != "" {
			last = c.Digest()
		}
	}
	return last, sc.Err()
}

// tailSize is how much of the checkpoint file LastDigest reads first.
const tailSize = 2 << 20
