// Package store keeps breachd's state in one bbolt file: incidents, their
// hash-chained timelines, the triage indexes, obligations and their timers,
// the outbox of side effects, playbook runs, silences, Slack's bookkeeping
// and the record of JetStream deliveries already applied.
//
// Layout, one line per bucket (bucket: key → value). Numbers in keys are 8
// bytes big endian, so keys sort by them; "|" joins parts, 0 is a zero
// byte. Open creates every bucket but Slack's, which appear on the first
// Slack write, so a daemon without Slack never has them.
//
//	incidents      incident id                                → incident JSON
//	incident_order ordinal                                    → incident id (listing order)
//	timeline       incident id|0|seq (TimelineKey)            → event JSON
//	fingerprints   fingerprint                                → incident id that last took it
//	correlations   correlation key                            → incident id that last took it
//	incident_ids   year ("2026")                              → bucket whose sequence numbers the year's incidents
//	stats          status                                     → incident count (8 bytes)
//	deliveries     stream incarnation                         → bucket: first seq of an applied run → its last seq
//	obligations    incident id                                → JSON evaluated obligations
//	timers         due time (unix ns)|incident id|0|kind|0|name → JSON Timer, of every kind (a reminder, an overdue mark, a re-evaluation, a wait, an approval expiry)
//	timer_index    incident id|0|kind|0|name                  → its key in timers
//	outbox         entry id                                   → JSON outbox entry
//	outbox_due     next attempt (unix ns)|entry id            → nothing
//	outbox_keys    idempotency key                            → entry id, kept after delivery
//	silences       silence id (SIL-0001)                      → JSON silence
//	meta           "redaction_key"                            → the 32 bytes redaction hashes with
//	               "timer_layout"                             → the layout of the timers ("2"; migrate.go)
//	               "applied_seq"                              → the state log's sequence number of the last change record the file holds (replica.go)
//	runs           run id (incident id/playbook[/alert hash]) → JSON playbook run
//	slack_messages incident id                                → JSON SlackMessage (where its message is)
//	slack_posts    idempotency key                            → JSON SlackPost (one post, begun or done)
//	slack_seen     request digest                             → expiry (unix ns), against replayed requests
//	slack_channels incident id                                → JSON SlackChannel (its own channel)
//
// All of an incident's events sit side by side in one bucket, so that a batch
// that touches a thousand incidents rewrites about one page per incident.
//
// The store persists what the domain decided and does not second-guess it,
// with one exception that protects the audit trail: a timeline only grows, one
// sequence number at a time.
//
// Every write goes through one wrapper (bucket.go), so that each write
// transaction can be published as a change record (change.go) to a state
// log that replicas apply (replica.go).
//
// Open with Options.ReadOnly reads a file without writing to it (a backup
// being checked); every write then fails with ErrReadOnly. It migrates
// nothing either: a file of an earlier layout is read as it is.
package store
