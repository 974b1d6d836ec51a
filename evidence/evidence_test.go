package evidence_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/evidence"
)

// Only the checkpoint lines that saw the incident go into its bundle,
// whole; other lines and lines that are no checkpoint stay out.
func TestABundleTakesTheCheckpointsThatSawTheIncidentWhole(t *testing.T) {
	file := strings.Join([]string{
		`{"time":"2026-12-07T10:00:00Z","heads":[{"incident":"INC-2026-0001","seq":2,"hash":"aa"},{"incident":"INC-2026-0002","seq":1,"hash":"bb"}],"key":"k","signature":"s"}`,
		`{"time":"2026-12-07T10:05:00Z","heads":[{"incident":"INC-2026-0002","seq":3,"hash":"cc"}],"key":"k","signature":"s"}`,
		`not a checkpoint`,
		`{"time":"2026-12-07T10:10:00Z","heads":[{"incident":"INC-2026-0001","seq":4,"hash":"dd"}],"key":"k","signature":"s"}`,
	}, "\n")
	got, err := evidence.SelectCheckpoints(strings.NewReader(file), "INC-2026-0001")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	require.Len(t, lines, 2)
	require.Contains(t, lines[0], `"INC-2026-0002"`, "the line is whole, other incidents' heads included")
	require.Contains(t, lines[1], `"seq":4`)
}

func TestSomethingThatIsNoBundleIsRefused(t *testing.T) {
	_, err := evidence.Verify(bytes.NewReader([]byte("hello")), 5, nil)
	require.ErrorContains(t, err, "not an evidence bundle")
}
