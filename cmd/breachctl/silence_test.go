package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSilenceAddListExpire(t *testing.T) {
	td := startDaemon(t)
	r := td.mustCtl("silence", "add", "asset.id=~s3://bucket-quiet-.*", "--duration", "2h", "--comment", "known test buckets", "--author", "alice")
	require.Regexp(t, `^SIL-0001 active until \S+\n$`, r.stdout)

	// A matching alert opens nothing; another one does.
	td.ctl("alert", "send", writeFile(t, []map[string]any{alert("quiet-1", "high")}))
	td.send(alert("loud-1", "high"))
	require.Eventually(t, func() bool {
		r = td.mustCtl("silence", "list", "--state", "active")
		return regexpMatch(`(?m)^SIL-0001\s+active\s+\S+\s+1\s+alice\s+asset\.id=~"s3://bucket-quiet-\.\*"\s+known test buckets$`, r.stdout)
	}, waitFor, tick, r.stdout)
	for _, inc := range td.incidents() {
		require.NotEqual(t, "s3://bucket-quiet-1", inc.Asset.ID)
	}

	r = td.mustCtl("silence", "expire", "SIL-0001")
	require.Regexp(t, `^SIL-0001 expired at \S+ \(1 alerts silenced\)\n$`, r.stdout)

	r = td.ctl("silence", "add", "colour=red", "--comment", "x")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "matcher field")
	r = td.ctl("silence", "add", "source=x")
	require.Equal(t, exitUsage, r.code, "a comment is required")
	r = td.ctl("silence", "expire", "SIL-0404")
	require.Equal(t, exitError, r.code)
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
