// Package jsonerr puts the decoding errors of go-json-experiment/json into
// words a user can act on: which field, what it should be, what it was.
package jsonerr

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
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

// Kind is the category of a decoding error, in the order Classify tests
// them.
type Kind int

// Kinds of decoding error. The first four are syntactic (the bytes are not
// one JSON value), the rest semantic (the value does not fit the Go type).
const (
	// Other is an error that is neither syntactic nor semantic.
	Other Kind = iota
	// Truncated: the document is empty or ends in the middle of a value.
	Truncated
	// Duplicate: an object has the same key twice.
	Duplicate
	// Trailing: more data follows the top-level value.
	Trailing
	// Syntax is any other syntactic error; Problem.Offset says where.
	Syntax
	// UnknownField: a key the Go type does not have (only with
	// json.RejectUnknownMembers).
	UnknownField
	// TopLevel: the top-level value does not fit the Go type (for a struct:
	// it is not an object).
	TopLevel
	// Timestamp: a value for a time.Time is not an RFC 3339 string.
	Timestamp
	// WrongType: a value has the wrong kind for its Go type; Problem.Want
	// and Problem.Got name both.
	WrongType
	// Refused is any other semantic error with no Go type to name, such as
	// one an UnmarshalJSON method returned; Problem.Err has its words.
	Refused
)

// Problem is a classified decoding error.
type Problem struct {
	Kind Kind
	// Path is the dotted path of the key or value at fault (see Path).
	Path string
	// Offset is the byte offset of a syntactic error.
	Offset int64
	// Want names what the Go type takes and Got what the document had;
	// both are set for semantic errors.
	Want, Got string
	// Err is the underlying cause: the syntactic or semantic error's own
	// Err, or the error itself for Other. It may be nil for a plain type
	// mismatch.
	Err error
}

var timeType = reflect.TypeFor[time.Time]()

// Classify sorts an error from json.Unmarshal (or a jsontext decoder) into
// a Problem, so each caller only chooses its words.
func Classify(err error) Problem {
	var (
		sem *json.SemanticError
		syn *jsontext.SyntacticError
	)
	switch {
	case errors.As(err, &syn):
		p := Problem{Path: Path(syn.JSONPointer), Offset: syn.ByteOffset, Err: syn.Err, Kind: Syntax}
		switch {
		case errors.Is(syn.Err, io.ErrUnexpectedEOF):
			p.Kind = Truncated
		case strings.Contains(syn.Err.Error(), "duplicate"):
			p.Kind = Duplicate
		case strings.Contains(syn.Err.Error(), "after top-level value"):
			p.Kind = Trailing
		}
		return p
	case errors.As(err, &sem):
		p := Problem{Path: Path(sem.JSONPointer), Want: Want(sem.GoType), Got: Got(sem.JSONKind), Err: sem.Err}
		switch {
		case errors.Is(sem.Err, json.ErrUnknownName):
			p.Kind = UnknownField
		case sem.JSONPointer == "":
			p.Kind = TopLevel
		case sem.GoType == timeType || sem.GoType == reflect.PointerTo(timeType):
			p.Kind = Timestamp
		case sem.GoType != nil:
			p.Kind = WrongType
		default:
			p.Kind = Refused
		}
		return p
	}
	return Problem{Kind: Other, Err: err}
}
