package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 1 << 20

// snippetLen bounds how much of an answer that is not the API's own an
// Error quotes.
const snippetLen = 120

// ErrorResponse is the body of every answer of the API other than a
// success: {"error": {"code", "message", "field"}}, with a list beside it
// where the refusal has one. A refused POST /api/v1/alerts also lists each
// alert it rejected; nothing of that request was published.
type ErrorResponse struct {
	Error    ErrorDetail `json:"error"`
	Rejected []Rejection `json:"rejected,omitempty"`
	// Approvers answers a refused approval decision (403): the step's
	// approvers, who may decide on it.
	Approvers []string `json:"approvers,omitempty"`
}

// ErrorDetail says what went wrong: a stable code for programs, a sentence
// for people, and the request field or query parameter at fault when one
// is.
type ErrorDetail struct {
	// Code is one of the Code constants; it does not change between
	// releases, where the message may.
	Code string `json:"code"`
	// Message says what went wrong and, where it can, how to fix it.
	Message string `json:"message"`
	// Field names the body field or query parameter at fault, when the
	// refusal is about one (as "limit" or "status").
	Field string `json:"field,omitempty"`
}

// Error is an answer of the API other than a success.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Code is the API's code for the error (ErrorDetail.Code); empty for
	// an answer that did not come from the API.
	Code string
	// Message is the API's own message (ErrorDetail.Message). An answer
	// that did not come from the API (a proxy's error page) has the status
	// text instead, and the start of the body on one line.
	Message string
	// Field is the body field or query parameter at fault, when the API
	// named one.
	Field string
	// Rejected lists the alerts a refused PostAlerts carried that the API
	// named, by their index.
	Rejected []Rejection
	// Approvers are the approvers of a step whose decision was refused
	// (403): who may decide instead.
	Approvers []string
}

// Error reads "<message> (HTTP <status>)".
func (e *Error) Error() string { return fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status) }

// readError reads an answer other than a success.
func readError(resp *http.Response) *Error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var body ErrorResponse
	e := &Error{Status: resp.StatusCode}
	if json.Unmarshal(raw, &body) == nil && body.Error.Code != "" && body.Error.Message != "" {
		e.Code, e.Message, e.Field = body.Error.Code, body.Error.Message, body.Error.Field
		e.Rejected, e.Approvers = body.Rejected, body.Approvers
		return e
	}
	// Not the API's own answer (a proxy, another server): say so.
	e.Message = http.StatusText(resp.StatusCode)
	if s := strings.TrimSpace(oneLine(string(raw), snippetLen)); s != "" {
		e.Message += ": " + s
	}
	return e
}

// oneLine makes text from another server fit in an error message: control
// characters (newlines, escape sequences) become spaces, bytes that are not
// UTF-8 become "?", and past max runes it is cut with an ellipsis.
func oneLine(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == max {
			return strings.TrimRight(b.String(), " ") + "…"
		}
		switch {
		case r == utf8.RuneError && !isRuneErrorLiteral(s[i:]):
			r = '?'
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isRuneErrorLiteral reports whether s starts with an encoded U+FFFD rather
// than an invalid byte.
func isRuneErrorLiteral(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size == 3
}

// UnreachableError is a call that got no answer from the server at all.
type UnreachableError struct {
	// Server is the API's base URL, without a password.
	Server string
	// Err is the transport's error.
	Err error
	// Hint, when the caller sets it, says how to fix it: the caller knows
	// how the server is started and where its URL comes from.
	Hint string
}

// Error says which server could not be reached, and why: "connection
// refused" when nothing listens there.
func (e *UnreachableError) Error() string {
	why := e.Err.Error()
	if errors.Is(e.Err, syscall.ECONNREFUSED) {
		why = "connection refused"
	}
	msg := fmt.Sprintf("cannot reach breachd at %s: %s", e.Server, why)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Unwrap returns the transport's error.
func (e *UnreachableError) Unwrap() error { return e.Err }
