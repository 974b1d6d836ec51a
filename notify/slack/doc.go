// Package slack is breachd's Slack integration for on-call engineers.
//
// Outbound, it is a sender of the outbox (kind OutboxKind): it posts one
// message per incident to the configured channel (or its severity's),
// updates that message in place as the incident changes, replies in its
// thread with what happened, posts drafts, and sets up an incident's own
// channel (channel.go); it is also an obligations.Notifier that posts
// deadline reminders in the thread, mentioning the on-call group. Every post carries
// an idempotency key, recorded in the store with the message timestamp, so
// that a retry or a restart never posts the same thing twice. Errors are
// classified for the outbox: a 429 is retried after its Retry-After, a
// refusal (channel_not_found, invalid_auth…) is permanent, anything else is
// retried with back-off.
//
// Inbound, the same handlers serve the HTTP endpoints (/slack/events,
// /slack/interactions, /slack/commands; every request verified with the
// signing secret and refused when replayed) and Socket Mode: the buttons of
// the message, the facts modal and the /breach slash command. Every change
// goes through package respond, the use cases the API shares, with the
// Slack user as the actor. A playbook run waiting for approval shows
// Approve and Reject on the message, with what will run after it; a click
// decides through respond.Decide (approval.go).
//
// Every change, wherever it is made (alerts, the API, Slack itself, the
// playbook engine), reaches Slack through Changed, one of respond's hooks,
// in the transaction that commits it.
package slack
