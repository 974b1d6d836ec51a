package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/ingest"
)

// DeadLetterStore lists the dead-letter stream and replays its entries.
// ingest.Publisher is one.
type DeadLetterStore interface {
	ListDeadLetters(ctx context.Context, f ingest.DeadLetterFilter) ([]ingest.DeadLetter, error)
	ReplayDeadLetters(ctx context.Context, f ingest.DeadLetterFilter) (client.Replayed, error)
}

// deadLetterTimeout bounds a listing or a replay.
const deadLetterTimeout = 30 * time.Second

// deadLetterReasons are the reasons an entry may have.
func deadLetterReasons() []string {
	return append(ingest.RejectReasons(), ingest.ReasonMaxDeliveries)
}

// getDeadLetters lists the dead-letter stream, oldest first:
// ?reason= one reason, ?limit= at most 1000 (default 100).
func (s *Server) getDeadLetters(w http.ResponseWriter, r *http.Request) {
	dl, ok := s.pub.(DeadLetterStore)
	if !ok {
		writeError(w, http.StatusNotImplemented, client.CodeNotImplemented, "this server keeps no dead-letter stream")
		return
	}
	f := ingest.DeadLetterFilter{Reason: r.URL.Query().Get("reason"), Limit: 100}
	if err := checkReason(f.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > ingest.MaxDeadLetters {
			s.fail(w, r, invalidField("limit", "limit %.20q (want 1 to %d)", v, ingest.MaxDeadLetters))
			return
		}
		f.Limit = n
	}
	ctx, cancel := context.WithTimeout(r.Context(), deadLetterTimeout)
	defer cancel()
	list, err := dl.ListDeadLetters(ctx, f)
	if err != nil {
		s.log.Error().Err(err).Msg("list dead letters")
		writeError(w, http.StatusServiceUnavailable, client.CodeUnavailable, "the dead-letter stream cannot be read; retry later")
		return
	}
	if list == nil {
		list = []ingest.DeadLetter{}
	}
	writeJSON(w, http.StatusOK, client.DeadLetterList{DeadLetters: list})
}

// postReplay puts dead-letter entries back through intake: those of a
// reason, those of the sequence numbers given, or (neither) every one, at
// most 1000 a request.
func (s *Server) postReplay(w http.ResponseWriter, r *http.Request) {
	dl, ok := s.pub.(DeadLetterStore)
	if !ok {
		writeError(w, http.StatusNotImplemented, client.CodeNotImplemented, "this server keeps no dead-letter stream")
		return
	}
	var req client.ReplayRequest
	if err := readJSON(w, r, &req, `{"reason": "future_time", "seqs": [3, 4]} (both optional)`); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkReason(req.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(req.Seqs) > ingest.MaxDeadLetters {
		s.fail(w, r, invalidField("seqs", "%d sequence numbers, over the limit of %d", len(req.Seqs), ingest.MaxDeadLetters))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), deadLetterTimeout)
	defer cancel()
	out, err := dl.ReplayDeadLetters(ctx, ingest.DeadLetterFilter{Reason: req.Reason, Seqs: req.Seqs})
	if err != nil {
		s.log.Error().Err(err).Msg("replay dead letters")
		writeError(w, http.StatusServiceUnavailable, client.CodeUnavailable, "the dead-letter stream cannot be read; retry later")
		return
	}
	if out.Replayed == nil {
		out.Replayed = []uint64{}
	}
	writeJSON(w, http.StatusOK, out)
}

func checkReason(reason string) error {
	if reason != "" && !slices.Contains(deadLetterReasons(), reason) {
		return invalidField("reason", "reason %.40q (want one of %v)", reason, deadLetterReasons())
	}
	return nil
}
