package jsonerr_test

import (
	"errors"
	"testing"
	"time"

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

func TestClassifySortsEachErrorIntoItsKind(t *testing.T) {
	type doc struct {
		Count int64      `json:"count"`
		At    time.Time  `json:"at"`
		When  *time.Time `json:"when"`
	}
	cases := []struct {
		name, doc string
		kind      jsonerr.Kind
		path      string
	}{
		{"an empty document is truncated", ``, jsonerr.Truncated, "(top level)"},
		{"a document cut short is truncated", `{"count":`, jsonerr.Truncated, "count"},
		{"a repeated key is a duplicate", `{"count":1,"count":2}`, jsonerr.Duplicate, "count"},
		{"data after the object is trailing", `{} x`, jsonerr.Trailing, "(top level)"},
		{"a bad character is a syntax error", `{"count":x}`, jsonerr.Syntax, "count"},
		{"a key the type lacks is unknown", `{"nope":1}`, jsonerr.UnknownField, "nope"},
		{"an array for the document is top level", `[]`, jsonerr.TopLevel, "(top level)"},
		{"a number for a time is a timestamp", `{"at":1}`, jsonerr.Timestamp, "at"},
		{"a bad time behind a pointer is a timestamp", `{"when":"yesterday"}`, jsonerr.Timestamp, "when"},
		{"a string for a number is a wrong type", `{"count":"x"}`, jsonerr.WrongType, "count"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v doc
			err := json.Unmarshal([]byte(tc.doc), &v, json.RejectUnknownMembers(true))
			require.Error(t, err)
			p := jsonerr.Classify(err)
			require.Equal(t, tc.kind, p.Kind, "%v", err)
			require.Equal(t, tc.path, p.Path, "%v", err)
		})
	}
	t.Run("an error from elsewhere is other", func(t *testing.T) {
		err := errors.New("boom")
		p := jsonerr.Classify(err)
		require.Equal(t, jsonerr.Other, p.Kind)
		require.Equal(t, err, p.Err)
	})
	t.Run("a syntax error says where", func(t *testing.T) {
		var v doc
		p := jsonerr.Classify(json.Unmarshal([]byte(`{"count":x}`), &v))
		require.EqualValues(t, 9, p.Offset)
	})
}
