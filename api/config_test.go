package api

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTheAPISectionNamesTheKeyOfEachProblem(t *testing.T) {
	c := DefaultConfig()
	require.NoError(t, c.Validate())
	c.HTTPAddr = "8080"
	require.EqualError(t, c.Validate(), `http_addr: "8080" is not host:port`)
	c.HTTPAddr = "0.0.0.0:8080"
	require.ErrorContains(t, c.Validate(), "http_addr: 0.0.0.0:8080 is not a loopback address and no API token is set")
	c.Token = "s3cret"
	require.NoError(t, c.Validate(), "beyond loopback with a token")
}

func TestTheTokenComesFromTheEnvironmentOrTheFile(t *testing.T) {
	dir := t.TempDir()
	c := Config{TokenFile: "token"}
	c.ResolvePaths(dir)
	require.Equal(t, filepath.Join(dir, "token"), c.TokenFile)
	require.NoError(t, c.LoadToken(" from-env\n"))
	require.Equal(t, "from-env", c.Token)
	require.ErrorContains(t, c.LoadToken(""), "api_token_file: ")
	require.NoError(t, os.WriteFile(c.TokenFile, []byte("\n"), 0o600))
	require.EqualError(t, c.LoadToken(""), "api_token_file: "+c.TokenFile+" is empty")
	require.NoError(t, os.WriteFile(c.TokenFile, []byte("from-file\n"), 0o600))
	require.NoError(t, c.LoadToken(""))
	require.Equal(t, "from-file", c.Token)
}
