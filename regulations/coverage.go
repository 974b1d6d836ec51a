package regulations

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// CoverageMatrix writes the catalog's coverage matrix as Markdown: per
// jurisdiction, each regime with its recipient kind, period, thresholds,
// basis and whether it was verified against the law's own text.
// docs/coverage.md is this output (breachctl regimes coverage writes it; a
// test fails when it is stale).
func (c *Catalog) CoverageMatrix() []byte {
	var b bytes.Buffer
	homes := map[string][]*Regime{}
	verified := 0
	for _, r := range c.Regimes {
		homes[r.Jurisdiction] = append(homes[r.Jurisdiction], r)
		if r.SourceKind != SourceSecondary {
			verified++
		}
	}
	codes := make([]string, 0, len(homes))
	for code := range homes {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int { return cmp.Compare(a, b) })

	fmt.Fprintf(&b, "# Regulatory coverage\n\n")
	fmt.Fprintf(&b, "Generated from the regulation catalog (version %s) by `breachctl regimes coverage`; do not edit by hand.\n\n", c.Version)
	fmt.Fprintf(&b, "%d regimes in %d jurisdictions; %d read in the law's own text, %d in secondary sources only "+
		"(their basis says `[unverified]` in every output). A jurisdiction that is not listed here has no rules in the catalog: "+
		"an incident there shows status `unknown`, never \"nothing owed\".\n\n", len(c.Regimes), len(codes), verified, len(c.Regimes)-verified)
	if len(c.Coverage) > 0 {
		fmt.Fprintf(&b, "Jurisdictions covered by another's regimes: ")
		var parts []string
		for _, home := range slices.Sorted(maps.Keys(c.Coverage)) {
			parts = append(parts, fmt.Sprintf("%s covers %s", home, strings.Join(c.Coverage[home], ", ")))
		}
		fmt.Fprintf(&b, "%s.\n\n", strings.Join(parts, "; "))
	}
	fmt.Fprintf(&b, "| Jurisdiction | Regime | Recipient | Period | Thresholds | Effective | Basis | Verified |\n")
	fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	esc := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ") }
	for _, code := range codes {
		for _, r := range homes[code] {
			d := r.Describe()
			eff := d.EffectiveFrom
			if d.EffectiveTo != "" {
				eff += " – " + d.EffectiveTo
			}
			th := strings.Join(d.Thresholds, "; ")
			if th == "" {
				th = "—"
			}
			v := "yes"
			if !d.Verified {
				v = "no"
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s | %s | %s |\n", code, d.ID, d.RecipientKind, esc(d.Period), esc(th), eff, esc(d.Basis), v)
		}
	}
	if len(c.NoDuty) > 0 {
		fmt.Fprintf(&b, "\n## Jurisdictions whose law imposes no breach-notification duty\n\n")
		fmt.Fprintf(&b, "An incident there gets an entry `none/CODE` of status `not_applicable` with this reason, not `unknown`.\n\n")
		fmt.Fprintf(&b, "| Jurisdiction | Reason | Sources | Verified |\n| --- | --- | --- | --- |\n")
		for _, n := range c.NoDuty {
			v := "yes"
			if n.SourceKind == SourceSecondary {
				v = "no"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", n.Jurisdiction, esc(n.Reason), esc(strings.Join(n.Sources, "; ")), v)
		}
	}
	return b.Bytes()
}
