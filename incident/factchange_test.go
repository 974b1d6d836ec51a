package incident_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

// factsEvent decodes the payload of a facts_changed event.
func factsEvent(t *testing.T, e incident.Event) (changes map[string][2]string, source string) {
	t.Helper()
	require.Equal(t, incident.EventFactsChanged, e.Type)
	var d struct {
		Changes []struct {
			Field string          `json:"field"`
			Old   json.RawMessage `json:"old"`
			New   json.RawMessage `json:"new"`
		} `json:"changes"`
		Source string `json:"source"`
	}
	require.NoError(t, json.Unmarshal(e.Data, &d))
	changes = map[string][2]string{}
	for _, c := range d.Changes {
		changes[c.Field] = [2]string{string(c.Old), string(c.New)}
	}
	return changes, d.Source
}

func TestTriageDerivesFactsFromPersonalData(t *testing.T) {
	l := newLedger()
	a := validAlert()
	a.PersonalData = &incident.PersonalData{Categories: []string{"name", "email"}, Subjects: 1200, Jurisdictions: []string{"EU-IE", "sg", "Atlantis"}}
	_, c := l.run(t, testPolicy(), t0, a)
	inc := l.only(t)
	require.NotNil(t, inc.Facts)
	require.Equal(t, a.Time, inc.Facts.AwareAt, "aware from the first alert")
	require.Equal(t, []string{"name", "email"}, inc.Facts.DataCategories)
	require.Equal(t, []string{"EU-IE", "SG"}, inc.Facts.Jurisdictions, "codes normalised, unknown ones left out")
	require.Equal(t, 1200, *inc.Facts.DataSubjects)
	require.Nil(t, inc.Facts.Encrypted, "an alert that does not say whether the data was encrypted leaves it unknown, not false")
	require.True(t, *inc.Facts.PersonalDataAffected)
	require.Equal(t, []*incident.Incident{inc}, cloneIDs(c.FactsChanged, l))
	ev := c.Events[len(c.Events)-1]
	changes, source := factsEvent(t, ev)
	require.Equal(t, "a-1", source)
	require.Equal(t, incident.TriageActor, ev.Actor)
	require.Equal(t, [2]string{"null", "1200"}, changes["data_subjects"])
	require.Equal(t, [2]string{"null", `"2026-03-14T09:00:00Z"`}, changes["aware_at"])

	// The same personal data again changes nothing.
	dup := validAlert()
	dup.ID, dup.PersonalData = "a-2", a.PersonalData
	_, c = l.run(t, testPolicy(), t0.Add(time.Minute), dup)
	require.Empty(t, c.FactsChanged)
	require.Zero(t, countType(c.Events, incident.EventFactsChanged))

	// More subjects and a new category widen the facts; fewer never narrow them.
	more := validAlert()
	more.ID = "a-3"
	more.PersonalData = &incident.PersonalData{Categories: []string{"phone"}, Subjects: 5000}
	_, c = l.run(t, testPolicy(), t0.Add(2*time.Minute), more)
	require.Len(t, c.FactsChanged, 1)
	changes, _ = factsEvent(t, c.Events[len(c.Events)-1])
	require.Equal(t, [2]string{"1200", "5000"}, changes["data_subjects"])
	require.Equal(t, [2]string{`["name","email"]`, `["name","email","phone"]`}, changes["data_categories"])
	require.Len(t, changes, 2)
	fewer := validAlert()
	fewer.ID = "a-4"
	fewer.PersonalData = &incident.PersonalData{Subjects: 10}
	_, c = l.run(t, testPolicy(), t0.Add(3*time.Minute), fewer)
	require.Empty(t, c.FactsChanged)
	require.Equal(t, 5000, *l.only(t).Facts.DataSubjects)
	l.verify(t)
}

// cloneIDs maps incidents to the stored ones with the same ids, so that
// tests compare the stored state.
func cloneIDs(incs []*incident.Incident, l *ledger) []*incident.Incident {
	var out []*incident.Incident
	for _, inc := range incs {
		out = append(out, l.incidents[inc.ID])
	}
	return out
}

