// Package store keeps breachd's state in one bbolt file: incidents, their
// hash-chained timelines, the triage indexes and the record of JetStream
// deliveries already applied.
//
// Layout (bucket → key → value):
//
//	incidents      incident id          → incident JSON
//	incident_order ordinal (uint64 BE)  → incident id   (listing order)
//	timeline       incident id, 0, seq (uint64 BE) → event JSON  (TimelineKey)
//	fingerprints   fingerprint          → incident id
//	correlations   correlation key      → incident id
//	incident_ids   year "2026"          → bucket whose sequence numbers incidents
//	stats          status               → count (uint64 BE)
//	deliveries     stream incarnation   → bucket: stream seq (uint64 BE) → empty
//
// All of an incident's events sit side by side in one bucket, so that a batch
// that touches a thousand incidents rewrites about one page per incident.
//
// The store persists what the domain decided and does not second-guess it,
// with one exception that protects the audit trail: a timeline only grows, one
// sequence number at a time.
package store
