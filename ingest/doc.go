// Package ingest moves alerts from NATS JetStream into committed incidents.
//
// It owns the edge of the data path: the ALERTS stream and its durable
// consumer, decoding and validating each message, dead-lettering what cannot
// be used, and the batch loop that triages a fetched batch, commits it in one
// store transaction and only then acknowledges it. It also publishes alerts
// that arrive over HTTP into the same stream, so they get the same durability.
package ingest