func TestTriageSeedsFactsFromTheDataMap(t *testing.T) {
	p := testPolicy()
	p.DataMap = incident.DataMap{
		{Match: incident.AssetPattern{ID: "db-*"}, Role: incident.RoleProcessor, DataCategories: []string{"email"}, DataSubjects: 40000, Jurisdictions: []string{"EU-DE"}, Customer: &incident.Customer{Name: "Acme GmbH", Contact: "dpo@acme.example"}},
		{Match: incident.AssetPattern{Tenant: "acme"}, DataCategories: []string{"payment_card"}, DataSubjects: 100, Jurisdictions: []string{"UK"}},
		{Match: incident.AssetPattern{Type: "bucket"}, DataCategories: []string{"health"}},
	}
	l := newLedger()
	a := validAlert()
	a.PersonalData = nil
	_, c := l.run(t, p, t0, a)
	inc := l.only(t)
	require.Equal(t, incident.RoleProcessor, inc.Facts.Role)
	require.Equal(t, []string{"email", "payment_card"}, inc.Facts.DataCategories)
	require.Equal(t, []string{"EU-DE", "UK"}, inc.Facts.Jurisdictions)
	require.Equal(t, 40000, *inc.Facts.DataSubjects)
	require.Equal(t, a.Time, inc.Facts.AwareAt)
	require.Equal(t, &incident.Customer{Name: "Acme GmbH", Contact: "dpo@acme.example"}, inc.Customer)
	require.Len(t, c.FactsChanged, 1)
	_, source := factsEvent(t, c.Events[1])
	require.Equal(t, "data_map", source)
	l.verify(t)

	// An asset no entry matches gets no facts.
	l = newLedger()
	other := onAsset("b-1", "web-1", t0)
	other.Asset.Tenant = "globex"
	_, c = l.run(t, p, t0, other)
	require.Nil(t, l.only(t).Facts)
	require.Empty(t, c.FactsChanged)
}

func TestDataMapValidate(t *testing.T) {
	err := incident.DataMap{
		{},
		{Match: incident.AssetPattern{ID: "db-["}},
		{Match: incident.AssetPattern{ID: "x"}, Role: "owner", DataSubjects: -1, Jurisdictions: []string{"EU"}},
	}.Validate()
	p := problems(t, err)
	require.Contains(t, p, "data map entry 0: match needs at least one of id, type, tenant")
	require.Contains(t, p, `data map entry 1: match.id "db-[" is not a valid pattern`)
	require.Len(t, p, 5)
}

// withFacts returns a stored-looking incident with facts aware at t0.
func withFacts(t *testing.T) *incident.Incident {
	t.Helper()
	l := newLedger()
	l.run(t, testPolicy(), t0, validAlert())
	inc := l.only(t)
	require.NotNil(t, inc.Facts)
	return inc
}

func TestPatchFacts(t *testing.T) {
	now := t0.Add(time.Hour)
	t.Run("sets and unsets keys, recording old and new values", func(t *testing.T) {
		inc := withFacts(t)
		inc.Facts.Encrypted = ptr(false) // as an alert that said so leaves it
		seq := inc.TimelineSeq
		events, err := inc.PatchFacts([]byte(`{"role":"controller","data_subjects":800,"encrypted":null,"high_risk":true}`), "alice", nil, now)
		require.NoError(t, err)
		require.Len(t, events, 1)
		require.Equal(t, "alice", events[0].Actor)
		require.Equal(t, seq+1, events[0].Seq)
		changes, source := factsEvent(t, events[0])
		require.Empty(t, source)
		require.Equal(t, map[string][2]string{
			"role":          {"null", `"controller"`},
			"data_subjects": {"1200", "800"},
			"encrypted":     {"false", "null"},
			"high_risk":     {"null", "true"},
		}, changes)
		require.Nil(t, inc.Facts.Encrypted)
		require.Equal(t, 800, *inc.Facts.DataSubjects)
		require.Equal(t, now, inc.UpdatedAt)
	})
	t.Run("the same values record nothing", func(t *testing.T) {
		inc := withFacts(t)
		events, err := inc.PatchFacts([]byte(`{"data_subjects":1200}`), "alice", nil, now)
		require.NoError(t, err)
		require.Empty(t, events)
	})
	t.Run("bad input changes nothing and names the key", func(t *testing.T) {
		for _, tc := range []struct{ patch, want string }{
			{`{"data_subjectz":1}`, "unknown key data_subjectz"},
			{`{"data_subjects":"many"}`, "data_subjects must be"},
			{`{"assessed_notifiable_at":"2026-03-01T00:00:00Z"}`, "assessed_notifiable_at: 2026-03-01T00:00:00Z is before aware_at"},
			{`{"jurisdictions":["XX"]}`, "jurisdictions.0"},
			{`{"aware_at":null}`, "aware_at: is required"},
			{`{}`, "no facts given"},
			{`[]`, "must be a JSON object"},
			{`{"role":"controller","role":"processor"}`, "role appears twice"},
			{`nope`, "not JSON"},
		} {
			inc := withFacts(t)
			before := inc.Clone()
			_, err := inc.PatchFacts([]byte(tc.patch), "alice", nil, now)
			require.ErrorIs(t, err, incident.ErrInvalidFacts, tc.patch)
			require.ErrorIs(t, err, incident.ErrInvalid, tc.patch)
			require.ErrorContains(t, err, tc.want)
			require.Equal(t, before, inc, "nothing half-applied for %s", tc.patch)
		}
	})
	t.Run("the catalog check can refuse", func(t *testing.T) {
		inc := withFacts(t)
		refuse := errors.New("unknown regime")
		_, err := inc.PatchFacts([]byte(`{"high_risk":true}`), "alice", func(*incident.Facts) error { return refuse }, now)
		require.ErrorIs(t, err, refuse)
		require.Nil(t, inc.Facts.HighRisk)
	})
	t.Run("the first facts are aware from the first alert", func(t *testing.T) {
		l := newLedger()
		a := validAlert()
		a.PersonalData = nil
		l.run(t, testPolicy(), t0.Add(time.Minute), a)
		inc := l.only(t)
		require.Nil(t, inc.Facts)
		_, err := inc.PatchFacts([]byte(`{"jurisdictions":["SG"]}`), "bob", nil, now)
		require.NoError(t, err)
		require.Equal(t, a.Time, inc.Facts.AwareAt)
	})
}

