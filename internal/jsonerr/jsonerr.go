// Package jsonerr puts the decoding errors of go-json-experiment/json into
// words a user can act on: which field, what it should be, what it was.
package jsonerr

import (
	"reflect"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Path turns a JSON pointer (/personal_data/subjects) into a dotted field
// path (personal_data.subjects), or "(top level)".
func Path(p jsontext.Pointer) string {
	var parts []string
	for tok := range p.Tokens() {
		parts = append(parts, tok)
	}
	if len(parts) == 0 {
		return "(top level)"
	}
	return strings.Join(parts, ".")
}

// Got names a JSON kind as found in a document: "a string", "an object"…
func Got(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "something else"
}

// Want names what a Go type takes in JSON: "a string", "a whole number"…
func Want(t reflect.Type) string {
	if t == nil {
		return "something else"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Bool:
		return "a boolean"
	}
	return "a " + t.Kind().String()
}
