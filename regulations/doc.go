// Package regulations is the law breachd knows: the regulation catalog of
// breach-notification regimes (catalog.yaml, embedded and replaceable), each
// with its jurisdiction, recipient, trigger, thresholds, exemptions, period,
// effective dates and the article it rests on, and the evaluation that
// decides from an incident's breach facts which regimes apply and when each
// is due.
//
// Evaluate is a pure function of facts, catalog and now; the deadline
// arithmetic (time zones, business days, holiday calendars) is the
// subpackage deadline. What is kept of an evaluation, and when it runs, is
// package obligations; the text sent to a regulator is package drafts.
package regulations
