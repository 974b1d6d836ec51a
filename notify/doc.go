// Package notify delivers deadline reminders to people. It holds the two
// obligations.Notifier values the daemon wires into the outbox's reminder
// sender: Log, the sink of last resort, which writes each reminder to the
// daemon's log (overdue marks at error level, the rest at warn), and
// Fanout, which hands a reminder to several notifiers (the log and Slack)
// and joins their errors so the outbox retries it.
//
// It does not decide what to say or when: package obligations words the
// reminder and its timers say when it is due. Slack itself, the messages,
// threads and interactions as well as its reminders, is the subpackage
// notify/slack; a playbook's webhooks are posted by package runs.
package notify
