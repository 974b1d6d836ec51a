package ingest

import (
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest/formats"
)

// MaxAlertSize is the largest alert message accepted, in bytes.
const MaxAlertSize = formats.MaxAlertSize

// Reasons a message is rejected. They are the values of the "reason" label
// of breachd_alerts_rejected_total and of the dead-letter reason header.
const (
	ReasonTooLarge     = formats.ReasonTooLarge
	ReasonInvalidUTF8  = formats.ReasonInvalidUTF8
	ReasonMalformed    = formats.ReasonMalformed
	ReasonWrongType    = formats.ReasonWrongType
	ReasonUnknownField = formats.ReasonUnknownField
	ReasonInvalidField = formats.ReasonInvalidField
	ReasonFutureTime   = formats.ReasonFutureTime
	ReasonMissingField = formats.ReasonMissingField
)

// RejectReasons lists every rejection reason.
func RejectReasons() []string { return formats.RejectReasons() }

// RejectError says why an alert cannot be used. Reason is one of the Reason
// constants; Err has the detail.
type RejectError = formats.RejectError

// DecodeNative decodes and validates one alert in the native JSON schema v1;
// see formats.DecodeNative.
func DecodeNative(data []byte) (*incident.Alert, error) { return formats.DecodeNative(data) }

// CheckTime applies the future-time rule to a decoded alert.
func CheckTime(a *incident.Alert, now time.Time, skew time.Duration) error {
	if err := a.CheckTime(now, skew); err != nil {
		return &RejectError{Reason: ReasonFutureTime, Err: err}
	}
	return nil
}
