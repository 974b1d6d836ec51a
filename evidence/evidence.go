// Package evidence writes and verifies an incident's evidence bundle: a zip
// an auditor can check on a machine that has never seen breachd. It holds
// the incident record, its hash-chained timeline, its obligations and
// playbook runs, the drafts as filed, the signed checkpoints that saw its
// timeline and the public key they verify with.
package evidence

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/incident"
)

// The files of a bundle.
const (
	IncidentFile    = "incident.json"
	TimelineFile    = "timeline.json"
	ObligationsFile = "obligations.json"
	RunsFile        = "runs.json"
	CheckpointsFile = "checkpoints.jsonl"
	PublicKeyFile   = "checkpoint.pub"
	ReadmeFile      = "README.txt"
	// FiledDir holds the drafts as filed, one a submission that kept one,
	// named SEQ-NAME after the submission event that holds its SHA-256.
	FiledDir = "filed/"
)

// maxFile bounds one file of a bundle when it is read back.
const maxFile = 256 << 20

// Bundle is what goes into the zip.
type Bundle struct {
	Incident    *incident.Incident
	Events      []incident.Event
	Obligations any
	Runs        any
	// Checkpoints are the checkpoint lines (as checkpoints.jsonl holds
	// them) that saw the incident's timeline, whole, so that each
	// signature still verifies; PublicKey the key they verify with.
	Checkpoints []byte
	PublicKey   string
	// FiledDrafts are the drafts as filed, by the hex SHA-256 that the
	// timeline's submission events name.
	FiledDrafts map[string][]byte
	// At is when the bundle was made.
	At time.Time
}

// Write writes b as a zip to w.
func Write(w io.Writer, b Bundle) error {
	z := zip.NewWriter(w)
	put := func(name string, data []byte) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: b.At})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	putJSON := func(name string, v any) error {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return put(name, append(data, '\n'))
	}
	steps := []func() error{
		func() error { return putJSON(IncidentFile, b.Incident) },
		func() error { return putJSON(TimelineFile, b.Events) },
		func() error { return putJSON(ObligationsFile, b.Obligations) },
		func() error { return putJSON(RunsFile, b.Runs) },
		func() error { return put(CheckpointsFile, b.Checkpoints) },
		func() error { return put(PublicKeyFile, []byte(strings.TrimSpace(b.PublicKey)+"\n")) },
		func() error { return put(ReadmeFile, []byte(readme(b))) },
	}
	for _, f := range incident.FiledDrafts(b.Events) {
		steps = append(steps, func() error {
			body, ok := b.FiledDrafts[f.Draft.SHA256]
			if !ok {
				return fmt.Errorf("the draft filed at event %d (%s) is missing", f.Seq, f.Draft.Name)
			}
			return put(filedFile(f), body)
		})
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return z.Close()
}

func readme(b Bundle) string {
	return fmt.Sprintf(`Evidence of incident %s, made %s.

%s     the incident record
%s     its timeline: every event with its hash; each hash covers the event and the one before
%s  its notification obligations
%s         its playbook runs
%s  signed checkpoints that saw its timeline (Ed25519)
%s    the public key of the checkpoints; compare it with the one breachd logged at start
%s          the drafts as filed, SEQ-NAME: the submission event SEQ of the timeline holds its SHA-256

Check it: breachctl verify --bundle FILE --key PUBLIC-KEY
(the chain from event 1 to the head, the record against what its events say,
and every head a checkpoint saw still in the timeline)
`, b.Incident.ID, b.At.UTC().Format(time.RFC3339), IncidentFile, TimelineFile, ObligationsFile, RunsFile, CheckpointsFile, PublicKeyFile, FiledDir)
}

// filedFile is the name in a bundle of the draft filed at f.
func filedFile(f incident.FiledAt) string {
	return fmt.Sprintf("%s%d-%s", FiledDir, f.Seq, path.Base(f.Draft.Name))
}

// Report is what verifying a bundle found.
type Report struct {
	Incident string `json:"incident"`
	Events   int    `json:"events"`
	Head     string `json:"head"`
	// HeadsChecked is how many heads of the timeline, signed by verified
	// checkpoints, were found still in it.
	HeadsChecked int `json:"heads_checked"`
	// DraftsChecked is how many drafts as filed matched the SHA-256 their
	// submission event holds.
	DraftsChecked int `json:"drafts_checked"`
	// Problems are what is wrong; none means the bundle is intact.
	Problems []string `json:"problems"`
}

