package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/evidence"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// getEvidence answers with the incident's evidence bundle (a zip, see
// package evidence): the record, the timeline, the obligations and runs,
// read in one snapshot, the drafts as filed, and the signed checkpoints that saw the timeline
// with their public key.
func (s *Server) getEvidence(w http.ResponseWriter, r *http.Request) {
	b := evidence.Bundle{At: s.opts.Now().UTC()}
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := loadIncident(tx, r.PathValue("id"))
		if err != nil {
			return err
		}
		b.Incident = inc
		if b.Events, err = tx.Timeline(inc.ID); err != nil {
			return err
		}
		set, err := tx.Obligations(inc.ID)
		if err != nil {
			return err
		}
		if set == nil {
			set = &incident.Obligations{Incident: inc.ID, Obligations: []incident.Obligation{}}
		}
		b.Obligations = set
		runs, err := tx.Runs(inc.ID)
		if runs == nil {
			runs = []*incident.Run{}
		}
		b.Runs = runs
		if err != nil {
			return err
		}
		b.FiledDrafts = map[string][]byte{}
		for _, f := range incident.FiledDrafts(b.Events) {
			if b.FiledDrafts[f.Draft.SHA256], err = tx.FiledDraft(inc.ID, f.Draft.SHA256); err != nil {
				return fmt.Errorf("the draft filed at event %d: %w", f.Seq, err)
			}
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.opts.CheckpointDir != "" {
		if b.Checkpoints, b.PublicKey, err = checkpointsOf(s.opts.CheckpointDir, b.Incident.ID); err != nil {
			s.log.Error().Err(err).Str("incident_id", b.Incident.ID).Msg("evidence: read checkpoints")
			writeError(w, http.StatusInternalServerError, client.CodeInternal, "the checkpoints cannot be read")
			return
		}
	}
	var buf bytes.Buffer
	if err := evidence.Write(&buf, b); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", b.Incident.ID+"-evidence.zip"))
	_, _ = w.Write(buf.Bytes())
}

// checkpointsOf reads the checkpoint lines that saw incident id, and the
// public key, from the checkpoint directory (none yet: empty).
func checkpointsOf(dir, id string) ([]byte, string, error) {
	pub, err := os.ReadFile(filepath.Join(dir, checkpoint.PublicKeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	f, err := os.Open(filepath.Join(dir, checkpoint.LogFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, string(pub), nil
	}
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	lines, err := evidence.SelectCheckpoints(f, id)
	return lines, string(pub), err
}

// getCheckpoints answers with the daemon's signed checkpoints, one a line
// as the data directory's file holds them (none yet: empty), for verify
// --key against a running daemon.
func (s *Server) getCheckpoints(w http.ResponseWriter, r *http.Request) {
	if s.opts.CheckpointDir == "" {
		writeError(w, http.StatusNotImplemented, client.CodeNotImplemented, "this server keeps no checkpoints")
		return
	}
	f, err := os.Open(filepath.Join(s.opts.CheckpointDir, checkpoint.LogFile))
	w.Header().Set("Content-Type", "application/jsonl")
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		s.log.Error().Err(err).Msg("read checkpoints")
		writeError(w, http.StatusInternalServerError, client.CodeInternal, "the checkpoints cannot be read")
		return
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		s.log.Debug().Err(err).Msg("send checkpoints")
	}
}
