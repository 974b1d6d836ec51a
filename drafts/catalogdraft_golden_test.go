package drafts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachd/breachd/regulations"
)

// The drafts drawn from the catalog, one golden file per jurisdiction
// (testdata/catalog/<jurisdiction>.md.golden), each regime rendered twice:
// with no facts, organisation or narrative (every gap marked, with the key
// that answers it) and with a complete input, where every element the
// narrative's fields do not answer is answered by its element key — after
// which no gap is left.
func TestGoldenCatalogDrafts(t *testing.T) {
	groups := map[string][]*regulations.Regime{}
	for _, r := range catalog().Regimes {
		if _, own := builders[r.ID]; own || !draftRegime(r).Draftable() {
			continue
		}
		groups[r.Jurisdiction] = append(groups[r.Jurisdiction], r)
	}
	for jur, regimes := range groups {
		t.Run(jur, func(t *testing.T) {
			var out bytes.Buffer
			for _, r := range regimes {
				dr := draftRegime(r)
				gaps := inputFor(t, r.ID, "missing-facts")
				gaps.Regime = &dr
				md, err := Render(r.ID, Markdown, gaps)
				if err != nil {
					t.Fatal(err)
				}
				full := inputFor(t, r.ID, "complete")
				full.Regime = &dr
				first, err := Render(r.ID, Markdown, full)
				if err != nil {
					t.Fatal(err)
				}
				full.Answers = map[string]string{}
				for i := range r.Content {
					key := ElementKey(r.ID, i+1)
					if bytes.Contains(first, []byte("(narrative key "+escapeMarkdown(key)+")")) {
						full.Answers[key] = fmt.Sprintf("The answer to element %d, as the reviewer wrote it.", i+1)
					}
				}
				complete, err := Render(r.ID, Markdown, full)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(complete, []byte("MISSING")) {
					t.Errorf("%s: a complete input still leaves a gap:\n%s", r.ID, complete)
				}
				fmt.Fprintf(&out, "<!-- %s: without facts, organisation or narrative -->\n\n%s\n\n<!-- %s: complete -->\n\n%s\n\n", r.ID, md, r.ID, complete)
			}
			golden := filepath.Join("testdata", "catalog", strings.ToLower(jur)+".md.golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./drafts -update writes it)", err)
			}
			if !bytes.Equal(want, out.Bytes()) {
				t.Errorf("%s differs from the rendering; go test ./drafts -update rewrites it after review", golden)
			}
		})
	}
}
