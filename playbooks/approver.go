package playbooks

import "strings"

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
