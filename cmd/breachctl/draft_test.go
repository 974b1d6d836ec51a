package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAPDFDraftNeedsAFileToGoTo(t *testing.T) {
	r := runCtl(t, "", "draft", "INC-2026-0001", "gdpr_art33_sa", "--format", "pdf")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "--format pdf writes a binary file: give --out FILE.pdf")
}

// A Korean draft is refused as PDF with the flag and the package that
// print it; with --font, breachctl prints it from the draft's data.
func TestAKoreanDraftPrintsWithTheFontGiven(t *testing.T) {
	r := runCtl(t, "", "draft", "INC-2026-0001", "gdpr_art33_sa", "--font", "x.ttf")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "--font is for --format pdf")

	td := startDaemon(t)
	inc := td.openIncident("pd-ko", "high")
	out := filepath.Join(t.TempDir(), "notice.ko.pdf")
	r = td.ctl("draft", inc.ID, "kr_pipa_34_notify_subjects", "--lang", "ko", "--format", "pdf", "--out", out)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "--font FONT.ttf")
	require.Contains(t, r.stderr, "apt-get install fonts-nanum")

	const nanum = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
	if _, err := os.Stat(nanum); err != nil {
		t.Skipf("no %s: apt-get install -y fonts-nanum to print the Korean draft (.ci/run does)", nanum)
	}
	r = td.mustCtl("draft", inc.ID, "kr_pipa_34_notify_subjects", "--lang", "ko", "--format", "pdf", "--out", out, "--font", nanum)
	require.Contains(t, r.stderr, "draft written to "+out)
	pdf, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	require.Contains(t, string(pdf), "/BaseFont /utf8given", "the font given is embedded")

	r = td.ctl("draft", inc.ID, "kr_pipa_34_notify_subjects", "--lang", "ko", "--format", "pdf", "--out", out, "--font", out)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "not a TrueType font (.ttf)")
}
