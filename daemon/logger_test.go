package daemon

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"
)

// The console format colours its output only on a terminal: a file or a
// pipe gets plain text, without escape codes.
func TestConsoleLogsAreColouredOnlyOnATerminal(t *testing.T) {
	cfg := Default()
	var buf bytes.Buffer
	log := NewLogger(&cfg, &buf)
	log.Info().Str("k", "v").Msg("hello")
	require.Contains(t, buf.String(), "hello")
	require.NotContains(t, buf.String(), "\x1b[", "no colour codes off a terminal")
}

// An error listing several problems is logged one line per problem.
func TestSeveralProblemsAreLoggedOneLineEach(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	LogProblems(log.Error, errors.New("a.yaml:1: no steps\nb.yaml:2: bad match"), "start")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3)
	require.Contains(t, lines[0], `"problems":2`)
	require.Contains(t, lines[1], `"problem":"a.yaml:1: no steps"`)
	require.Contains(t, lines[2], `"problem":"b.yaml:2: bad match"`)
	buf.Reset()
	LogProblems(log.Error, errors.New("one problem"), "start")
	require.Contains(t, buf.String(), `"error":"one problem"`)
}
