package regulations

import (
	"os"
	"testing"
)

// docs/coverage.md is the catalog's coverage matrix as it is now.
func TestTheCoverageMatrixIsCurrent(t *testing.T) {
	want := embeddedCatalog().CoverageMatrix()
	got, err := os.ReadFile("../docs/coverage.md")
	if err != nil {
		t.Fatalf("%v: run make coverage-doc", err)
	}
	if string(got) != string(want) {
		t.Fatal("docs/coverage.md is stale: the catalog changed since it was written; run make coverage-doc")
	}
}
