package drafts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Narrative keys that are not Narrative fields: the reasons-for-delay
// section's inputs (Input.DelayReason, Input.DelayEvidence).
const (
	KeyDelayReason   = "delay_reason"
	KeyDelayEvidence = "delay_evidence"
)

// NarrativeKeys lists the keys people may write narrative under: the
// Narrative fields in snake_case and the delay keys, sorted.
func NarrativeKeys() []string {
	keys := []string{KeyDelayReason, KeyDelayEvidence}
	t := reflect.TypeFor[Narrative]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	slices.Sort(keys)
	return keys
}

// ElementKey is the narrative key that answers element n (from 1) of the
// catalog's content list of regime, for a draft drawn from the catalog:
// "us_wa_19_255_ag_2020.3".
func ElementKey(regime string, n int) string { return regime + "." + strconv.Itoa(n) }

// ParseElementKey splits an ElementKey; ok is false for any other key.
func ParseElementKey(key string) (regime string, n int, ok bool) {
	i := strings.LastIndexByte(key, '.')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(key[i+1:])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return key[:i], n, true
}

// FromNarrative fills in the narrative and the delay section of in from
// the texts people recorded, by key; an ElementKey goes to Answers. An
// unknown key is an error naming it.
func (in *Input) FromNarrative(texts map[string]string) error {
	rest := map[string]string{}
	for k, v := range texts {
		switch {
		case k == KeyDelayReason:
			in.DelayReason = v
		case k == KeyDelayEvidence:
			in.DelayEvidence = v
		default:
			if _, _, ok := ParseElementKey(k); ok {
				if in.Answers == nil {
					in.Answers = map[string]string{}
				}
				in.Answers[k] = v
				continue
			}
			rest[k] = v
		}
	}
	raw, err := json.Marshal(rest)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in.Narrative); err != nil {
		return fmt.Errorf("%w: narrative: %v (known keys: %s)", ErrInvalidInput, err, strings.Join(NarrativeKeys(), ", "))
	}
	return nil
}
