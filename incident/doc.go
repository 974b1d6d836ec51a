// Package incident holds breachd's domain: alerts, incidents, their timeline
// events, triage (fingerprinting, de-duplication and correlation) and the
// incident lifecycle.
//
// The package decides and never performs: functions take the current state, the
// input and the time, and return the new state and the events to record. It does
// no I/O, does not log and never reads the clock. Callers (the ingest pipeline,
// the use cases of package respond) persist what it returns.
//
// Besides the standard library it imports only
// github.com/go-json-experiment/json, to decode breach facts strictly (an
// unknown or repeated key is an error that names it), and two helpers of
// this module: internal/jsonerr, which words those decoding errors, and
// internal/text, which shortens a description without splitting a
// character. It imports no transport and no storage: no NATS, bbolt, Slack
// or zerolog.
package incident
