package playbooks_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// problems loads one file and returns its problems as strings.
func problems(t *testing.T, src string) []string {
	t.Helper()
	_, err := playbooks.Load("p.yaml", []byte(src), playbooks.DefaultRegistry())
	if err == nil {
		return nil
	}
	var le *playbooks.LoadError
	require.ErrorAs(t, err, &le)
	var out []string
	for _, p := range le.Problems {
		out = append(out, p.Error())
	}
	return out
}

const good = `name: ok
match: alert.severity_level >= 4
steps:
  - name: tell
    notify: {channel: log, message: "{{ .Alert.Title }}"}
`

func TestAValidPlaybookLoads(t *testing.T) {
	require.Empty(t, problems(t, good))
}

// Approvers may be people by name or e-mail, Slack users and Slack user
// groups; a group may hold more approvers than are listed.
func TestApproversMayBeSlackUsersAndGroups(t *testing.T) {
	pbs, err := playbooks.Load("p.yaml", []byte("name: x\nmatch: true\nsteps:\n  - name: gate\n    approval: {required: 3, approvers: [alice@example.com, slack:U0BOB, slack:S0LEADS], expires: 1h}\n"), playbooks.DefaultRegistry())
	require.NoError(t, err)
	require.Equal(t, []string{"alice@example.com", "slack:U0BOB", "slack:S0LEADS"}, pbs[0].Steps[0].Approval.Approvers)
	require.True(t, playbooks.SlackUser("slack:U0BOB"))
	require.True(t, playbooks.SlackUser("slack:W0BOB"))
	require.False(t, playbooks.SlackUser("slack:S0LEADS"))
	require.True(t, playbooks.SlackGroup("slack:S0LEADS"))
	require.False(t, playbooks.SlackGroup("alice@example.com"))
}

