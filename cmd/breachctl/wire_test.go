package main

import "github.com/breachd/breachd/client"

// The tests read breachctl's JSON output into the client's wire types, by
// these names.
type (
	Accepted    = client.Accepted
	ListOptions = client.ListOptions
	Page        = client.IncidentList
	Rejection   = client.Rejection
	Timeline    = client.Timeline
)
