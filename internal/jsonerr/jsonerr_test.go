package jsonerr_test

import (
	"errors"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/jsonerr"
)

func TestErrorsAreDescribedByPathWantAndGot(t *testing.T) {
	var v struct {
		Outer struct {
			Count int64    `json:"count"`
			Tags  []string `json:"tags"`
		} `json:"outer"`
	}
	cases := []struct{ doc, path, want, got string }{
		{`{"outer":{"count":"x"}}`, "outer.count", "a whole number", "a string"},
		{`{"outer":{"tags":{}}}`, "outer.tags", "an array", "an object"},
		{`{"outer":{"tags":[1]}}`, "outer.tags.0", "a string", "a number"},
		{`[]`, "(top level)", "an object", "an array"},
	}
	for _, tc := range cases {
		err := json.Unmarshal([]byte(tc.doc), &v)
		var sem *json.SemanticError
		require.True(t, errors.As(err, &sem), "%s: %v", tc.doc, err)
		require.Equal(t, tc.path, jsonerr.Path(sem.JSONPointer), tc.doc)
		require.Equal(t, tc.want, jsonerr.Want(sem.GoType), tc.doc)
		require.Equal(t, tc.got, jsonerr.Got(sem.JSONKind), tc.doc)
	}
}
