package incident

import (
	"encoding/json"
	"slices"
	"strings"
)

// Status is where an incident stands in its lifecycle.
type Status string

// The lifecycle, in its usual order.
const (
	StatusOpen         Status = "open"
	StatusAcknowledged Status = "acknowledged"
	StatusContained    Status = "contained"
	StatusResolved     Status = "resolved"
	StatusClosed       Status = "closed"
)

// Statuses lists every status in lifecycle order.
func Statuses() []Status {
	return []Status{StatusOpen, StatusAcknowledged, StatusContained, StatusResolved, StatusClosed}
}

// next holds the allowed transitions. An incident moves forward; "resolved"
// may reopen when the fix did not hold, and "closed" is final (a recurrence
// opens a new incident).
var next = map[Status][]Status{
	StatusOpen:         {StatusAcknowledged, StatusContained, StatusResolved},
	StatusAcknowledged: {StatusContained, StatusResolved},
	StatusContained:    {StatusResolved},
	StatusResolved:     {StatusClosed, StatusOpen},
	StatusClosed:       nil,
}

// ParseStatus parses a status name.
func ParseStatus(s string) (Status, error) {
	st := Status(s)
	if _, ok := next[st]; !ok {
		names := make([]string, 0, len(next))
		for _, v := range Statuses() {
			names = append(names, string(v))
		}
		return "", Invalidf("status %q (want one of %s)", s, strings.Join(names, ", "))
	}
	return st, nil
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := next[s]; return ok }

// Active reports whether alerts may still fold into an incident in this status.
func (s Status) Active() bool {
	return s == StatusOpen || s == StatusAcknowledged || s == StatusContained
}

// Next lists the statuses s may move to.
func (s Status) Next() []Status { return slices.Clone(next[s]) }

// CanMoveTo reports whether the lifecycle allows s → to.
func (s Status) CanMoveTo(to Status) bool { return slices.Contains(next[s], to) }

// UnmarshalJSON decodes and checks a status name.
func (s *Status) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return Invalidf("status must be a string")
	}
	v, err := ParseStatus(name)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
