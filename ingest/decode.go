package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/breachd/breachd/incident"
)

// MaxAlertSize is the largest alert accepted, in bytes.
const MaxAlertSize = 256 << 10

// Reasons a message is rejected. They are the values of the "reason" label
// of breachd_alerts_rejected_total and of the dead-letter reason header.
const (
	ReasonTooLarge     = "too_large"
	ReasonInvalidUTF8  = "invalid_utf8"
	ReasonMalformed    = "malformed_json"
	ReasonWrongType    = "wrong_type"
	ReasonUnknownField = "unknown_field"
	ReasonInvalidField = "invalid_field"
	ReasonFutureTime   = "future_time"
)

// RejectReasons lists every rejection reason.
func RejectReasons() []string {
	return []string{ReasonTooLarge, ReasonInvalidUTF8, ReasonMalformed, ReasonWrongType,
		ReasonUnknownField, ReasonInvalidField, ReasonFutureTime}
}

// RejectError says why an alert cannot be used. Reason is one of the Reason
// constants; Err has the detail.
type RejectError struct {
	Reason string
	Err    error
}

func (e *RejectError) Error() string { return e.Reason + ": " + e.Err.Error() }
func (e *RejectError) Unwrap() error { return e.Err }

func reject(reason string, format string, args ...any) *RejectError {
	return &RejectError{Reason: reason, Err: fmt.Errorf(format, args...)}
}

// DecodeNative decodes and validates one alert in the native JSON schema v1.
// Unknown fields are refused so that a misspelt optional field is not lost
// silently. Every error is a *RejectError.
func DecodeNative(data []byte) (*incident.Alert, error) {
	if len(data) > MaxAlertSize {
		return nil, reject(ReasonTooLarge, "alert is %d bytes, over the limit of %d", len(data), MaxAlertSize)
	}
	if !utf8.Valid(data) {
		return nil, reject(ReasonInvalidUTF8, "alert is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var a incident.Alert
	if err := dec.Decode(&a); err != nil {
		return nil, classifyJSON(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, reject(ReasonMalformed, "unexpected data after the alert object")
	}
	if err := a.Validate(); err != nil {
		return nil, &RejectError{Reason: ReasonInvalidField, Err: err}
	}
	return &a, nil
}

// CheckTime applies the future-time rule to a decoded alert.
func CheckTime(a *incident.Alert, now time.Time, skew time.Duration) error {
	if err := a.CheckTime(now, skew); err != nil {
		return &RejectError{Reason: ReasonFutureTime, Err: err}
	}
	return nil
}

func classifyJSON(err error) *RejectError {
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
		timeErr   *time.ParseError
	)
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return reject(ReasonWrongType, "alert must be a JSON object, got %s", typeErr.Value)
		}
		return reject(ReasonWrongType, "field %s must be %s, got %s", field, jsonType(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return reject(ReasonMalformed, "not JSON: %v (at byte %d)", err, syntaxErr.Offset)
	case errors.As(err, &timeErr):
		return reject(ReasonWrongType, "field time must be an RFC 3339 timestamp such as 2026-03-10T14:20:00Z: %v", err)
	case errors.Is(err, incident.ErrInvalid):
		return reject(ReasonInvalidField, "%v", err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return reject(ReasonMalformed, "not JSON: the alert is empty or cut short")
	}
	if msg := err.Error(); bytes.HasPrefix([]byte(msg), []byte("json: unknown field")) {
		return reject(ReasonUnknownField, "%s (schema v1 fields: id, source, kind, time, severity, title, description, fingerprint, asset, labels, personal_data)", msg[len("json: "):])
	}
	return reject(ReasonMalformed, "not a valid alert: %v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	case "bool":
		return "a boolean"
	case "int", "int32", "int64", "uint64", "float64":
		return "a number"
	}
	return "a " + kind
}
