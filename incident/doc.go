// Package incident holds breachd's domain: alerts, incidents, their timeline
// events, triage (fingerprinting, de-duplication and correlation) and the
// incident lifecycle.
//
// The package decides and never performs: functions take the current state, the
// input and the time, and return the new state and the events to record. It uses
// the standard library only; it does no I/O, does not log and never reads the
// clock. Callers (the ingest pipeline, the HTTP API) persist what it returns.
package incident