// Verify checks a bundle: the timeline is one unbroken chain from event 1,
// its last event is the record's head, the record says what its events
// say, and, when pub is given, every head a checkpoint signed with it saw
// is still in the timeline (a checkpoint that does not verify is a
// problem). Without pub, the bundle's own public key is not trusted and the
// checkpoints are not checked.
func Verify(r io.ReaderAt, size int64, pub ed25519.PublicKey) (Report, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return Report{}, fmt.Errorf("not an evidence bundle: %w", err)
	}
	read := func(name string) ([]byte, error) {
		f, err := z.Open(name)
		if err != nil {
			return nil, fmt.Errorf("the bundle has no %s: %w", name, err)
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
		if err == nil && len(data) > maxFile {
			err = fmt.Errorf("%s is over %d bytes", name, maxFile)
		}
		return data, err
	}
	var inc incident.Incident
	var events []incident.Event
	for _, f := range []struct {
		name string
		v    any
	}{{IncidentFile, &inc}, {TimelineFile, &events}} {
		data, err := read(f.name)
		if err != nil {
			return Report{}, err
		}
		if err := json.Unmarshal(data, f.v); err != nil {
			return Report{}, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	rep := Report{Incident: inc.ID, Events: len(events), Head: inc.TimelineHead}
	problem := func(format string, args ...any) { rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...)) }
	if len(events) == 0 {
		problem("the timeline has no events")
		return rep, nil
	}
	if seq, err := incident.VerifyChain(events); err != nil {
		problem("the timeline is broken at event %d: %v", seq, err)
	}
	for _, e := range events {
		if e.Incident != inc.ID {
			problem("event %d belongs to %s, not %s", e.Seq, e.Incident, inc.ID)
			break
		}
	}
	last := events[len(events)-1]
	if last.Seq != inc.TimelineSeq || last.Hash != inc.TimelineHead {
		problem("the timeline ends at event %d (%.12s…) but the record's head is event %d (%.12s…)", last.Seq, last.Hash, inc.TimelineSeq, inc.TimelineHead)
	}
	ms, err := inc.CheckAgainst(events)
	if err != nil {
		problem("the timeline contradicts itself: %v", err)
	}
	for _, m := range ms {
		problem("%s", m.String())
	}
	for _, f := range incident.FiledDrafts(events) {
		body, err := read(filedFile(f))
		if err != nil {
			problem("the draft filed at event %d is not in the bundle (%s)", f.Seq, filedFile(f))
			continue
		}
		if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != f.Draft.SHA256 {
			problem("%s is not the draft that was filed: its SHA-256 is %x, event %d says %s", filedFile(f), sum, f.Seq, f.Draft.SHA256)
			continue
		}
		rep.DraftsChecked++
	}
	if pub == nil {
		return rep, nil
	}
	data, err := read(CheckpointsFile)
	if err != nil {
		return rep, err
	}
	seen, bad, err := checkpoint.Read(bufio.NewReader(bytes.NewReader(data)), pub)
	if err != nil {
		return rep, fmt.Errorf("%s: %w", CheckpointsFile, err)
	}
	for _, e := range bad {
		problem("%v", e)
	}
	if !seen.Saw(inc.ID) {
		problem("no checkpoint signed with the key saw the timeline")
		return rep, nil
	}
	if err := seen.Check(inc.ID, events); err != nil {
		problem("%v", err)
	} else {
		rep.HeadsChecked = seen.HeadsSeen(inc.ID)
	}
	return rep, nil
}

// SelectCheckpoints returns the lines of a checkpoint file that saw
// incident id, whole (a line cut to the incident's head would no longer
// verify).
func SelectCheckpoints(r io.Reader, id string) ([]byte, error) {
	var out bytes.Buffer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxFile)
	for sc.Scan() {
		var c checkpoint.Checkpoint
		if json.Unmarshal(sc.Bytes(), &c) != nil {
			continue
		}
		if _, ok := c.Head(id); ok {
			out.Write(sc.Bytes())
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), sc.Err()
}