func TestEveryProblemIsReportedWithItsPositionPlaybookAndStep(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		category  error
	}{
		{"an unknown key, with the closest one", "name: x\nmatch: true\nsetps: []\n",
			[]string{`p.yaml:3:1: playbook x: unknown key "setps" in the playbook (did you mean "steps"?)`}, playbooks.ErrUnknownKey},
		{"an unknown action", "name: x\nmatch: true\nsteps:\n  - name: a\n    action: revok_credentials\n",
			[]string{`p.yaml:5:13: playbook x, step a: unknown action "revok_credentials" (did you mean "revoke_credentials"?)`}, playbooks.ErrUnknownAction},
		{"a type error in an expression, at its column", "name: x\nmatch: alert.kind + 1 == 2\nsteps:\n  - {name: a, wait: 1m}\n",
			[]string{`p.yaml:2:19: playbook x: match: found no matching overload for '_+_' applied to '(string, int)'`}, playbooks.ErrExpression},
		{"an undefined field in an expression", "name: x\nmatch: 'alert.kidn == \"a\"'\nsteps:\n  - {name: a, wait: 1m}\n",
			[]string{`p.yaml:2:14: playbook x: match: undefined field 'kidn'`}, playbooks.ErrExpression},
		{"a condition that is not a bool", "name: x\nmatch: true\nsteps:\n  - {name: a, wait: 1m, if: alert.kind}\n",
			[]string{`p.yaml:4:29: playbook x, step a: if: the expression is a string, not a bool (true or false)`}, playbooks.ErrExpression},
		{"a bad duration", "name: x\nmatch: true\nsteps:\n  - name: a\n    wait: 5 minutes\n",
			[]string{`p.yaml:5:11: playbook x, step a: wait: "5 minutes" is not a duration: write it like 90s, 15m, 4h or 3d`}, playbooks.ErrDuration},
		{"a missing approver set and expiry", "name: x\nmatch: true\nsteps:\n  - name: gate\n    approval: {required: 2}\n",
			[]string{`p.yaml:5:15: playbook x, step gate: approval has no approvers`, `approval has no expires`}, playbooks.ErrInvalid},
		{"more approvals required than approvers", "name: x\nmatch: true\nsteps:\n  - name: gate\n    approval: {required: 3, approvers: [a, b], expires: 1h}\n",
			[]string{`required is 3 but only 2 approvers are listed`}, playbooks.ErrInvalid},
		{"a Slack approver that is no Slack id", "name: x\nmatch: true\nsteps:\n  - name: gate\n    approval: {approvers: [slack:alice, 'slack:#sec'], expires: 1h}\n",
			[]string{`p.yaml:5:28: playbook x, step gate: approver slack:alice: a Slack approver is slack: and a user id`, `approver slack:#sec`}, playbooks.ErrInvalid},
		{"a template field that does not exist", "name: x\nmatch: true\nsteps:\n  - name: a\n    action: isolate_host\n    with: {host: \"{{ .Alert.Asset.Hostname }}\"}\n",
			[]string{`p.yaml:6:28: playbook x, step a: host: template: .Alert.Asset (incident.Asset) has no field Hostname (it has ID, Type, Tenant)`}, playbooks.ErrTemplate},
		{"a template that does not parse", "name: x\nmatch: true\nsteps:\n  - name: a\n    notify: {channel: log, message: \"{{ .Alert.Title \"}\n",
			[]string{`playbook x, step a: message: template: unclosed action`}, playbooks.ErrTemplate},
		{"a field under with inside a range", "name: x\nmatch: true\nsteps:\n  - name: a\n    notify:\n      channel: log\n      message: |\n        {{ range .Alert.PersonalData.Categories }}{{ .Name }}{{ end }}\n",
			[]string{`p.yaml:8:`, `has no field Name`}, playbooks.ErrTemplate},
		{"a missing required parameter and an unknown one", "name: x\nmatch: true\nsteps:\n  - name: a\n    action: block_address\n    with: {adress: 1.2.3.4}\n",
			[]string{`unknown key "adress" in with (the parameters of block_address) (did you mean "address"?)`, `action block_address needs parameter address`}, playbooks.ErrInvalid},
		{"a parameter outside its enumeration", "name: x\nmatch: true\nsteps:\n  - name: a\n    action: isolate_host\n    with: {host: h, mode: partial}\n",
			[]string{`mode: "partial" is not one of "full", "selective"`}, playbooks.ErrInvalid},
		{"an unknown fact", "name: x\nmatch: true\nsteps:\n  - name: a\n    facts: {casue: misdelivery}\n",
			[]string{`unknown key "casue" in facts (did you mean "cause"?)`}, playbooks.ErrUnknownKey},
		{"an impossible fact value", "name: x\nmatch: true\nsteps:\n  - name: a\n    facts: {cause: accident, data_subjects: many}\n",
			[]string{`p.yaml:5:45: playbook x, step a: data_subjects must be an integer, not a string`}, playbooks.ErrInvalid},
		{"a fact value the facts model refuses", "name: x\nmatch: true\nsteps:\n  - name: a\n    facts: {cause: accident}\n",
			[]string{`p.yaml:5:20: playbook x, step a: cause: "accident" is not one of external_unlawful_access`}, playbooks.ErrFacts},
		{"two kinds in one step", "name: x\nmatch: true\nsteps:\n  - {name: a, wait: 1m, notify: {channel: log, message: hi}}\n",
			[]string{`a step must have exactly one of action, approval, notify, facts, wait (it has notify, wait)`}, playbooks.ErrInvalid},
		{"a timeout on a wait", "name: x\nmatch: true\nsteps:\n  - {name: a, wait: 1m, timeout: 5s}\n",
			[]string{`timeout applies to action and notify steps only`}, playbooks.ErrInvalid},
		{"a webhook with credentials", "name: x\nmatch: true\nsteps:\n  - {name: a, action: end_sessions, with: {account: a}, webhook: 'https://u:p@x.example/'}\n",
			[]string{`webhook: the URL holds credentials`}, playbooks.ErrInvalid},
		{"repeated step names", "name: x\nmatch: true\nsteps:\n  - {name: a, wait: 1m}\n  - {name: a, wait: 2m}\n",
			[]string{`p.yaml:5:5: playbook x, step a: another step (line 4) has the same name`}, playbooks.ErrInvalid},
		{"no match and no steps", "name: x\n",
			[]string{`playbook x: the playbook has no match expression`, `playbook x: the playbook has no steps`}, playbooks.ErrInvalid},
		{"a bad name", "name: Leaked Credentials\nmatch: true\nsteps:\n  - {name: a, wait: 1m}\n",
			[]string{`name "Leaked Credentials" must start with a lower case letter`}, playbooks.ErrInvalid},
		{"a string where a number goes", "name: x\nmatch: true\nsteps:\n  - {name: a, action: end_sessions, with: {account: a}, retries: lots}\n",
			[]string{`retries must be a whole number from 0 to 20`}, playbooks.ErrInvalid},
		{"a number where a string goes", "name: x\nmatch: true\nsteps:\n  - {name: a, notify: {channel: 42, message: hi}}\n",
			[]string{`channel must be a string, not a number`}, playbooks.ErrInvalid},
		{"not YAML", "name: x\n  match: [\n", []string{`p.yaml:1:1: not valid YAML:`}, playbooks.ErrInvalid},
		{"an alias", "name: &n x\nmatch: true\nsteps:\n  - {name: *n, wait: 1m}\n", []string{`anchors (&n) are not supported`}, playbooks.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := playbooks.Load("p.yaml", []byte(tc.src), playbooks.DefaultRegistry())
			require.Error(t, err)
			require.ErrorIs(t, err, tc.category)
			got := err.Error()
			for _, w := range tc.want {
				require.Contains(t, got, w)
			}
		})
	}
}

