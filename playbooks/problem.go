package playbooks

import (
	"errors"
	"fmt"
	"strings"
)

// Categories of load problems, for errors.Is on a Problem or a LoadError.
var (
	// ErrInvalid is the category of every problem in a playbook file.
	ErrInvalid = errors.New("invalid playbook")
	// ErrUnknownKey: a key the language does not have (often a typo).
	ErrUnknownKey = fmt.Errorf("%w: unknown key", ErrInvalid)
	// ErrUnknownAction: an action the registry does not know.
	ErrUnknownAction = fmt.Errorf("%w: unknown action", ErrInvalid)
	// ErrExpression: a match or if expression that does not compile or
	// is not a bool.
	ErrExpression = fmt.Errorf("%w: expression", ErrInvalid)
	// ErrTemplate: a template that does not parse or reads a field that
	// does not exist.
	ErrTemplate = fmt.Errorf("%w: template", ErrInvalid)
	// ErrDuration: a duration that does not parse or is out of bounds.
	ErrDuration = fmt.Errorf("%w: duration", ErrInvalid)
	// ErrFacts: a facts step that names an unknown fact or sets an
	// impossible value.
	ErrFacts = fmt.Errorf("%w: facts", ErrInvalid)
	// ErrLimit: a file, document or list over the language's bounds.
	ErrLimit = fmt.Errorf("%w: over a limit", ErrInvalid)
)

// Problem is one thing wrong in a playbook file, at a position in it.
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Playbook string `json:"playbook,omitempty"`
	Step     string `json:"step,omitempty"`
	Message  string `json:"message"`
	// Err is the category (ErrUnknownAction…); never nil.
	Err error `json:"-"`
}

// Error renders file:line:col: playbook P, step S: message.
func (p Problem) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Line, p.Col)
	if p.Playbook != "" {
		fmt.Fprintf(&b, "playbook %s", p.Playbook)
		if p.Step != "" {
			fmt.Fprintf(&b, ", step %s", p.Step)
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Unwrap returns the category.
func (p Problem) Unwrap() error { return p.Err }

// LoadError lists every problem found in a set of playbook files, in file
// and position order. A set with any problem is refused whole.
type LoadError struct {
	Problems []Problem
}

// Error renders one problem a line.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.Is finds their categories.
func (e *LoadError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// Files counts the files with problems.
func (e *LoadError) Files() int {
	seen := map[string]bool{}
	for _, p := range e.Problems {
		seen[p.File] = true
	}
	return len(seen)
}
