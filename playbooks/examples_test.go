package playbooks_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// now is the fixed clock of these tests: just after the sample alerts.
var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func loadExamples(t testing.TB) *playbooks.Set {
	t.Helper()
	set, err := playbooks.LoadDir("examples", playbooks.DefaultRegistry())
	require.NoError(t, err)
	return set
}

// sample reads a sample alert and the incident it opens.
func sample(t testing.TB, name string) (*incident.Alert, *incident.Incident) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("examples", "alerts", name))
	require.NoError(t, err)
	a := decodeAlert(t, data)
	inc, err := playbooks.SimulateIncident(a, nil, now)
	require.NoError(t, err)
	return a, inc
}

// decodeAlert reads a native alert strictly and validates it.
func decodeAlert(t testing.TB, data []byte) *incident.Alert {
	t.Helper()
	var a incident.Alert
	require.NoError(t, json.Unmarshal(data, &a, json.RejectUnknownMembers(true)))
	require.NoError(t, a.Validate())
	return &a
}

func matching(t *testing.T, set *playbooks.Set, a *incident.Alert, inc *incident.Incident) []string {
	t.Helper()
	pbs, err := set.Matching(a, inc)
	require.NoError(t, err)
	var names []string
	for _, p := range pbs {
		names = append(names, p.Name)
	}
	return names
}

// step returns the planned step called name.
func step(t *testing.T, p playbooks.Plan, name string) playbooks.PlannedStep {
	t.Helper()
	for _, s := range p.Steps {
		if s.Name == name {
			require.Empty(t, s.Error, "step %s", name)
			return s
		}
	}
	t.Fatalf("plan %s has no step %s", p.Playbook, name)
	return playbooks.PlannedStep{}
}

// only plans the one playbook the sample alert must match.
func only(t *testing.T, alertFile, playbook string) playbooks.Plan {
	t.Helper()
	set := loadExamples(t)
	a, inc := sample(t, alertFile)
	require.Equal(t, []string{playbook}, matching(t, set, a, inc))
	pb, _ := set.Lookup(playbook)
	plan := pb.Plan(a, inc)
	for _, s := range plan.Steps {
		require.Empty(t, s.Error, "step %s", s.Name)
	}
	return plan
}

func TestTheExamplesLoadAndTheEmbeddedCopyIsTheSame(t *testing.T) {
	set := loadExamples(t)
	require.Len(t, set.Playbooks, 5)
	embedded, err := playbooks.LoadFS(playbooks.Examples(), "examples", playbooks.DefaultRegistry())
	require.NoError(t, err)
	require.Len(t, embedded.Playbooks, len(set.Playbooks))
	for i, p := range set.Playbooks {
		require.Equal(t, p.Name, embedded.Playbooks[i].Name)
		require.Equal(t, p.Match, embedded.Playbooks[i].Match)
	}
}

func TestRunIDAndStepKeyNameARunAsItsPlanDoes(t *testing.T) {
	set := loadExamples(t)
	a, inc := sample(t, "ransomware.json")
	for _, pb := range set.Playbooks {
		plan := pb.Plan(a, inc)
		require.Equal(t, plan.RunID, pb.RunID(a, inc), pb.Name)
		require.Len(t, plan.Steps, len(pb.Steps), pb.Name)
		for i, s := range plan.Steps {
			require.Equal(t, s.IdempotencyKey, playbooks.StepKey(plan.RunID, pb.Steps[i].Name), pb.Name)
		}
	}
}

func TestAnUnrelatedAlertMatchesNoExample(t *testing.T) {
	set := loadExamples(t)
	a, inc := sample(t, "unrelated.json")
	require.Empty(t, matching(t, set, a, inc))
}

func TestLeakedCredentialsRevokeEndSessionsAndSkipTheResetForAServiceAccount(t *testing.T) {
	p := only(t, "leaked-credentials.json", "leaked-credentials")
	revoke := step(t, p, "revoke")
	require.Equal(t, "breachd.actions.revoke_credentials", revoke.Action.Subject)
	require.Equal(t, "svc-deploy", revoke.Action.Params["account"])
	require.Equal(t, []any{"all"}, revoke.Action.Params["credentials"])
	require.Equal(t, 5, revoke.Retries)
	require.Equal(t, "INC-2026-0001/leaked-credentials/revoke", revoke.IdempotencyKey)
	require.False(t, step(t, p, "force-reset").Run, "svc-deploy is a service account")
	require.True(t, step(t, p, "end-sessions").Run)
	require.JSONEq(t, `{"cause":"external_unlawful_access","data_categories":["account_credentials"]}`, string(step(t, p, "record-facts").Facts))
	require.Contains(t, step(t, p, "tell-security").Notify.Message, "credentials of svc-deploy were exposed")
}

