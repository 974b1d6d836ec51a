package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

func (s *Server) postSilence(w http.ResponseWriter, r *http.Request) {
	var req client.SilenceRequest
	if err := readJSON(w, r, &req, `{"matchers": ["asset.id=db-1"], "duration": "2h", "created_by": "…", "comment": "…"}`); err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.opts.Now().UTC()
	sil, err := newSilence(&req, now)
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
	writeJSON(w, http.StatusCreated, client.Silence{Silence: *sil, State: sil.State(now)})
}

// newSilence builds and validates the silence req asks for.
func newSilence(req *client.SilenceRequest, now time.Time) (*incident.Silence, error) {
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
		s.fail(w, r, invalidField("state", "state %.20q (want active, pending or expired)", state))
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
	out := []client.Silence{}
	for _, sil := range all {
		if st := sil.State(now); state == "" || st == state {
			out = append(out, client.Silence{Silence: *sil, State: st})
		}
	}
	writeJSON(w, http.StatusOK, client.SilenceList{Silences: out})
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
	writeJSON(w, http.StatusOK, client.Silence{Silence: *sil, State: sil.State(now)})
}
