package store

import "errors"

var (
	// ErrNotFound: no such incident.
	ErrNotFound = errors.New("not found")
	// ErrLocked: another process holds the database file.
	ErrLocked = errors.New("database is locked by another process")
	// ErrCorrupt: stored data does not decode or breaks an invariant.
	ErrCorrupt = errors.New("corrupt store")
	// ErrReadOnly: a write to a store opened with Options.ReadOnly.
	ErrReadOnly = errors.New("store is open read-only")
)
