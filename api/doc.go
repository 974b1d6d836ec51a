// Package api is breachd's HTTP API: alert intake (native alerts and
// Alertmanager webhooks), reading incidents, their timelines, facts,
// obligations, drafts and playbook runs, every change to an incident (ack,
// status, notes, facts, narrative, assessment, submissions, approvals)
// through the use cases of package respond, silences, the breach register,
// the open deadlines of every incident, playbook reload, hot backups, and
// health, readiness, metrics and profiles. Routes mounted beside it (Options.Mount: the Slack endpoints)
// bring their own authentication; every /api/ route and the profiles need
// the token when one is set.
//
// The contract is openapi.yaml, an OpenAPI 3.1 document of every route
// the server serves itself (routes.go lists them once, for the mux and
// for the test that holds the document to them), served as JSON at GET
// /api/v1/openapi.json without a token.
//
// Responses are JSON. Every error has one shape,
// {"error": {"code": "...", "message": "...", "field": "..."}}: a stable
// code (the client.Code constants), a sentence for people, and the body
// field or query parameter at fault when there is one; a refusal with a
// list carries it beside "error" (the rejected alerts, a step's
// approvers, a playbook set's problems). The status says whose fault it
// was: 400 bad input, 401 missing or wrong token, 403 an approver the step
// does not allow or a browser page of another origin, 404 no such incident
// (or endpoint), 409 a lifecycle move the incident's status forbids, 413
// too large, 422 a playbook set that does not load, 501 an intake this
// server does not take, 503 the stream is unreachable or the daemon is not
// ready. Internal details are logged, not returned: a 500 says only
// "internal error", unless the store is corrupt, which an auditor needs to
// hear.
//
// The bodies are declared once, for both ends: a domain record is its
// domain package's type (incident.Incident, incident.Facts,
// obligations.Register), and the envelopes and requests around them are
// the types of package client, the API's Go client. A body declared here
// is one no client reads.
//
// In a cluster, GET /api/v1/cluster says who leads and how far each node
// has replayed the state log; the daemon wraps a standby's handler in
// StandbyWrites, which redirects every change to the leader (307), and
// every node's in LagHeaders, which says on each answer how far behind the
// leader it is.
package api
