package incident

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Timeline event types of who works an incident and who was refused.
const (
	// EventAssigned: the incident was given to someone (or taken).
	EventAssigned EventType = "assigned"
	// EventActionRefused: someone asked for an action they are not allowed
	// to take; the timeline keeps the attempt for the audit.
	EventActionRefused EventType = "action_refused"
)

// assignData is the payload of an assigned event.
type assignData struct {
	From string `json:"from,omitempty"`
	To   string `json:"to"`
}

// Assign gives the incident to assignee, as actor. Giving it to whoever
// has it already is an ErrTransition, so that the person asking learns it.
func (inc *Incident) Assign(assignee, actor string, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	assignee = strings.TrimSpace(assignee)
	if assignee == "" || len(assignee) > MaxActorLen || !utf8.ValidString(assignee) {
		return nil, Invalidf("assignee must be 1 to %d bytes of UTF-8", MaxActorLen)
	}
	if !inc.Status.Active() {
		return nil, fmt.Errorf("%w: %s is %s; reopen it before assigning it", ErrTransition, inc.ID, inc.Status)
	}
	if inc.Assignee == assignee {
		return nil, fmt.Errorf("%w: %s is already assigned to %s", ErrTransition, inc.ID, assignee)
	}
	from := inc.Assignee
	inc.Assignee = assignee
	inc.UpdatedAt = now.UTC()
	e, err := inc.record(now, actor, EventAssigned, assignData{From: from, To: assignee})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}

// refusalData is the payload of an action_refused event.
type refusalData struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
}

// RecordRefusal records that actor asked for action and was refused for
// reason. It changes nothing else.
func (inc *Incident) RecordRefusal(action, actor, reason string, now time.Time) ([]Event, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if action == "" || len(action)+len(reason) > MaxNoteLen || !utf8.ValidString(action+reason) {
		return nil, Invalidf("a refusal needs an action and a reason of valid UTF-8 under %d bytes", MaxNoteLen)
	}
	e, err := inc.record(now, actor, EventActionRefused, refusalData{Action: action, Reason: reason})
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}
