package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// silenceView is a silence as the API shows it: with its state now.
type silenceView struct {
	*incident.Silence
	State incident.SilenceState `json:"state"`
}

// silenceRequest is the body of POST /api/v1/silences. Matchers are
// written as "field=value", "field!=value", "field=~regexp" or
// "field!~regexp". The end is ends_at, or starts_at plus duration.
type silenceRequest struct {
	Matchers  []string `json:"matchers"`
	StartsAt  string   `json:"starts_at"`
	EndsAt    string   `json:"ends_at"`
	Duration  string   `json:"duration"`
	CreatedBy string   `json:"created_by"`
	Comment   string   `json:"comment"`
}

func (s *Server) postSilence(w http.ResponseWriter, r *http.Request) {
	var req silenceRequest
	if err := readJSON(w, r, &req, `{"matchers": ["asset.id=db-1"], "duration": "2h", "created_by": "…", "comment": "…"}`); err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.opts.Now().UTC()
	sil, err := req.silence(now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.store.Update(func(tx *store.Tx) error { return tx.CreateSilence(sil) })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info().Str("silence_id", sil.ID).Str("created_by", sil.CreatedBy).Time("ends_at", sil.EndsAt).
		Str("matchers", fmt.Sprint(sil.Matchers)).Msg("silence created")
	writeJSON(w, http.StatusCreated, silenceView{sil, sil.State(now)})
}

// silence builds and validates the silence the request asks for.
func (req *silenceRequest) silence(now time.Time) (*incident.Silence, error) {
	var problems []string
	sil := &incident.Silence{CreatedBy: req.CreatedBy, Comment: req.Comment, CreatedAt: now, StartsAt: now}
	if sil.CreatedBy == "" {
		sil.CreatedBy = defaultActor
	}
	for _, m := range req.Matchers {
		mm, err := incident.ParseMatcher(m)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		sil.Matchers = append(sil.Matchers, mm)
	}
	parse := func(field, v string) time.Time {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s %.40q is not an RFC 3339 time", field, v))
		}
		return t.UTC()
	}
	if req.StartsAt != "" {
		sil.StartsAt = parse("starts_at", req.StartsAt)
	}
	switch {
	case req.EndsAt != "" && req.Duration != "":
		problems = append(problems, "give ends_at or duration, not both")
	case req.EndsAt != "":
		sil.EndsAt = parse("ends_at", req.EndsAt)
	case req.Duration != "":
		d, err := time.ParseDuration(req.Duration)
		if err != nil || d <= 0 {
			problems = append(problems, fmt.Sprintf("duration %.40q is not a positive duration such as 2h", req.Duration))
		}
		sil.EndsAt = sil.StartsAt.Add(d)
	default:
		problems = append(problems, "a silence needs an end: ends_at or duration")
	}
	if len(problems) > 0 {
		return nil, &incident.ValidationError{Problems: problems}
	}
	return sil, sil.Validate()
}

func (s *Server) listSilences(w http.ResponseWriter, r *http.Request) {
	state := incident.SilenceState(r.URL.Query().Get("state"))
	switch state {
	case "", incident.SilenceActive, incident.SilencePending, incident.SilenceExpired:
	default:
		s.fail(w, r, incident.Invalidf("state %.20q (want active, pending or expired)", state))
		return
	}
	now := s.opts.Now()
	var all []*incident.Silence
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		all, err = tx.AllSilences()
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []silenceView{}
	for _, sil := range all {
		if st := sil.State(now); state == "" || st == state {
			out = append(out, silenceView{sil, st})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"silences": out})
}

// expireSilence ends a silence now; an expired one stays as it is.
func (s *Server) expireSilence(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	now := s.opts.Now().UTC()
	var sil *incident.Silence
	err := s.store.Update(func(tx *store.Tx) error {
		var err error
		if sil, err = tx.Silence(id); err != nil {
			return err
		}
		if sil == nil {
			return fmt.Errorf("silence %.40q: %w", id, store.ErrNotFound)
		}
		if sil.State(now) == incident.SilenceExpired {
			return nil
		}
		if sil.StartsAt.After(now) {
			sil.StartsAt = now
		}
		sil.EndsAt = now
		return tx.PutSilence(sil)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info().Str("silence_id", sil.ID).Msg("silence expired")
	writeJSON(w, http.StatusOK, silenceView{sil, sil.State(now)})
}
