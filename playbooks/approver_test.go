package playbooks_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/playbooks"
)

func TestDescribeApproversSaysWhoMayDecide(t *testing.T) {
	for _, tc := range []struct {
		name      string
		approvers []string
		want      string
	}{
		{"one approver", []string{"alice@example.com"}, "its approver is alice@example.com"},
		{"several, the last after and", []string{"alice@example.com", "slack:U0BOB", "carol"}, "its approvers are alice@example.com, slack:U0BOB and carol"},
		{"a Slack user group admits its members", []string{"alice@example.com", "slack:S0LEADS"},
			"its approvers are alice@example.com and any member of the Slack user group slack:S0LEADS"},
		{"none", nil, "it lists no approvers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, playbooks.DescribeApprovers(tc.approvers))
		})
	}
}
