package playbooks

import (
	"embed"
	"io/fs"
)

//go:embed examples/*.yaml
var examples embed.FS

// Examples returns the shipped example playbooks, for LoadFS: the set a
// first run starts with.
func Examples() fs.FS {
	sub, err := fs.Sub(examples, "examples")
	if err != nil {
		panic("playbooks: embedded examples: " + err.Error()) // cannot happen: the path is a constant
	}
	return sub
}