func TestRecordSubmission(t *testing.T) {
	now := t0.Add(30 * time.Hour)
	inc := withFacts(t)
	events, err := inc.RecordSubmission("gdpr_art33_sa", now.Add(-time.Hour), "DPC-2026-118", "alice", nil, nil, now)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, incident.EventSubmissionRecorded, events[0].Type)
	require.Equal(t, now.Add(-time.Hour), inc.Facts.Submitted["gdpr_art33_sa"])
	require.Equal(t, []incident.Submission{{Regime: "gdpr_art33_sa", At: now.Add(-time.Hour), Ref: "DPC-2026-118", By: "alice", RecordedAt: now}}, inc.Submissions)

	// An updated report replaces the time and is listed too; zero means now.
	_, err = inc.RecordSubmission("gdpr_art33_sa", time.Time{}, "DPC-2026-118/2", "alice", nil, nil, now)
	require.NoError(t, err)
	require.Equal(t, now, inc.Facts.Submitted["gdpr_art33_sa"])
	require.Len(t, inc.Submissions, 2)

	for _, tc := range []struct {
		regime string
		at     time.Time
		want   string
	}{
		{"", now, "regime is required"},
		{"gdpr_art33_sa", now.Add(time.Hour), "in the future"},
		{"gdpr_art33_sa", t0.Add(-time.Hour), "before aware_at"},
	} {
		before := inc.Clone()
		_, err := inc.RecordSubmission(tc.regime, tc.at, "", "alice", nil, nil, now)
		require.ErrorIs(t, err, incident.ErrInvalid)
		require.ErrorContains(t, err, tc.want)
		require.Equal(t, before, inc)
	}

	l := newLedger()
	a := validAlert()
	a.PersonalData = nil
	l.run(t, testPolicy(), t0, a)
	_, err = l.only(t).RecordSubmission("gdpr_art33_sa", now, "", "alice", nil, nil, now)
	require.ErrorContains(t, err, "no breach facts yet")
}

