package daemon

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestServerVersionsAreComparedByNumber(t *testing.T) {
	for _, v := range []string{"2.9.0", "2.9.10", "v2.10.0", "2.10.0-beta.1", "2.11.4+build", "3.0.0"} {
		require.NoError(t, checkServerVersion(v), v)
	}
	for _, v := range []string{"2.8.4", "2.2.0", "1.99.99"} {
		err := checkServerVersion(v)
		require.ErrorContains(t, err, "older than 2.9.0", v)
		require.ErrorContains(t, err, v)
	}
	for _, v := range []string{"", "two", "2.9", "2.x.1"} {
		require.ErrorContains(t, checkServerVersion(v), "cannot read", v)
	}
}

func TestServerURLsInLogsHideTheirSecrets(t *testing.T) {
	got := redactURLs("nats://alice:s3cret@n1:4222, nats://tok3n@n2:4222,nats://n3:4222")
	require.NotContains(t, got, "s3cret")
	require.NotContains(t, got, "tok3n")
	require.Contains(t, got, "n1:4222")
	require.Contains(t, got, "nats://n3:4222")
}
