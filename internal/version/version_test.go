package version

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFromBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef"},
		{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	for _, tc := range []struct {
		name     string
		bi       *debug.BuildInfo
		override Info
		want     Info
		line     string
	}{
		{name: "a build the toolchain stamped reads version, commit, date and modified from it", bi: stamped,
			want: Info{Version: "v1.2.0", Commit: "0123456789abcdef", Date: "2026-12-01T10:00:00Z", Modified: true, Go: "go1.26.0"},
			line: "v1.2.0 commit 0123456789abcdef (modified) date 2026-12-01T10:00:00Z go1.26.0"},
		{name: "a build without VCS stamping falls back to (devel) and unknown",
			bi:   &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}},
			want: Info{Version: Devel, Commit: Unknown, Date: Unknown, Go: "go1.26.0"},
			line: "(devel) commit unknown date unknown go1.26.0"},
		{name: "no build info at all falls back too",
			want: Info{Version: Devel, Commit: Unknown, Date: Unknown},
			line: "(devel) commit unknown date unknown"},
		{name: "the -ldflags variables win over the build info, modified with the commit", bi: stamped,
			override: Info{Commit: "fedcba", Date: "2026-12-07T12:00:00Z"},
			want:     Info{Version: "v1.2.0", Commit: "fedcba", Date: "2026-12-07T12:00:00Z", Go: "go1.26.0"},
			line:     "v1.2.0 commit fedcba date 2026-12-07T12:00:00Z go1.26.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FromBuildInfo(tc.bi, tc.override)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.line, got.String())
		})
	}
}

func TestLineNamesTheProgram(t *testing.T) {
	line := Line("breachd")
	require.True(t, strings.HasPrefix(line, "breachd "), line)
	require.Contains(t, line, " commit ")
	require.Contains(t, line, " date ")
}
