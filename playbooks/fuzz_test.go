package playbooks_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// FuzzLoad feeds the decoder arbitrary files: it must never panic, must
// return either playbooks or a *LoadError whose every problem has a
// position, and whatever loads must plan without panicking.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("examples", "*.yaml"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(good))
	f.Add([]byte("name: x\nmatch: true\nsteps:\n  - {name: a, facts: {data_subjects: \"{{ len .Alert.Labels }}\"}}\n"))
	f.Add([]byte("a: &a [x]\nb: [*a, *a]\n"))
	f.Add([]byte("- [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]\n"))
	reg := playbooks.DefaultRegistry()
	a := &incident.Alert{ID: "a", Source: "s", Kind: "k", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Severity: incident.SeverityHigh,
		Title: "t", Asset: incident.Asset{ID: "h", Type: "host"}, Labels: map[string]string{"x": "y"}}
	inc, err := playbooks.SimulateIncident(a, nil, a.Time)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pbs, err := playbooks.Load("f.yaml", data, reg)
		if err != nil {
			var le *playbooks.LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error %v is not a LoadError with problems", err)
			}
			for _, p := range le.Problems {
				if p.Line < 1 || p.Col < 1 || p.Err == nil || p.Message == "" {
					t.Fatalf("problem without a position or category: %+v", p)
				}
			}
			return
		}
		set := &playbooks.Set{Playbooks: pbs}
		if _, err := set.Match(a, inc); err != nil {
			t.Fatal(err)
		}
		for _, pb := range pbs {
			pb.Plan(a, inc)
		}
	})
}
