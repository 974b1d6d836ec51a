package incident_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func silence(t *testing.T, from, to time.Time, matchers ...string) *incident.Silence {
	t.Helper()
	s := &incident.Silence{ID: "SIL-0001", StartsAt: from, EndsAt: to, CreatedBy: "alice", Comment: "maintenance of db-1"}
	for _, m := range matchers {
		mm, err := incident.ParseMatcher(m)
		require.NoError(t, err)
		s.Matchers = append(s.Matchers, mm)
	}
	require.NoError(t, s.Validate())
	return s
}

func TestASilenceKeepsNewNoiseOutButNeverEvidence(t *testing.T) {
	l := newLedger()
	l.silences = []*incident.Silence{silence(t, t0.Add(-time.Hour), t0.Add(time.Hour), "asset.id=~db-.*", "severity!=critical")}

	// An alert that would open an incident is silenced and counted.
	a := onAsset("a-1", "db-1", t0)
	outs, c := l.run(t, testPolicy(), t0, a)
	require.Equal(t, []incident.Outcome{{Silenced: "SIL-0001"}}, outs)
	require.Empty(t, l.incidents)
	require.Equal(t, map[string]int64{"SIL-0001": 1}, c.Silenced)
	require.Equal(t, t0, c.SilencedAt)

	// A critical one is not matched; a later alert joining its incident
	// is not silenced away from it.
	crit := onAsset("a-2", "db-1", t0)
	crit.Severity = incident.SeverityCritical
	outs, _ = l.run(t, testPolicy(), t0, crit)
	require.True(t, outs[0].Opened)
	dup := onAsset("a-3", "db-1", t0.Add(time.Minute))
	outs, c = l.run(t, testPolicy(), t0.Add(time.Minute), dup)
	require.True(t, outs[0].Duplicate, "it joins the open incident")
	require.Empty(t, c.Silenced)

	// Outside its time the silence does nothing.
	l2 := newLedger()
	l2.silences = []*incident.Silence{silence(t, t0.Add(time.Hour), t0.Add(2*time.Hour), "asset.id=db-1")}
	outs, _ = l2.run(t, testPolicy(), t0, onAsset("b-1", "db-1", t0))
	require.True(t, outs[0].Opened, "a pending silence does not silence")
	l3 := newLedger()
	l3.silences = []*incident.Silence{silence(t, t0.Add(-2*time.Hour), t0.Add(-time.Hour), "asset.id=db-1")}
	outs, _ = l3.run(t, testPolicy(), t0, onAsset("c-1", "db-1", t0))
	require.True(t, outs[0].Opened, "an expired silence does not silence")
}

func TestMatchers(t *testing.T) {
	a := validAlert()
	for _, tc := range []struct {
		m    string
		want bool
	}{
		{"source=falco", true}, {"source!=falco", false}, {"kind=~exfil.*", true}, {"kind=~exfil", false},
		{"kind!~exfil", true}, {"labels.env=prod", true}, {"labels.missing=", true}, {"asset.tenant=acme", true},
		{`asset.id="db-1"`, true}, {"severity=high", true},
	} {
		m, err := incident.ParseMatcher(tc.m)
		require.NoError(t, err, tc.m)
		require.Equal(t, tc.want, m.Matches(a), tc.m)
	}
	for _, bad := range []string{"source", "=x", "colour=red", "kind=~(", "kind~x"} {
		_, err := incident.ParseMatcher(bad)
		require.ErrorIs(t, err, incident.ErrInvalid, bad)
	}
}

func TestSilenceValidate(t *testing.T) {
	s := &incident.Silence{StartsAt: t0, EndsAt: t0.Add(-time.Hour)}
	p := problems(t, s.Validate())
	require.Contains(t, p, "a silence needs at least one matcher (it would silence everything)")
	require.Contains(t, p, "ends_at must be after starts_at")
	require.Contains(t, p, "a comment is required: say why alerts are silenced")
	require.Len(t, p, 4, "and created_by")
	long := silence(t, t0, t0.Add(time.Hour), "source=x")
	long.EndsAt = t0.Add(400 * 24 * time.Hour)
	require.ErrorContains(t, long.Validate(), "at most a year")
}

