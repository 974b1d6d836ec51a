// Package notify delivers messages to people: the log sink now, Slack and
// webhooks as they are configured. It does not decide what to say; the
// packages that own a message (obligations for deadline reminders) do.
package notify
