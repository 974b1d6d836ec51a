package slack

import (
	"net/http"
	"time"

	"github.com/breachd/breachd/respond"
)

// Options configure the Slack integration: its Config, and what breachd
// wires in at start.
type Options struct {
	Config
	// Respond carries out every change people ask for in Slack (the use
	// cases the API shares) and renders drafts. Required.
	Respond *respond.Service
	// Runs is the playbook engine: pending approvals are shown with
	// Approve and Reject buttons, and what runs once they are given. Nil
	// shows no playbooks.
	Runs Runs
	// Now is the clock.
	Now func() time.Time
	// Wake nudges the outbox worker after an entry is enqueued, so that a
	// click shows without waiting for the next round; nil waits.
	Wake func()
	// HTTPClient makes the Web API calls; nil is a client with a 30 s
	// timeout.
	HTTPClient *http.Client
}
