package incident

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of an incident's narrative, which lives in the incident record.
const (
	MaxNarrativeKeys  = 64
	MaxNarrativeText  = MaxNoteLen
	MaxNarrativeTotal = 64 << 10
)

// NarrativeChange is one narrative text that changed; "" is unset.
type NarrativeChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// SetNarrative records what people write about the breach that the facts
// do not hold (its nature, likely consequences, measures taken…), by key;
// an empty text unsets its key. check says whether a key is known (the
// drafts own the list). It records one narrative_changed event with the old
// and new texts; nothing changes on any error, and equal texts record
// nothing.
func (inc *Incident) SetNarrative(texts map[string]string, actor string, check func(key string) error, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return nil, Invalidf("no narrative given")
	}
	var problems []string
	next := maps.Clone(inc.Narrative)
	if next == nil {
		next = map[string]string{}
	}
	for _, k := range slices.Sorted(maps.Keys(texts)) {
		v := texts[k]
		if err := check(k); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		switch {
		case len(v) > MaxNarrativeText:
			problems = append(problems, k+" is over the limit of 16 KiB")
		case !utf8.ValidString(v):
			problems = append(problems, k+" is not valid UTF-8")
		case strings.TrimSpace(v) == "":
			delete(next, k)
		default:
			next[k] = v
		}
	}
	total := 0
	for _, v := range next {
		total += len(v)
	}
	switch {
	case len(next) > MaxNarrativeKeys:
		problems = append(problems, "too many narrative keys")
	case total > MaxNarrativeTotal:
		problems = append(problems, fmt.Sprintf("the narrative would be %d bytes, over the limit of %d", total, MaxNarrativeTotal))
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	var changes []NarrativeChange
	for _, k := range slices.Sorted(maps.Keys(texts)) {
		if old, nu := inc.Narrative[k], next[k]; old != nu {
			changes = append(changes, NarrativeChange{Field: k, Old: old, New: nu})
		}
	}
	if len(changes) == 0 {
		return nil, nil
	}
	if len(next) == 0 {
		next = nil
	}
	inc.Narrative = next
	inc.UpdatedAt = now.UTC()
	e, err := inc.record(now, actor, EventNarrativeChanged, struct {
		Changes []NarrativeChange `json:"changes"`
	}{changes})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}
