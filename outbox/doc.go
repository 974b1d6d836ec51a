// Package outbox carries out the side effects that transactions left in
// the store's outbox: deadline reminders now, containment actions and Slack
// messages as they arrive. Each entry is handed to the Sender of its kind
// with its idempotency key, at least once; a transient failure is retried
// with back-off (or when the receiver says, as Slack's Retry-After does),
// a permanent one is given up, and either outcome is recorded on the
// incident's timeline in the transaction that removes the entry.
package outbox
