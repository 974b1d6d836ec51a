// Package version says which build of breachd a binary is: the module
// version, the commit it was built from and its date, as the Go toolchain
// stamped them into the binary (runtime/debug.ReadBuildInfo), or as
// `make build` set them with -ldflags where the toolchain could not (a
// build outside a git checkout, or with -buildvcs=false).
package version

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Set by `make build` with -ldflags "-X github.com/breachd/breachd/internal/version.commit=…";
// empty unless a build sets them. They win over the build info.
var (
	version  string
	commit   string
	date     string
	modified string // "true" when the working tree had uncommitted changes
)

// Fallbacks when the build does not say.
const (
	Devel   = "(devel)"
	Unknown = "unknown"
)

// Info is what a binary knows about its own build.
type Info struct {
	// Version is the main module's version, Devel for a build from a
	// checkout without a tag.
	Version string `json:"version"`
	// Commit is the VCS revision, Unknown when the build did not record it.
	Commit string `json:"commit"`
	// Date is the commit's time (vcs.time), or the build time when
	// `make build` set it; Unknown when neither is known.
	Date string `json:"date"`
	// Modified is set when the build had uncommitted changes.
	Modified bool `json:"modified,omitempty"`
	// Go is the toolchain the binary was built with.
	Go string `json:"go,omitempty"`
}

// Get reads the running binary's build information.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return FromBuildInfo(bi, Info{Version: version, Commit: commit, Date: date, Modified: modified == "true"})
}

// FromBuildInfo makes the Info of a build from bi, which may be nil. The
// non-empty fields of override (the -ldflags variables) win; what neither
// says falls back to Devel or Unknown.
func FromBuildInfo(bi *debug.BuildInfo, override Info) Info {
	var in Info
	if bi != nil {
		in.Version, in.Go = bi.Main.Version, bi.GoVersion
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.Date = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if override.Version != "" {
		in.Version = override.Version
	}
	if override.Commit != "" {
		in.Commit = override.Commit
		in.Modified = override.Modified
	}
	if override.Date != "" {
		in.Date = override.Date
	}
	if in.Version == "" {
		in.Version = Devel
	}
	if in.Commit == "" {
		in.Commit = Unknown
	}
	if in.Date == "" {
		in.Date = Unknown
	}
	return in
}

// String renders the Info on one line, as --version prints it after the
// program's name: "v1.2.0 commit 0123abcd… (modified) date 2026-… go1.26.0".
func (in Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s commit %s", in.Version, in.Commit)
	if in.Modified {
		b.WriteString(" (modified)")
	}
	fmt.Fprintf(&b, " date %s", in.Date)
	if in.Go != "" {
		fmt.Fprintf(&b, " %s", in.Go)
	}
	return b.String()
}

// Line is the --version line of the program called name.
func Line(name string) string { return name + " " + Get().String() }
