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

// The DPDP intimation to a Data Principal names the location of the
// breach in plain words (Rule 7(1): "concise, clear and plain"), never
// the asset's name, which only the Board's reports fall back on.
func TestDPDPLetterLocationInWords(t *testing.T) {
	const regime = "in_dpdp_r7_principals"
	in := inputFor(t, regime, "complete")
	wantIn(t, render(t, regime, Markdown, in), "**Where:** our billing service")
	in.Narrative.Location = ""
	got := render(t, regime, Markdown, in)
	wantIn(t, got, "⚠ MISSING: where the breach occurred, in plain words")
	letter := got[strings.Index(got, "Dear «name»"):]
	if strings.Contains(letter, escapeMarkdown(in.Incident.Asset)) {
		t.Errorf("the letter names the asset %q:\n%s", in.Incident.Asset, letter)
	}
	board := inputFor(t, "in_dpdp_r7_board_initial", "complete")
	board.Narrative.Location = ""
	wantIn(t, render(t, "in_dpdp_r7_board_initial", Markdown, board), "**Where:** billing-db-prod")
}