func TestSetNarrative(t *testing.T) {
	known := func(k string) error {
		if k == "nature" || k == "measures_taken" {
			return nil
		}
		return errors.New("unknown narrative key " + k)
	}
	inc := withFacts(t)
	now := t0.Add(time.Hour)
	events, err := inc.SetNarrative(map[string]string{"nature": "Customer table exported", "measures_taken": "Key rotated"}, "alice", known, now)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, incident.EventNarrativeChanged, events[0].Type)
	require.Equal(t, map[string]string{"nature": "Customer table exported", "measures_taken": "Key rotated"}, inc.Narrative)

	events, err = inc.SetNarrative(map[string]string{"nature": "Customer table exported"}, "alice", known, now)
	require.NoError(t, err)
	require.Empty(t, events, "the same text records nothing")

	events, err = inc.SetNarrative(map[string]string{"measures_taken": ""}, "bob", known, now)
	require.NoError(t, err)
	require.JSONEq(t, `{"changes":[{"field":"measures_taken","old":"Key rotated","new":""}]}`, string(events[0].Data))
	require.Equal(t, map[string]string{"nature": "Customer table exported"}, inc.Narrative)

	before := inc.Clone()
	_, err = inc.SetNarrative(map[string]string{"nature": "x", "colour": "blue"}, "bob", known, now)
	require.ErrorIs(t, err, incident.ErrInvalid)
	require.ErrorContains(t, err, "unknown narrative key colour")
	require.Equal(t, before, inc, "nothing half-applied")
	_, err = inc.SetNarrative(map[string]string{"nature": strings.Repeat("x", incident.MaxNarrativeText+1)}, "bob", known, now)
	require.ErrorContains(t, err, "over the limit")
	_, err = inc.SetNarrative(nil, "bob", known, now)
	require.ErrorContains(t, err, "no narrative given")
}

// FuzzPatchFacts: any patch either applies to valid facts or fails with
// ErrInvalidFacts, leaving the incident as it was; it never panics.
func FuzzPatchFacts(f *testing.F) {
	for _, seed := range []string{
		`{"data_subjects":800}`, `{"encrypted":null}`, `{"jurisdictions":["SG","EU-IE"],"role":"processor"}`,
		`{"holds":[{"regime":"x","reason":"y","until":"2026-04-01T00:00:00Z"}]}`, `{"aware_at":null}`,
		`{}`, `[]`, `null`, `{"a":1,"a":2}`, `{"submitted":{"gdpr_art33_sa":"2026-03-15T00:00:00Z"}}`,
	} {
		f.Add([]byte(seed))
	}
	base := &incident.Incident{ID: "INC-2026-0001", Status: incident.StatusOpen, Severity: incident.SeverityHigh,
		AlertCount: 1, TimelineSeq: 1, TimelineHead: incident.GenesisHash, FirstSeen: t0,
		Facts: &incident.Facts{AwareAt: t0, DataSubjects: ptr(1200)}}
	f.Fuzz(func(t *testing.T, patch []byte) {
		inc := base.Clone()
		events, err := inc.PatchFacts(patch, "fuzz", nil, t0.Add(time.Hour))
		if err != nil {
			if !errors.Is(err, incident.ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			if inc.TimelineSeq != 1 || *inc.Facts.DataSubjects != 1200 {
				t.Fatalf("a refused patch changed the incident")
			}
			return
		}
		if err := inc.Facts.Validate(); err != nil {
			t.Fatalf("applied facts do not validate: %v", err)
		}
		if len(events) > 1 {
			t.Fatalf("%d events for one patch", len(events))
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestFactsAndNarrativeStaySmall(t *testing.T) {
	inc := withFacts(t)
	cats := make([]string, 0, 4000)
	for i := range 4000 {
		cats = append(cats, fmt.Sprintf("category-%04d-%s", i, strings.Repeat("x", 20)))
	}
	patch, err := json.Marshal(map[string]any{"data_categories": cats})
	require.NoError(t, err)
	_, err = inc.PatchFacts(patch, "alice", nil, t0)
	require.ErrorIs(t, err, incident.ErrInvalidFacts)
	require.ErrorContains(t, err, "over the limit")

	known := func(string) error { return nil }
	texts := map[string]string{}
	for i := range 8 {
		texts[fmt.Sprintf("k%d", i)] = strings.Repeat("y", 10<<10)
	}
	_, err = inc.SetNarrative(texts, "alice", known, t0)
	require.ErrorContains(t, err, "over the limit of 65536")

	// Facts from alerts stay bounded however many categories they name.
	l := newLedger()
	for i := range 100 {
		a := validAlert()
		a.ID = fmt.Sprintf("a-%d", i)
		a.PersonalData = &incident.PersonalData{Categories: []string{fmt.Sprintf("c%d", i)}}
		l.run(t, testPolicy(), t0.Add(time.Duration(i)*time.Second), a)
	}
	require.Len(t, l.only(t).Facts.DataCategories, incident.MaxListLen)
}
