package formats

import (
	"errors"
	"fmt"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/jsonerr"
)

// MaxAlertSize is the largest message accepted, in bytes.
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
	// ReasonMissingField: the payload is a well-formed message of its
	// format but lacks a field triage needs (an id, a time, a severity, an
	// asset, a title); the error names the field in the format's terms.
	ReasonMissingField = "missing_field"
)

// RejectReasons lists every rejection reason.
func RejectReasons() []string {
	return []string{ReasonTooLarge, ReasonInvalidUTF8, ReasonMalformed, ReasonWrongType,
		ReasonUnknownField, ReasonInvalidField, ReasonFutureTime, ReasonMissingField}
}

// RejectError says why a message cannot be used. Reason is one of the Reason
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

// missing rejects a payload of format f that lacks field; need says what
// triage would have used it for.
func missing(f Format, field, need string) *RejectError {
	return missingIn(f.Title(), field, need)
}

// missingIn is missing for a document named what ("GuardDuty finding").
func missingIn(what, field, need string) *RejectError {
	return reject(ReasonMissingField, "%s %s is missing: breachd needs it for %s", what, field, need)
}

// checkBytes applies the limits every format shares: size and UTF-8.
func checkBytes(data []byte) error {
	if len(data) > MaxAlertSize {
		return reject(ReasonTooLarge, "message is %d bytes, over the limit of %d", len(data), MaxAlertSize)
	}
	if !isUTF8(data) {
		return reject(ReasonInvalidUTF8, "message is not valid UTF-8")
	}
	return nil
}

// classifyJSON turns a decoding error into a reason and a sentence that names
// the field, as a JSON path with dots (personal_data.subjects). what names
// the document ("alert", "OCSF finding"); unknown is the hint given for an
// unknown field, which only the strict native decoder reports.
func classifyJSON(err error, what, unknown string) *RejectError {
	p := jsonerr.Classify(err)
	switch p.Kind {
	case jsonerr.Other:
		return reject(ReasonMalformed, "not a valid %s: %v", what, err)
	case jsonerr.Truncated:
		return reject(ReasonMalformed, "not JSON: the %s is empty or cut short", what)
	case jsonerr.Duplicate:
		return reject(ReasonMalformed, "field %q appears twice", p.Path)
	case jsonerr.Trailing:
		return reject(ReasonMalformed, "unexpected data after the %s object (at byte %d)", what, p.Offset)
	case jsonerr.Syntax:
		return reject(ReasonMalformed, "not JSON: %v (at byte %d)", p.Err, p.Offset)
	case jsonerr.UnknownField:
		return reject(ReasonUnknownField, "unknown field %q (%s)", p.Path, unknown)
	}
	// A value our own types refused (incident.Severity and the like) says
	// why in its own words.
	if errors.Is(p.Err, incident.ErrInvalid) {
		return reject(ReasonInvalidField, "%v", p.Err)
	}
	switch p.Kind {
	case jsonerr.Timestamp:
		return reject(ReasonWrongType, "field %s must be an RFC 3339 timestamp such as 2026-03-10T14:20:00Z", p.Path)
	case jsonerr.TopLevel:
		return reject(ReasonWrongType, "%s must be a JSON object, got %s", what, p.Got)
	}
	return reject(ReasonWrongType, "field %s must be %s, got %s", p.Path, p.Want, p.Got)
}

func asReject(err error, target **RejectError) bool { return errors.As(err, target) }

// prefixErr puts context before an error's message, keeping it unwrappable.
func prefixErr(prefix string, err error) error { return fmt.Errorf("%s%w", prefix, err) }