func TestEveryProblemOfEveryFileIsReportedAtOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.yaml", "name: a\nmatch: alert.nope\nsteps:\n  - {name: s, action: nope}\n  - {name: t, wait: soon}\n")
	write(t, dir, "b.yml", good)
	write(t, dir, "c.yaml", good) // the same name as b.yml
	write(t, dir, "notes.txt", "not a playbook")
	_, err := playbooks.LoadDir(dir, playbooks.DefaultRegistry())
	var le *playbooks.LoadError
	require.ErrorAs(t, err, &le)
	require.Len(t, le.Problems, 4, err.Error())
	require.Equal(t, 2, le.Files())
	require.Contains(t, le.Problems[3].Error(), "c.yaml:1:1: playbook ok: the name is already used by the playbook at ")
}

func TestAnEmptyDirectoryIsAProblem(t *testing.T) {
	_, err := playbooks.LoadDir(t.TempDir(), nil)
	require.ErrorContains(t, err, "no playbook files")
}

func TestHostileFilesAreRefusedWithAReason(t *testing.T) {
	deep := "name: x\nmatch: true\nsteps:\n  - name: a\n    facts:\n      data_categories: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n"
	laughs := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	many := strings.Repeat("---\n"+good, playbooks.MaxDocuments+1)
	longExpr := "name: x\nmatch: '" + strings.Repeat("alert.kind == \"a\" || ", 400) + "false'\nsteps:\n  - {name: a, wait: 1m}\n"
	costly := "name: x\nmatch: alert.description.matches(alert.title) && alert.labels.all(k, alert.labels.all(j, alert.description.contains(k + j)))\nsteps:\n  - {name: a, wait: 1m}\n"
	for _, tc := range []struct{ name, src, want string }{
		{"nesting past the depth bound", deep, "nested more than 16 levels deep"},
		{"a billion laughs", laughs, "anchors (&a) are not supported"},
		{"too many documents", many, "more than 64 playbooks in one file"},
		{"an oversized file", strings.Repeat("#", playbooks.MaxFileSize+1), "the file is over 262144 bytes"},
		{"invalid UTF-8", "name: \xff\n", "not valid UTF-8"},
		{"a NUL byte", "name: x\x00\n", "NUL byte"},
		{"a custom tag", "name: !!python/object x\nmatch: true\n", "custom tags"},
		{"an overlong expression", longExpr, "over the limit of 4096"},
		{"an expensive expression", costly, "over the limit of 10000"},
		{"a scalar document", "just text\n", "the playbook must be a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, strings.Join(problems(t, tc.src), "\n"), tc.want)
		})
	}
}