// TestASilenceThatWouldHideEveryAlertIsRefused: as a silence without
// matchers is refused, so is one whose every matcher lets any alert
// through; one matcher that names something is enough.
func TestASilenceThatWouldHideEveryAlertIsRefused(t *testing.T) {
	valid := func(matchers ...string) error {
		s := &incident.Silence{StartsAt: t0, EndsAt: t0.Add(time.Hour), CreatedBy: "alice", Comment: "maintenance"}
		for _, m := range matchers {
			mm, err := incident.ParseMatcher(m)
			require.NoError(t, err, m)
			s.Matchers = append(s.Matchers, mm)
		}
		return s.Validate()
	}
	for _, matchers := range [][]string{
		{"asset.id=~.*"},
		{`asset.id=~".*"`},
		{"source=~.*"},
		{"asset.id=~(?s).*"},
		{"asset.id=~^$|.*"},
		{"asset.id=~.*|db-1"},
		{"asset.id=~(.*)*"},
		{"labels.env=~.*"},
		{"labels.env!=prod"},
		{"labels.env="},
		{"labels.env!~prod"},
		{"asset.tenant=~.*"},
		{"severity!=critical"},
		{"severity=~.*"},
		{"severity=~info|low|medium|high|critical"},
		{"severity!~unknown"},
		{"asset.id!="},
		{`asset.id!=""`},
		{"asset.id=~.+"},
		{"kind=~(?s).+"},
		{"kind=~.{1,}"},
		{`asset.type!~""`},
		{"kind!~.*exfil.*"},
		{"asset.id=~.*", "labels.env!=prod", "severity!=critical"},
	} {
		err := valid(matchers...)
		require.ErrorIs(t, err, incident.ErrInvalid, "%q", matchers)
		require.ErrorContains(t, err, "so the silence would hide every alert", "%q", matchers)
	}
	for _, matchers := range [][]string{
		{"asset.id=~db-.*"},
		{"asset.id=~.*", "source=falco"},
		{"labels.env=prod"},
		{"labels.env=~.+"},
		{"asset.tenant!="},
		{"severity=~high|critical"},
		{"asset.id=~.+x"},
	} {
		require.NoError(t, valid(matchers...), "%q", matchers)
	}
}

func TestARegexpMatcherCannotEscapeItsAnchors(t *testing.T) {
	for _, bad := range []string{"kind=~exfil)|(x", "kind=~a)(b", "kind=~)"} {
		_, err := incident.ParseMatcher(bad)
		require.ErrorIs(t, err, incident.ErrInvalid, bad)
		require.ErrorContains(t, err, "not a regular expression", bad)
	}
	s := &incident.Silence{StartsAt: t0, EndsAt: t0.Add(time.Hour), CreatedBy: "alice", Comment: "maintenance",
		Matchers: []incident.Matcher{{Field: "kind", Op: incident.OpRegexp, Value: "exfil)|(x"}}}
	require.ErrorContains(t, s.Validate(), "not a regular expression", "a new silence is refused")
	require.NoError(t, s.Compile(), "one stored before the rule still loads, so triage never stops on it")
}

// FuzzParseMatcher: any text is a matcher or an ErrInvalid naming why, and
// a matcher never panics when it tests an alert.
func FuzzParseMatcher(f *testing.F) {
	for _, seed := range []string{"source=falco", "asset.id=~db-.*", "labels.env!=prod", "kind!~(a|b)", "=", "x=~(", "labels.=x", `severity="high"`} {
		f.Add(seed)
	}
	a := validAlert()
	f.Fuzz(func(t *testing.T, s string) {
		m, err := incident.ParseMatcher(s)
		if err != nil {
			require.ErrorIs(t, err, incident.ErrInvalid)
			return
		}
		m.Matches(a)
	})
}
