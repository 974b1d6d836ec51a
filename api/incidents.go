package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// defaultListLimit is the page size when a client names none.
const defaultListLimit = 100

// maxActionBody bounds the body of a lifecycle action.
const maxActionBody = 64 << 10

// defaultActor is recorded when a request names no actor.
const defaultActor = "api"

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) {
	q, err := parseListQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := client.IncidentList{Incidents: []client.ListedIncident{}}
	now := s.opts.Now()
	err = s.store.View(func(tx *store.Tx) error {
		page, err := tx.ListIncidents(q)
		if err != nil {
			return err
		}
		list.NextCursor = page.Next
		for _, inc := range page.Incidents {
			// One read of the stored obligations per incident, in the
			// same snapshot as the page.
			set, err := tx.ConcerningObligations(inc.ID)
			if err != nil {
				return err
			}
			list.Incidents = append(list.Incidents, client.ListedIncident{Incident: inc, NextDeadline: obligations.NextDeadline(set, now)})
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func parseListQuery(r *http.Request) (store.ListQuery, error) {
	v := r.URL.Query()
	q := store.ListQuery{Limit: defaultListLimit, Cursor: v.Get("cursor")}
	for _, name := range splitList(v["status"]) {
		st, err := incident.ParseStatus(name)
		if err != nil {
			return q, inField("status", err)
		}
		q.Statuses = append(q.Statuses, st)
	}
	for _, name := range splitList(v["severity"]) {
		sev, err := incident.ParseSeverity(name)
		if err != nil {
			return q, inField("severity", err)
		}
		q.Severities = append(q.Severities, sev)
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > store.MaxListLimit {
			return q, invalidField("limit", "limit %.20q (want a whole number from 1 to %d)", l, store.MaxListLimit)
		}
		q.Limit = n
	}
	return q, nil
}

// splitList accepts both ?status=a&status=b and ?status=a,b.
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var inc *incident.Incident
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		inc, err = loadIncident(tx, id)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, inc)
}

func (s *Server) getTimeline(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var resp client.Timeline
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := loadIncident(tx, id)
		if err != nil {
			return err
		}
		resp.Incident, resp.Head, resp.HeadSeq = inc.ID, inc.TimelineHead, inc.TimelineSeq
		resp.Events, err = tx.Timeline(id)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func loadIncident(tx *store.Tx, id string) (*incident.Incident, error) {
	return tx.LoadIncident(id)
}

// readAction decodes an action body strictly. An empty body is an empty request.
func readAction(w http.ResponseWriter, r *http.Request) (client.ActionRequest, error) {
	var req client.ActionRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxActionBody))
	if err != nil {
		return req, err
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return req, incident.Invalidf("request body: %v", err)
		}
	}
	if req.Actor == "" {
		req.Actor = defaultActor
	}
	return req, nil
}

// act decodes a lifecycle action, carries it out through change and
// answers with the incident as saved.
func (s *Server) act(w http.ResponseWriter, r *http.Request, change func(ctx context.Context, id string, req client.ActionRequest) (*incident.Incident, error)) {
	req, err := readAction(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inc, err := change(r.Context(), r.PathValue("id"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, inc)
}

func (s *Server) postAck(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, func(ctx context.Context, id string, req client.ActionRequest) (*incident.Incident, error) {
		return s.opts.Respond.Acknowledge(ctx, id, req.Actor)
	})
}

func (s *Server) postStatus(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, func(ctx context.Context, id string, req client.ActionRequest) (*incident.Incident, error) {
		if req.Status == "" {
			return nil, invalidField("status", `body needs "status", one of open, acknowledged, contained, resolved, closed`)
		}
		st, err := incident.ParseStatus(req.Status)
		if err != nil {
			return nil, inField("status", err)
		}
		return s.opts.Respond.SetStatus(ctx, id, req.Actor, st, req.Reason)
	})
}

func (s *Server) postNote(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, func(ctx context.Context, id string, req client.ActionRequest) (*incident.Incident, error) {
		return s.opts.Respond.Note(ctx, id, req.Actor, req.Text)
	})
}

// postAssessment records whether the breach must be notified: the body's
// "notifiable" (true or false, required) and "text" (why).
func (s *Server) postAssessment(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, func(ctx context.Context, id string, req client.ActionRequest) (*incident.Incident, error) {
		if req.Notifiable == nil {
			return nil, invalidField("notifiable", `body needs "notifiable": true or false, and "text": why`)
		}
		return s.opts.Respond.Assess(ctx, id, req.Actor, respond.Assessment{Notifiable: *req.Notifiable, Text: req.Text})
	})
}

// getBackup streams a consistent copy of the database while writes go on.
func (s *Server) getBackup(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="breachd.db"`)
	n, err := s.store.Backup(w, func(size int64) {
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	})
	if err != nil {
		// Headers are gone; the client sees a short body and its check fails.
		s.log.Error().Err(err).Int64("bytes", n).Msg("backup")
		return
	}
	s.log.Info().Int64("bytes", n).Msg("backup served")
}
