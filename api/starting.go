package api

import (
	"net/http"

	"github.com/breachd/breachd/client"
)

// Starting is what the HTTP address answers while the daemon waits for
// what it needs before it can serve (an external NATS server that is not
// reachable yet): /healthz is ok, since the process is alive and working
// towards ready; /readyz and everything else answer 503 with status, what
// it is waiting for, and a Retry-After.
func Starting(status func() string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, notReady{Status: "starting", Error: client.ErrorDetail{Code: client.CodeStarting, Message: status()}})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, client.CodeStarting, "breachd is starting: "+status())
	})
	return mux
}

// healthz says the process is alive, whatever it is doing.
func healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
