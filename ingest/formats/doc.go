// Package formats decodes the alert formats security tools already produce
// into breachd's one internal alert, incident.Alert: the native schema, OCSF
// findings, Falco events as Falcosidekick forwards them, Alertmanager
// webhooks, CloudEvents envelopes around any of these, AWS GuardDuty and
// Security Hub (ASFF) findings, and Wazuh alerts.
//
// Each decoder is a pure function of the bytes (and, for CloudEvents in
// binary mode, the headers). It maps the format's severity into the five
// native levels, derives a stable id and fingerprint, and refuses a payload
// that decodes but lacks what triage needs with a *RejectError whose reason
// is ReasonMissingField and whose message names the field in the format's
// own terms. Choosing the decoder for a message (by subject, header or
// content) is the caller's business; Sniff helps with the content.
package formats
