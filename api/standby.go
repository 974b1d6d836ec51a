package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/breachd/breachd/client"
)

// The headers a node of a cluster adds to its answers.
const (
	// HeaderLeader names the leader on a standby's redirect of a change.
	HeaderLeader = client.HeaderLeader
	// HeaderNode names the node that answered.
	HeaderNode = "Breachd-Node"
	// HeaderLagRecords is how many records of the state log the node
	// that answered has yet to apply.
	HeaderLagRecords = "Breachd-Lag-Records"
	// HeaderLagSeconds is how old the oldest record the node that
	// answered has yet to apply is, in seconds.
	HeaderLagSeconds = "Breachd-Lag-Seconds"
)

// StandbyWrites serves next on a standby: a request that may change
// something (any method but GET, HEAD and OPTIONS) is not served but
// redirected with 307 Temporary Redirect, which keeps the method and the
// body, to the same path and query on the leader's API, naming the leader
// in the Breachd-Leader header. While leader reports none (ok false, or a
// leader without an API URL), such a request is answered 503 no_leader.
// Reads pass through: a standby serves them from its replica.
//
// leader is called once per change asked, so it should read what the
// node already knows (the lease's last holder) rather than ask the
// cluster. Every change is redirected, the routes mounted beside the API
// included: wrap only the handler whose changes the leader must make. The
// redirect comes before authentication, which the leader does.
func StandbyWrites(next http.Handler, leader func() (name, apiURL string, ok bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		name, apiURL, ok := leader()
		if !ok || apiURL == "" {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, client.CodeNoLeader,
				"the cluster has no leader right now to make this change; retry in a few seconds")
			return
		}
		// The path and query as the request spelled them (escapes kept),
		// never its host: a request line may be in absolute form
		// ("POST http://elsewhere/..."), and the redirect goes to the
		// leader only.
		w.Header().Set(HeaderLeader, name)
		w.Header().Set("Location", strings.TrimSuffix(apiURL, "/")+r.URL.RequestURI())
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
}

// LagHeaders serves next with the answering node and its lag behind the
// leader on every answer: Breachd-Node, Breachd-Lag-Records and
// Breachd-Lag-Seconds (decimal, to the millisecond). They are set before
// next runs, so they go out with whatever next answers, streams included.
// lag is called once per request.
func LagHeaders(next http.Handler, lag func() (records uint64, seconds float64, node string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		records, seconds, node := lag()
		h := w.Header()
		h.Set(HeaderNode, node)
		h.Set(HeaderLagRecords, strconv.FormatUint(records, 10))
		h.Set(HeaderLagSeconds, strconv.FormatFloat(max(seconds, 0), 'f', 3, 64))
		next.ServeHTTP(w, r)
	})
}
