package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// The profiles are served by name, each by its own handler, behind the
// token.
func TestTheProfilesAreServedByNameBehindTheToken(t *testing.T) {
	f := newFixture(t, "s3cret")
	for path, says := range map[string]string{
		"/debug/pprof/":                  "Types of profiles available",
		"/debug/pprof/cmdline":           "api.test",
		"/debug/pprof/goroutine?debug=1": "goroutine profile",
		"/debug/pprof/symbol":            "num_symbols",
	} {
		code, body := f.do("GET", path, "")
		require.Equal(t, http.StatusOK, code, path)
		require.Contains(t, body, says, path)
	}
	code, _ := f.do("GET", "/debug/pprof/nothing", "")
	require.Equal(t, http.StatusNotFound, code)
	f.token = ""
	code, _ = f.do("GET", "/debug/pprof/heap", "")
	require.Equal(t, http.StatusUnauthorized, code)
}