func TestAPublicBucketIsMadePrivateAndItsFactsComeFromTheDataMap(t *testing.T) {
	set := loadExamples(t)
	data, err := os.ReadFile(filepath.Join("examples", "alerts", "public-bucket.json"))
	require.NoError(t, err)
	a := decodeAlert(t, data)
	a.PersonalData = nil // the producer does not know; the data map does
	dm := incident.DataMap{{Match: incident.AssetPattern{Type: "bucket", Tenant: "acme-*"}, Role: incident.RoleProcessor,
		DataCategories: []string{"name", "health"}, DataSubjects: 40000, Jurisdictions: []string{"EU-DE"}}}
	inc, err := playbooks.SimulateIncident(a, dm, now)
	require.NoError(t, err)
	require.Equal(t, []string{"public-bucket-personal-data"}, matching(t, set, a, inc))
	pb, _ := set.Lookup("public-bucket-personal-data")
	p := pb.Plan(a, inc)
	require.Equal(t, map[string]any{"bucket": "s3://customer-exports", "revoke_presigned": true}, step(t, p, "make-private").Action.Params)
	require.Equal(t, "access_logs", step(t, p, "keep-access-logs").Action.Params["kind"])
	require.JSONEq(t, `{"cause":"external_unlawful_access","personal_data_known_at":"2026-11-23T09:14:00Z"}`, string(step(t, p, "record-facts").Facts))
	special := step(t, p, "special-categories")
	require.True(t, special.Run, "health data from the data map makes the risk high")
	require.JSONEq(t, `{"high_risk":true,"risk_to_rights":true}`, string(special.Facts))
	require.Contains(t, step(t, p, "tell-privacy").Notify.Message, "Holds: name, health; about 40000 people; jurisdictions EU-DE.")
}

func TestABucketWithoutPersonalDataMatchesNothing(t *testing.T) {
	set := loadExamples(t)
	a, _ := sample(t, "public-bucket.json")
	a.PersonalData = nil
	inc, err := playbooks.SimulateIncident(a, nil, now)
	require.NoError(t, err)
	require.Empty(t, matching(t, set, a, inc))
}

func TestRansomwareSnapshotsMemoryThenWaitsForApprovalBeforeIsolating(t *testing.T) {
	p := only(t, "ransomware.json", "ransomware-host")
	require.Equal(t, "memory", step(t, p, "snapshot-memory").Action.Params["kind"])
	require.Empty(t, step(t, p, "snapshot-memory").After)
	gate := step(t, p, "approve-isolation")
	require.Equal(t, 1, gate.Approval.Required)
	require.Len(t, gate.Approval.Approvers, 3)
	require.Equal(t, playbooks.Duration(30*time.Minute), gate.Approval.Expires)
	isolate := step(t, p, "isolate")
	require.Equal(t, "approve-isolation", isolate.After)
	require.Equal(t, map[string]any{"host": "fs-paris-02", "mode": "full"}, isolate.Action.Params)
}

func TestAMisdirectedEmailIsRecalledAndFollowedUpTheNextDay(t *testing.T) {
	p := only(t, "misdirected-email.json", "misdirected-email")
	recall := step(t, p, "recall-email")
	require.True(t, recall.Run)
	require.Equal(t, "<20261123.1015@mail.example.com>", recall.Action.Params["message_id"])
	require.Equal(t, []any{"buyer@customer-b.example"}, recall.Action.Params["recipients"])
	require.False(t, step(t, p, "revoke-export").Run, "an e-mail is no export")
	require.JSONEq(t, `{"cause":"misdelivery"}`, string(step(t, p, "record-facts").Facts))
	require.Equal(t, playbooks.Duration(24*time.Hour), step(t, p, "next-day").Wait)
}

func TestAnInsiderBulkExportNeedsTwoApprovalsBeforeTheAccountIsDisabled(t *testing.T) {
	p := only(t, "insider-bulk-export.json", "insider-bulk-export")
	gate := step(t, p, "approve-disable")
	require.Equal(t, 2, gate.Approval.Required)
	require.Equal(t, "Disable j.doe@example.com after a bulk export of 52000 records from crm-prod?", gate.Approval.Message)
	disable := step(t, p, "disable")
	require.Equal(t, "approve-disable", disable.After)
	require.Equal(t, "j.doe@example.com", disable.Action.Params["account"])
	require.JSONEq(t, `{"cause":"internal"}`, string(step(t, p, "record-facts").Facts))
}
