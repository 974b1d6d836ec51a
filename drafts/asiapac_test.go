package drafts

import (
	"strings"
	"testing"
)

// wantIn fails for each of wants that got lacks, as written or as the
// Markdown escapes it.
func wantIn(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, escapeMarkdown(want)) && !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
}

// The reports to the PPC carry the nine items of Rules Art. 8(1), the
// status of the public announcement (item 7) and other matters for
// reference (item 9) among them, each marked missing until written.
func TestAPPIReportItems(t *testing.T) {
	for _, regime := range []string{"jp_appi_26_preliminary", "jp_appi_26_final"} {
		in := inputFor(t, regime, "complete")
		wantIn(t, render(t, regime, Markdown, in),
			"## Public announcement (Rules Art. 8(1))", "A notice on our website since 12 March 2026.",
			"## Other matters for reference (Rules Art. 8(1))", "No further items.")
		in.Narrative.PublicAnnouncement, in.Narrative.OtherInformation = "", ""
		wantIn(t, render(t, regime, Markdown, in),
			"⚠ MISSING: the status of the public announcement, or that none is made",
			"⚠ MISSING: other matters for reference, or that there are none")
	}
}
