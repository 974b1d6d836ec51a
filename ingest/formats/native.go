package formats

import (
	"unicode/utf8"

	"github.com/go-json-experiment/json"

	"github.com/breachd/breachd/incident"
)

// nativeFields is the hint given for an unknown field of a native alert.
const nativeFields = "schema v1 fields: id, source, kind, time, severity, title, description, fingerprint, asset, labels, personal_data"

// DecodeNative decodes and validates one alert in the native JSON schema v1.
// Unknown fields and repeated fields are refused, so that a misspelt optional
// field is not lost silently and no field is read two ways. Every error is a
// *RejectError.
func DecodeNative(data []byte) (*incident.Alert, error) {
	return decodeNative(data, nil)
}

// decodeNative decodes a native alert; fill, when set, completes it before
// validation (a CloudEvents envelope lends its id, time and source).
func decodeNative(data []byte, fill func(*incident.Alert)) (*incident.Alert, error) {
	if err := checkBytes(data); err != nil {
		return nil, err
	}
	var a incident.Alert
	if err := json.Unmarshal(data, &a, json.RejectUnknownMembers(true)); err != nil {
		return nil, classifyJSON(err, "alert", nativeFields)
	}
	if fill != nil {
		fill(&a)
	}
	if err := a.Validate(); err != nil {
		return nil, &RejectError{Reason: ReasonInvalidField, Err: err}
	}
	return &a, nil
}

func isUTF8(b []byte) bool { return utf8.Valid(b) }
