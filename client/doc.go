// Package client is the Go client of breachd's HTTP API, and the owner of
// the API's wire types: the bodies of its requests and answers. The server
// (package api) encodes and decodes these same types, so the two cannot
// drift apart: a field renamed here is renamed on both sides.
//
// Where a body is a domain record (an incident, its facts, obligations,
// runs), it is the type of package incident; this package declares the
// envelopes around them and the requests. It imports the standard library
// and incident, nothing of the server.
//
// Every method takes a context first. An answer of the API other than a
// success is an *Error carrying the API's status and the one shape of its
// errors (code, message, the field at fault); a call that got no answer at
// all is an *UnreachableError.
package client
