// Package obligations keeps every incident's regulatory obligations current
// and on time: it re-evaluates them with the regulation catalog whenever the
// breach facts change, stores them with the incident, records what changed
// on the timeline, and keeps the durable timers that remind people before
// each deadline and mark it overdue after. It also reads them across
// incidents: the open deadlines, most urgent first (ListDeadlines), each
// incident's next one (NextDeadline), and how many are overdue
// (OverdueCollector).
//
// The evaluation itself is package regulations; this package owns when it
// runs and what is kept of it. Reminders leave through a Notifier (the log,
// and Slack when configured).
package obligations
