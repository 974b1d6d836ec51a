package incident

import (
	"errors"
	"fmt"
	"strings"
)

// Error categories. Callers classify with errors.Is; the message says what
// exactly was wrong.
var (
	// ErrInvalid marks input that can never become valid by retrying.
	ErrInvalid = errors.New("invalid")
	// ErrTransition marks a lifecycle change that the current status forbids.
	ErrTransition = errors.New("transition not allowed")
)

// ValidationError lists the problems found in one input. It matches
// ErrInvalid with errors.Is.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string { return strings.Join(e.Problems, "; ") }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Invalidf returns a ValidationError with one problem.
func Invalidf(format string, args ...any) error {
	return &ValidationError{Problems: []string{fmt.Sprintf(format, args...)}}
}
