// Package outbox carries out the side effects that transactions left in
// the store's outbox: deadline reminders, playbook steps' containment
// actions and notices, and Slack's posts and updates. A Worker hands each
// due entry to the Sender registered for its kind (Handle), with its
// idempotency key, at least once. A transient failure is retried with
// back-off (or when the receiver says, as Slack's Retry-After does), a
// Permanent one or the last attempt is given up, and the outcome is
// recorded in the transaction that finishes or reschedules the entry: on
// the incident's timeline once the entry is done or given up, and, for a
// kind whose Sender is also a Settler (a playbook step), on its run after
// every attempt, through the one commit path when Options.Commit is set.
//
// Each attempt is bounded by Options.Timeout, or by the entry's own
// timeout when the Sender is a Timeouter. Lane gives slow kinds (actions,
// which may wait an hour for an actuator) a worker of their own, so they
// never hold back a reminder; Wake makes a worker look for due entries
// before its next tick. An attempt cut short by shutdown records nothing
// and is made again at the next start.
package outbox
