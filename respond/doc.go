// Package respond is where every change to an incident is made. It owns the
// use cases — acknowledge, set the status, assign, add a note, record facts,
// record an assessment, edit the narrative, record a submission, decide on
// a playbook approval, render a draft — and the one commit path they share:
// Service.Change.
//
// What happens when an incident changes, in order, in one bbolt transaction:
//
//  1. the incident is loaded;
//  2. the use case's domain function (package incident) changes it and
//     returns the timeline events it recorded;
//  3. when the breach facts changed, the obligations are re-evaluated
//     (package obligations) and their events added;
//  4. the incident is saved with every event, hash-chained;
//  5. the hooks run in the order they were given once at start — the
//     playbook engine, Slack — each may enqueue outbox entries and add
//     events for the hooks after it;
//  6. after the commit, the outbox is woken.
//
// Every front end — the HTTP API, Slack, the console, the playbook engine —
// calls these functions and only parses and renders, so no two of them can
// drift. The ingest commit runs the same hooks after triage.
package respond
