package drafts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
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

// FromNarrative fills in the narrative and the delay section of in from
// the texts people recorded, by key. An unknown key is an error naming it.
func (in *Input) FromNarrative(texts map[string]string) error {
	rest := map[string]string{}
	for k, v := range texts {
		switch k {
		case KeyDelayReason:
			in.DelayReason = v
		case KeyDelayEvidence:
			in.DelayEvidence = v
		default:
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
