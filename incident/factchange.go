package incident

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// MaxStoredFacts bounds an incident's facts, encoded.
const MaxStoredFacts = 64 << 10

// FactChange is one fact that changed: its key, and its JSON value before
// and after (null when it was or became unset).
type FactChange struct {
	Field string         `json:"field"`
	Old   jsontext.Value `json:"old"`
	New   jsontext.Value `json:"new"`
}

// factsChangedData is the payload of a facts_changed event. Source says
// where the values came from when it was not a person: an alert id or
// "data_map".
type factsChangedData struct {
	Changes []FactChange `json:"changes"`
	Source  string       `json:"source,omitempty"`
}

// PatchFacts returns a copy of f with the keys of patch, a JSON object of
// facts, set; a key set to null is unset. f may be nil (no facts yet). Keys
// and values are decoded as strictly as ParseFacts and the errors name the
// key. The result is not validated.
func (f *Facts) PatchFacts(patch []byte) (*Facts, error) {
	if len(patch) > MaxFactsSize {
		return nil, fmt.Errorf("%w: the document is over %d bytes", ErrInvalidFacts, MaxFactsSize)
	}
	if !utf8.Valid(patch) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidFacts)
	}
	var set map[string]jsontext.Value
	if err := json.Unmarshal(patch, &set); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidFacts, describeJSONError(err))
	}
	if set == nil {
		return nil, fmt.Errorf("%w: facts must be a JSON object", ErrInvalidFacts)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%w: no facts given", ErrInvalidFacts)
	}
	have, err := f.fields()
	if err != nil {
		return nil, err
	}
	for k, v := range set {
		if v.Kind() == 'n' {
			delete(have, k)
		} else {
			have[k] = v
		}
	}
	doc, err := json.Marshal(have, json.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("encode facts: %w", err)
	}
	return ParseFacts(doc)
}

// fields returns the facts as a map from key to JSON value, set keys only.
func (f *Facts) fields() (map[string]jsontext.Value, error) {
	m := map[string]jsontext.Value{}
	if f == nil {
		return m, nil
	}
	doc, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode facts: %w", err)
	}
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, fmt.Errorf("decode facts: %w", err)
	}
	if f.AwareAt.IsZero() {
		delete(m, "aware_at")
	}
	return m, nil
}

// DiffFacts lists the facts that differ between before and after (either
// may be nil), sorted by key.
func DiffFacts(before, after *Facts) ([]FactChange, error) {
	a, err := before.fields()
	if err != nil {
		return nil, err
	}
	b, err := after.fields()
	if err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	null := jsontext.Value("null")
	var changes []FactChange
	for _, k := range keys {
		old, okOld := a[k]
		nu, okNew := b[k]
		if !okOld {
			old = null
		}
		if !okNew {
			nu = null
		}
		if !bytes.Equal(canonical(old), canonical(nu)) {
			changes = append(changes, FactChange{Field: k, Old: canonical(old), New: canonical(nu)})
		}
	}
	return changes, nil
}

func canonical(v jsontext.Value) jsontext.Value {
	c := slices.Clone(v)
	if err := c.Canonicalize(); err != nil {
		return v
	}
	return c
}

// SetFacts replaces the incident's breach facts with f, as actor, and
// records one facts_changed event listing every changed key with its old and
// new value. f must pass Validate and check (the regulation catalog's own
// checks; nil skips them); nothing changes otherwise. Facts equal to the
// current ones record nothing.
func (inc *Incident) SetFacts(f *Facts, actor string, check func(*Facts) error, now time.Time) ([]Event, error) {
	return inc.setFacts(f, actor, "", check, now)
}

func (inc *Incident) setFacts(f *Facts, actor, source string, check func(*Facts) error, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(f); err != nil {
			return nil, err
		}
	}
	// The facts live in the incident record, which every alert about the
	// incident rewrites: they stay small.
	if raw, err := json.Marshal(f); err != nil || len(raw) > MaxStoredFacts {
		return nil, fmt.Errorf("%w: the facts would be %d bytes, over the limit of %d", ErrInvalidFacts, len(raw), MaxStoredFacts)
	}
	changes, err := DiffFacts(inc.Facts, f)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	inc.Facts = f
	inc.UpdatedAt = now.UTC()
	e, err := inc.record(now, actor, EventFactsChanged, factsChangedData{Changes: changes, Source: source})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}

// PatchFacts applies patch (see Facts.PatchFacts) to the incident's facts
// and records the change as SetFacts does. On an incident without facts,
// aware_at defaults to the time of its first alert: the earliest moment
// the organisation can be said to have known, so that no clock starts late.
func (inc *Incident) PatchFacts(patch []byte, actor string, check func(*Facts) error, now time.Time) ([]Event, error) {
	f, err := inc.Facts.PatchFacts(patch)
	if err != nil {
		return nil, err
	}
	if inc.Facts == nil && f.AwareAt.IsZero() {
		f.AwareAt = inc.FirstSeen.UTC()
	}
	return inc.SetFacts(f, actor, check, now)
}

// Clone returns a deep copy of the facts.
func (f *Facts) Clone() *Facts {
	if f == nil {
		return nil
	}
	c := *f
	c.Jurisdictions = slices.Clone(f.Jurisdictions)
	c.Certifications = slices.Clone(f.Certifications)
	c.DataCategories = slices.Clone(f.DataCategories)
	c.DataSubjectsByJurisdiction = maps.Clone(f.DataSubjectsByJurisdiction)
	c.ResidentsByState = maps.Clone(f.ResidentsByState)
	c.Submitted = maps.Clone(f.Submitted)
	c.Holds = slices.Clone(f.Holds)
	c.Timezones = maps.Clone(f.Timezones)
	// Pointers to scalars are replaced, never written through, so sharing
	// them is safe.
	return &c
}
