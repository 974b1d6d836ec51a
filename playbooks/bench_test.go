package playbooks_test

import (
	"testing"

	"github.com/breachd/breachd/playbooks"
)

// BenchmarkLoadExamples measures loading and compiling the shipped set.
func BenchmarkLoadExamples(b *testing.B) {
	for b.Loop() {
		if _, err := playbooks.LoadFS(playbooks.Examples(), "examples", playbooks.DefaultRegistry()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatchAndPlan measures what the daemon will do per alert: match
// every shipped playbook, and plan the one that matches.
func BenchmarkMatchAndPlan(b *testing.B) {
	set := loadExamples(b)
	a, inc := sample(b, "ransomware.json")
	for b.Loop() {
		pbs, err := set.Matching(a, inc)
		if err != nil || len(pbs) != 1 {
			b.Fatal(err)
		}
		pbs[0].Plan(a, inc)
	}
}
