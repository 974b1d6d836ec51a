package client

// The codes of ErrorDetail.Code. Each names one kind of refusal and keeps
// its HTTP status; a program decides on the code, a person reads the
// message.
const (
	// CodeBadRequest (400): the request is not one the API takes; Field
	// names the body field or query parameter at fault, when one is.
	CodeBadRequest = "bad_request"
	// CodeAlertsRejected (400): alerts were refused; Rejected names each.
	CodeAlertsRejected = "alerts_rejected"
	// CodeUnauthorized (401): the bearer token is missing or wrong.
	CodeUnauthorized = "unauthorized"
	// CodeCrossOrigin (403): a browser page of another origin sent a
	// request that changes something.
	CodeCrossOrigin = "cross_origin"
	// CodeNotApprover (403): the approver is not among the step's;
	// Approvers lists who may decide.
	CodeNotApprover = "not_approver"
	// CodeNotFound (404): no such incident, regime, silence, draft or
	// endpoint, or nothing of the kind asked for yet.
	CodeNotFound = "not_found"
	// CodeConflict (409): the incident's status forbids the change.
	CodeConflict = "conflict"
	// CodeTooLarge (413): the request body is over the route's limit.
	CodeTooLarge = "too_large"
	// CodeInvalidPlaybooks (422): the playbook set does not load; the set
	// in force keeps running.
	CodeInvalidPlaybooks = "invalid_playbooks"
	// CodeInternal (500): something went wrong inside; the daemon's log
	// says what.
	CodeInternal = "internal"
	// CodeStoreCorrupt (500): the database is damaged; the message says
	// where.
	CodeStoreCorrupt = "store_corrupt"
	// CodeNotImplemented (501): this server does not offer the route (no
	// dead-letter stream, no Alertmanager intake, no checkpoints).
	CodeNotImplemented = "not_implemented"
	// CodeUnavailable (503): a stream the request needs is unreachable;
	// retry later.
	CodeUnavailable = "unavailable"
	// CodeNotReady (503): the daemon cannot take work (GET /readyz).
	CodeNotReady = "not_ready"
	// CodeStarting (503): the daemon is starting and waits for what it
	// needs; retry after the Retry-After header's seconds.
	CodeStarting = "starting"
	// CodeClusterUnavailable (503): the node cannot read the cluster's
	// status (the state log or the lease is unreachable); retry later.
	CodeClusterUnavailable = "cluster_unavailable"
	// CodeNoLeader (503): a standby was asked for a change while the
	// cluster has no leader to send it to; retry shortly.
	CodeNoLeader = "no_leader"
)
