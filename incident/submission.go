package incident

import (
	stdjson "encoding/json"
	"fmt"
	"maps"
	"time"
	"unicode/utf8"
)

// MaxRefLen bounds a submission's reference.
const MaxRefLen = 256

// maxClockSkew is how far in the future a submission time may be: a clock
// a little ahead of ours, not a report filed tomorrow.
const maxClockSkew = 5 * time.Minute

// Submission is one notification filed with its recipient: the regime it
// fulfils, when it was filed, the recipient's reference (a case number, a
// ticket, an e-mail's message id) and who recorded it.
type Submission struct {
	Regime     string    `json:"regime"`
	At         time.Time `json:"at"`
	Ref        string    `json:"ref,omitempty"`
	By         string    `json:"by"`
	RecordedAt time.Time `json:"recorded_at"`
	// Draft is the notification draft as it stood when the filing was
	// recorded: its name and the SHA-256 of its bytes, which the store
	// keeps beside the timeline. The hash is in the chain, so the text
	// an evidence bundle carries is the text that was filed. Nil when the
	// regime has no draft template.
	Draft *FiledDraft `json:"draft,omitempty"`
}

// FiledDraft names a draft as filed: its file name (INC-…-regime.md), its
// format and the hex SHA-256 of its bytes.
type FiledDraft struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
}

// RecordSubmission records that the notice of regime was filed at at (zero
// means now) under the recipient's reference ref, as actor. The filing time
// goes into the facts' submitted map, where the engine marks the obligation
// fulfilled and starts the next phase's clock; a later filing for the same
// regime (an updated report) replaces that time and is listed too. draft,
// when not nil, is the draft as filed (see Submission.Draft). check is the
// regulation catalog's check of the new facts (it knows the regime ids).
func (inc *Incident) RecordSubmission(regime string, at time.Time, ref, actor string, draft *FiledDraft, check func(*Facts) error, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if inc.Facts == nil {
		return nil, Invalidf("%s has no breach facts yet: record them first (aware_at at least)", inc.ID)
	}
	switch {
	case regime == "":
		return nil, Invalidf("regime is required")
	case len(ref) > MaxRefLen || !utf8.ValidString(ref):
		return nil, Invalidf("ref must be valid UTF-8 of at most %d bytes", MaxRefLen)
	}
	if at.IsZero() {
		at = now.Truncate(time.Second)
	}
	at = at.UTC()
	if at.After(now.Add(maxClockSkew)) {
		return nil, Invalidf("submission time %s is in the future", at.Format(time.RFC3339))
	}
	f := inc.Facts.Clone()
	f.Submitted = maps.Clone(f.Submitted)
	if f.Submitted == nil {
		f.Submitted = map[string]time.Time{}
	}
	f.Submitted[regime] = at
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(f); err != nil {
			return nil, err
		}
	}
	s := Submission{Regime: regime, At: at, Ref: ref, By: actor, RecordedAt: now.UTC().Truncate(time.Second), Draft: draft}
	inc.Facts = f
	inc.Submissions = append(inc.Submissions, s)
	inc.UpdatedAt = now.UTC()
	e, err := inc.record(now, actor, EventSubmissionRecorded, s)
	if err != nil {
		return nil, fmt.Errorf("record submission: %w", err)
	}
	return []Event{e}, nil
}

// FiledAt is a draft as filed and the sequence number of the submission
// event that names it.
type FiledAt struct {
	Seq   uint64
	Draft FiledDraft
}

// FiledDrafts lists the drafts that the submission events of a timeline
// name, in timeline order. An event whose data does not decode names none
// (Replay reports it).
func FiledDrafts(events []Event) []FiledAt {
	var out []FiledAt
	for _, e := range events {
		if e.Type != EventSubmissionRecorded {
			continue
		}
		var s Submission
		if stdjson.Unmarshal(e.Data, &s) != nil || s.Draft == nil {
			continue
		}
		out = append(out, FiledAt{Seq: e.Seq, Draft: *s.Draft})
	}
	return out
}