func TestTheBuiltInActionsAreValidAndListed(t *testing.T) {
	reg := playbooks.DefaultRegistry()
	for _, want := range []string{"revoke_credentials", "disable_account", "isolate_host", "block_address", "rotate_key", "snapshot_evidence", "make_bucket_private"} {
		_, ok := reg.Lookup(want)
		require.True(t, ok, want)
	}
	bad := playbooks.Action{Name: "x", Params: []playbooks.Param{{Name: "n", Type: playbooks.ParamInt, Required: true}}, Example: map[string]any{"n": "one", "m": 1}}
	_, err := playbooks.NewRegistry(bad, bad)
	require.ErrorContains(t, err, "declared twice")
	require.ErrorContains(t, err, "n: must be an integer")
	require.ErrorContains(t, err, "unknown parameter m")
}

func TestARegistryOfTheDeploymentDecidesWhichActionsExist(t *testing.T) {
	reg, err := playbooks.NewRegistry(playbooks.Action{Name: "page_cto", Params: []playbooks.Param{{Name: "why", Type: playbooks.ParamString}}, Example: map[string]any{}})
	require.NoError(t, err)
	_, err = playbooks.Load("p.yaml", []byte("name: x\nmatch: true\nsteps:\n  - {name: a, action: page_cto, with: {why: \"{{ .Incident.ID }}\"}}\n"), reg)
	require.NoError(t, err)
	_, err = playbooks.Load("p.yaml", []byte("name: x\nmatch: true\nsteps:\n  - {name: a, action: isolate_host, with: {host: h}}\n"), reg)
	require.ErrorIs(t, err, playbooks.ErrUnknownAction)
}

func TestEveryFactIsReadableFromExpressions(t *testing.T) {
	// Each key of incident.Facts must be a field of incident.facts in
	// expressions; a fact added to the model without it fails here.
	ft := reflect.TypeFor[incident.Facts]()
	for i := range ft.NumField() {
		key, _, _ := strings.Cut(ft.Field(i).Tag.Get("json"), ",")
		_, err := playbooks.Load("p.yaml", []byte("name: x\nmatch: has(incident.facts."+key+")\nsteps:\n  - {name: a, wait: 1m}\n"), nil)
		require.NoError(t, err, key)
	}
}

func TestProblemsMatchTheirCategory(t *testing.T) {
	_, err := playbooks.Load("p.yaml", []byte("name: x\nmatch: true\nsteps:\n  - {name: a, action: nope}\n"), nil)
	require.True(t, errors.Is(err, playbooks.ErrUnknownAction))
	require.True(t, errors.Is(err, playbooks.ErrInvalid))
	require.False(t, errors.Is(err, playbooks.ErrTemplate))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
}

// Conditions read an alert's labels and the incident's (its alerts'
// labels, the first value of each name).
func TestConditionsReadTheAlertsAndTheIncidentsLabels(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.yaml"), []byte(`name: root-on-prod
match: alert.labels["user.name"] == "root" && "env" in incident.labels && incident.labels["env"] == "prod"
steps:
  - {name: pause, wait: 1m}
`), 0o600))
	set, err := playbooks.LoadDir(dir, playbooks.DefaultRegistry())
	require.NoError(t, err)
	a := &incident.Alert{ID: "a", Source: "falco", Kind: "k", Severity: incident.SeverityHigh, Title: "t",
		Labels: map[string]string{"user.name": "root"}}
	inc := &incident.Incident{ID: "INC-2026-0001", Labels: map[string]string{"env": "prod"}}
	got, err := set.Matching(a, inc)
	require.NoError(t, err)
	require.Len(t, got, 1)
	inc.Labels = nil
	got, err = set.Matching(a, inc)
	require.NoError(t, err)
	require.Empty(t, got, "a label tested with in first: a missing one is no match")
}
