package api

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest/formats"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/playbooks"
)

// loadContract loads openapi.yaml and checks that it is a valid OpenAPI
// document.
func loadContract(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(contractYAML)
	require.NoError(t, err, "openapi.yaml")
	require.NoError(t, doc.Validate(t.Context()), "openapi.yaml")
	return doc
}

// contractPath is the contract's path of a ServeMux pattern's path: the
// same wildcards, without the {$} that anchors a path ending in a slash.
func contractPath(pattern string) string { return strings.TrimSuffix(pattern, "{$}") }

func TestTheContractNamesEveryRouteAndNoOther(t *testing.T) {
	doc := loadContract(t)
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	s := newFixture(t, "").api
	var served []string
	for _, rt := range s.routes() {
		served = append(served, rt.method+" "+contractPath(rt.path))
	}
	var missing, extra []string
	for _, r := range served {
		if !slices.Contains(documented, r) {
			missing = append(missing, r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(served, r) {
			extra = append(extra, r)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	require.Empty(t, missing, "routes the server serves that openapi.yaml lacks")
	require.Empty(t, extra, "routes openapi.yaml names that the server does not serve")
	require.Len(t, served, len(documented))
}

// Every route of the API needs the token when one is set, and the public
// ones do not: the contract says which are which.
func TestTheContractSaysWhichRoutesNeedTheToken(t *testing.T) {
	doc := loadContract(t)
	s := newFixture(t, "").api
	for _, rt := range s.routes() {
		item := doc.Paths.Find(contractPath(rt.path))
		if item == nil || item.GetOperation(rt.method) == nil {
			continue // TestTheContractNamesEveryRouteAndNoOther names it
		}
		op := item.GetOperation(rt.method)
		open := op.Security != nil && len(*op.Security) == 0
		require.Equal(t, rt.access == public, open, "%s: public in the server, open in the contract", rt.pattern())
	}
}

func TestTheContractIsServedAsJSONWithoutAToken(t *testing.T) {
	f := newFixture(t, "s3cret")
	f.token = ""
	code, body := f.do("GET", "/api/v1/openapi.json", "")
	require.Equal(t, http.StatusOK, code, body)
	var fromYAML any
	require.NoError(t, yaml.Unmarshal(contractYAML, &fromYAML))
	want, err := json.Marshal(fromYAML)
	require.NoError(t, err)
	require.JSONEq(t, string(want), body)
	require.True(t, strings.HasPrefix(body, `{"openapi":"3.1.0","info":`), "the document's order is kept")
}

// The schemas of the contract name exactly the JSON fields of the Go types
// the API encodes and decodes, so that neither can drift from the other.
func TestTheContractsSchemasHaveTheFieldsOfTheGoTypes(t *testing.T) {
	doc := loadContract(t)
	types := map[string]any{
		"Incident": incident.Incident{}, "Asset": incident.Asset{}, "PersonalData": incident.PersonalData{},
		"Customer": incident.Customer{}, "Flood": incident.Flood{}, "Submission": incident.Submission{},
		"FiledDraft": incident.FiledDraft{}, "Facts": incident.Facts{}, "Hold": incident.Hold{},
		"Event": incident.Event{}, "Obligation": incident.Obligation{}, "Obligations": incident.Obligations{},
		"FactChange": incident.FactChange{}, "Run": incident.Run{}, "RunStep": incident.RunStep{},
		"Decision": incident.Decision{}, "Alert": incident.Alert{}, "AlertInput": incident.Alert{}, "Matcher": incident.Matcher{},
		"Silence": client.Silence{}, "SilenceList": client.SilenceList{}, "SilenceRequest": client.SilenceRequest{},
		"Accepted": client.Accepted{}, "Rejection": client.Rejection{},
		"IncidentList": client.IncidentList{}, "ListedIncident": client.ListedIncident{}, "NextDeadline": client.NextDeadline{},
		"Timeline": client.Timeline{}, "ActionRequest": client.ActionRequest{},
		"FactsResponse": client.FactsResponse{}, "NarrativeResponse": client.NarrativeResponse{},
		"SubmissionRequest": client.SubmissionRequest{}, "SubmissionResponse": client.SubmissionResponse{},
		"Runs": client.Runs{}, "ApprovalRequest": client.ApprovalRequest{},
		"Deadline": client.Deadline{}, "DeadlineList": client.DeadlineList{},
		"ClusterStatus": ClusterStatus{}, "ClusterNode": ClusterNode{}, "ClusterSnapshot": ClusterSnapshot{},
		"Regime": client.Regime{}, "Rule": client.Rule{}, "RegimeList": client.RegimeList{}, "RegimeDetail": client.RegimeDetail{},
		"DeadLetter": client.DeadLetter{}, "DeadLetterList": client.DeadLetterList{}, "ReplayRequest": client.ReplayRequest{},
		"Replayed": client.Replayed{}, "ReplayFailure": client.ReplayFailure{},
		"Register": obligations.Register{}, "RegisterEntry": obligations.Entry{}, "Problem": playbooks.Problem{},
		"Error": client.ErrorResponse{}, "ErrorDetail": client.ErrorDetail{}, "NotReady": notReady{},
		"ReloadRefused": reloadResponse{}, "Reloaded": reloadResponse{},
		"AlertmanagerWebhook": formats.AlertmanagerWebhook{},
	}
	// Health is a map in the server, {"status": "ok"}; DeadLetterReason
	// is a string (TestTheContractNamesEveryDeadLetterReason).
	notGo := []string{"Health", "DeadLetterReason"}
	for name := range doc.Components.Schemas {
		if _, ok := types[name]; !ok && !slices.Contains(notGo, name) {
			t.Errorf("openapi.yaml's schema %s is of no Go type this test knows: add it to the list", name)
		}
	}
	// The bodies that share one Go type show some of its fields each.
	partial := map[string]bool{"ReloadRefused": true, "Reloaded": true}
	for name, v := range types {
		t.Run(name, func(t *testing.T) {
			ref := doc.Components.Schemas[name]
			require.NotNil(t, ref, "openapi.yaml has no schema %s", name)
			var documented []string
			for prop := range ref.Value.Properties {
				documented = append(documented, prop)
			}
			slices.Sort(documented)
			fields := jsonFields(reflect.TypeOf(v))
			slices.Sort(fields)
			if partial[name] {
				for _, p := range documented {
					require.Contains(t, fields, p, "%s.%s is not a field of %T", name, p, v)
				}
				return
			}
			require.Equal(t, fields, documented, "the fields of %T (left) and the properties of %s (right)", v, name)
		})
	}
}

// jsonFields lists the JSON names encoding/json gives the fields of t,
// those of embedded structs included.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-", !f.IsExported() && !f.Anonymous:
		case f.Anonymous && name == "":
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			out = append(out, jsonFields(et)...)
		case name == "":
			out = append(out, f.Name)
		default:
			out = append(out, name)
		}
	}
	return out
}

func TestTheContractNamesEveryDeadLetterReason(t *testing.T) {
	doc := loadContract(t)
	var documented []string
	for _, v := range doc.Components.Schemas["DeadLetterReason"].Value.Enum {
		documented = append(documented, v.(string))
	}
	require.ElementsMatch(t, deadLetterReasons(), documented)
}

// The contract lists exactly the codes package client declares.
func TestTheContractNamesEveryErrorCode(t *testing.T) {
	doc := loadContract(t)
	var documented []string
	for _, v := range doc.Components.Schemas["ErrorDetail"].Value.Properties["code"].Value.Enum {
		documented = append(documented, v.(string))
	}
	file, err := parser.ParseFile(token.NewFileSet(), "../client/codes.go", nil, 0)
	require.NoError(t, err)
	var declared []string
	ast.Inspect(file, func(n ast.Node) bool {
		if spec, ok := n.(*ast.ValueSpec); ok && strings.HasPrefix(spec.Names[0].Name, "Code") {
			code, err := strconv.Unquote(spec.Values[0].(*ast.BasicLit).Value)
			require.NoError(t, err)
			declared = append(declared, code)
		}
		return true
	})
	require.NotEmpty(t, declared)
	require.ElementsMatch(t, declared, documented)
}
