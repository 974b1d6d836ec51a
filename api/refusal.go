package api

import (
	"net/http"
	"strconv"
	"sync/atomic"

	"golang.org/x/time/rate"

	"github.com/breachd/breachd/client"
)

// refusals logs the requests refused as the client's fault, with the
// reason and the source address, and counts them by status. The log is
// rate-limited, so that a client hammering the API with bad requests
// cannot flood it: past the limit, refusals are only counted, and the next
// line logged says how many were not.
type refusals struct {
	limit      *rate.Limiter
	suppressed atomic.Int64
}

func newRefusals() *refusals {
	return &refusals{limit: rate.NewLimiter(rate.Limit(10), 20)}
}

// refuse answers w with status, code and msg, counts the refusal and logs
// it (rate-limited).
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	s.refuseWith(w, r, status, client.ErrorResponse{Error: client.ErrorDetail{Code: code, Message: msg}})
}

// refuseWith is refuse with a whole error body.
func (s *Server) refuseWith(w http.ResponseWriter, r *http.Request, status int, body client.ErrorResponse) {
	s.logRefusal(r, status, body.Error.Message)
	writeJSON(w, status, body)
}

// logRefusal counts and logs one refused request.
func (s *Server) logRefusal(r *http.Request, status int, reason string) {
	s.refused.WithLabelValues(strconv.Itoa(status)).Inc()
	if !s.refusals.limit.AllowN(s.opts.Now(), 1) {
		s.refusals.suppressed.Add(1)
		return
	}
	ev := s.log.Info().Int("status", status).Str("method", r.Method).Str("path", r.URL.Path).
		Str("remote", r.RemoteAddr).Str("reason", reason)
	if n := s.refusals.suppressed.Swap(0); n > 0 {
		ev = ev.Int64("not_logged_before", n)
	}
	ev.Msg("request refused")
}
