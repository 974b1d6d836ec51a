package playbooks

import (
	"fmt"
	"strings"
)

// An approval step's approvers are people as the daemon's callers name
// them: a name or e-mail address (the API's and breachctl's approver, and
// a Slack user whose profile has that address), a Slack user
// (slack:U0123ABCD) or a Slack user group (slack:S0123ABCD), any member of
// which may decide.

// SlackPrefix starts an approver that is a Slack identity.
const SlackPrefix = "slack:"

// SlackUser reports whether approver is a Slack user: slack:U… or
// slack:W… (an Enterprise Grid user).
func SlackUser(approver string) bool {
	id, ok := strings.CutPrefix(approver, SlackPrefix)
	return ok && len(id) > 1 && (id[0] == 'U' || id[0] == 'W') && slackID(id)
}

// SlackGroup reports whether approver is a Slack user group: slack:S….
func SlackGroup(approver string) bool {
	id, ok := strings.CutPrefix(approver, SlackPrefix)
	return ok && len(id) > 1 && id[0] == 'S' && slackID(id)
}

// slackID reports whether id is made of what Slack's ids are made of.
func slackID(id string) bool {
	for _, c := range id {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return len(id) <= 32
}

// NotApproverError is a decision refused because its approver is not
// among the step's approvers. It names who may decide, so that whoever was
// refused knows whom to ask. It is ErrNotApprover to errors.Is.
type NotApproverError struct {
	Approver string
	Run      string
	Step     string
	// Approvers are the step's approvers, as its playbook lists them.
	Approvers []string
}

// Error reads "not an allowed approver: mallory may not decide on STEP of
// RUN; its approvers are alice@example.com, bob@example.com".
func (e *NotApproverError) Error() string {
	return fmt.Sprintf("%v: %s may not decide on %s of %s; %s", ErrNotApprover, e.Approver, e.Step, e.Run, DescribeApprovers(e.Approvers))
}

// Unwrap makes the error ErrNotApprover.
func (e *NotApproverError) Unwrap() error { return ErrNotApprover }

// DescribeApprovers says in words who may decide on an approval step: "its
// approvers are a, b and any member of the Slack user group slack:S0LEADS".
func DescribeApprovers(approvers []string) string {
	if len(approvers) == 0 {
		return "it lists no approvers"
	}
	parts := make([]string, len(approvers))
	for i, a := range approvers {
		if SlackGroup(a) {
			parts[i] = "any member of the Slack user group " + a
		} else {
			parts[i] = a
		}
	}
	if len(parts) == 1 {
		return "its approver is " + parts[0]
	}
	return "its approvers are " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
