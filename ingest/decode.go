package ingest

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/jsonerr"
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
// Unknown fields and repeated fields are refused, so that a misspelt optional
// field is not lost silently and no field is read two ways. Every error is a
// *RejectError.
func DecodeNative(data []byte) (*incident.Alert, error) {
	if len(data) > MaxAlertSize {
		return nil, reject(ReasonTooLarge, "alert is %d bytes, over the limit of %d", len(data), MaxAlertSize)
	}
	if !utf8.Valid(data) {
		return nil, reject(ReasonInvalidUTF8, "alert is not valid UTF-8")
	}
	var a incident.Alert
	if err := json.Unmarshal(data, &a, json.RejectUnknownMembers(true)); err != nil {
		return nil, classifyJSON(err)
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

// classifyJSON turns a decoding error into a reason and a sentence that names
// the field, as a JSON path with dots (personal_data.subjects).
func classifyJSON(err error) *RejectError {
	var (
		sem *json.SemanticError
		syn *jsontext.SyntacticError
	)
	switch {
	case errors.As(err, &syn):
		switch {
		case errors.Is(syn.Err, io.ErrUnexpectedEOF):
			return reject(ReasonMalformed, "not JSON: the alert is empty or cut short")
		case strings.Contains(syn.Err.Error(), "duplicate"):
			return reject(ReasonMalformed, "field %q appears twice", jsonerr.Path(syn.JSONPointer))
		case strings.Contains(syn.Err.Error(), "after top-level value"):
			return reject(ReasonMalformed, "unexpected data after the alert object (at byte %d)", syn.ByteOffset)
		}
		return reject(ReasonMalformed, "not JSON: %v (at byte %d)", syn.Err, syn.ByteOffset)
	case errors.As(err, &sem):
		field := jsonerr.Path(sem.JSONPointer)
		switch {
		case errors.Is(sem.Err, json.ErrUnknownName):
			return reject(ReasonUnknownField, "unknown field %q (schema v1 fields: id, source, kind, time, severity, title, description, fingerprint, asset, labels, personal_data)", field)
		case errors.Is(sem.Err, incident.ErrInvalid):
			return reject(ReasonInvalidField, "%v", sem.Err)
		case sem.GoType == reflect.TypeFor[time.Time]():
			return reject(ReasonWrongType, "field %s must be an RFC 3339 timestamp such as 2026-03-10T14:20:00Z", field)
		case sem.JSONPointer == "":
			return reject(ReasonWrongType, "alert must be a JSON object, got %s", jsonerr.Got(sem.JSONKind))
		}
		return reject(ReasonWrongType, "field %s must be %s, got %s", field, jsonerr.Want(sem.GoType), jsonerr.Got(sem.JSONKind))
	}
	return reject(ReasonMalformed, "not a valid alert: %v", err)
}
