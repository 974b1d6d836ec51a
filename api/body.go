package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/breachd/breachd/incident"
)

// readJSON decodes a request body of at most maxActionBody bytes strictly
// (an unknown field is an error) into v. want shows the expected shape in
// the error.
func readJSON(w http.ResponseWriter, r *http.Request, v any, want string) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxActionBody))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return incident.Invalidf("request body: %v (want %s)", err, want)
	}
	return nil
}
