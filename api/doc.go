// Package api is breachd's HTTP API: alert intake, reading incidents and
// their timelines, lifecycle actions, health, metrics and hot backups.
//
// Responses are JSON. Errors are {"error": "..."} with a status that says
// whose fault it was: 400 bad input, 401 missing or wrong token, 404 no such
// incident, 409 a lifecycle move the incident's status forbids, 413 too large,
// 503 the stream is unreachable. Internal details are logged, not returned.
//
// The bodies are declared once, for both ends: a domain record is its
// domain package's type (incident.Incident, incident.Facts,
// obligations.Register), and the envelopes and requests around them are
// the types of package client, the API's Go client. A body declared here
// is one no client reads.
package api
