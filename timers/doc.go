// Package timers fires the durable timers of every kind from one loop.
//
// A timer is a row of the store (store.Timer): a time, a kind, the
// incident it belongs to and the kind's own data. The code that decides a
// timer is needed arms it in the transaction that made it needed: the
// obligations arm a reminder before each deadline, an overdue mark at it
// and a re-evaluation when a hold lapses; a playbook run arms a wait's end
// or an approval's expiry. The Service reads the due timers every interval
// and hands each to the Handler of its kind, as the outbox hands each
// entry to the Sender of its kind. The handler acts through the one commit
// path and disarms the timer in the same transaction, so a crash either
// keeps the timer (it fires again) or keeps its effect, never neither.
package timers
