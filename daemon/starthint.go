package daemon

import (
	"fmt"
	"strings"
)

// tokenEnv is the environment variable the daemon and breachctl read the
// API token from.
const tokenEnv = "BREACHD_API_TOKEN"

// startHint is the log line that shows, at start, how to try the daemon
// out: send an alert with breachctl, list the incidents with curl. With a
// token the examples carry it from the environment, never the secret
// itself: breachctl reads BREACHD_API_TOKEN, curl is given it as a bearer
// header. tokenFile is where the token was read from, if a file.
func startHint(api string, token bool, tokenFile string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "send a first alert, dated now: go run ./cmd/breachctl --server %s alert send --now examples/alert.json, "+
		"then: go run ./cmd/breachctl --server %s incidents list", api, api)
	if !token {
		fmt.Fprintf(&b, ", or: curl -sS %s/api/v1/incidents", api)
		return b.String()
	}
	fmt.Fprintf(&b, ", or: curl -sS -H \"Authorization: Bearer $%s\" %s/api/v1/incidents (the API needs its token: both read it from %s",
		tokenEnv, api, tokenEnv)
	if tokenFile != "" {
		fmt.Fprintf(&b, "; export %s=\"$(cat %s)\"", tokenEnv, tokenFile)
	}
	b.WriteString(")")
	return b.String()
}
