package api

import (
	"errors"
	"net/http"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// fieldError is bad input in one named body field or query parameter; the
// answer names the field beside the message.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }

// Unwrap returns the problem, an incident.ErrInvalid.
func (e *fieldError) Unwrap() error { return e.err }

// invalidField is a problem with field, as incident.Invalidf words it.
func invalidField(field, format string, args ...any) error {
	return &fieldError{field: field, err: incident.Invalidf(format, args...)}
}

// inField marks err, an incident.ErrInvalid, as a problem with field; nil
// stays nil.
func inField(field string, err error) error {
	if err == nil {
		return nil
	}
	return &fieldError{field: field, err: err}
}

// notReady is the body of a 503 to GET /readyz: the status, and why, in
// the shape of every error.
type notReady struct {
	Status string             `json:"status"`
	Error  client.ErrorDetail `json:"error"`
}

// writeError answers with the one shape of every error of the API.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, client.ErrorResponse{Error: client.ErrorDetail{Code: code, Message: msg}})
}

// fail maps an error to its status and code once, at the edge: invalid
// input is the client's to fix and is shown; anything unexpected is logged
// and hidden.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	refuse := func(status int, code string) {
		d := client.ErrorDetail{Code: code, Message: err.Error()}
		if fe := (*fieldError)(nil); errors.As(err, &fe) {
			d.Field = fe.field
		}
		s.refuseWith(w, r, status, client.ErrorResponse{Error: d})
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		refuse(http.StatusNotFound, client.CodeNotFound)
	case errors.Is(err, incident.ErrTransition):
		refuse(http.StatusConflict, client.CodeConflict)
	case errors.Is(err, incident.ErrInvalid):
		refuse(http.StatusBadRequest, client.CodeBadRequest)
	case errors.As(err, &tooLarge):
		refuse(http.StatusRequestEntityTooLarge, client.CodeTooLarge)
	case errors.Is(err, store.ErrCorrupt):
		// Say what is damaged: an auditor running verify needs to know.
		s.log.Error().Err(err).Str("path", r.URL.Path).Msg("corrupt store")
		writeError(w, http.StatusInternalServerError, client.CodeStoreCorrupt, err.Error())
	default:
		s.log.Error().Err(err).Str("method", r.Method).Str("path", r.URL.Path).Msg("request failed")
		writeError(w, http.StatusInternalServerError, client.CodeInternal, "internal error")
	}
}
