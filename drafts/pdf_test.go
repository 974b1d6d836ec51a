package drafts

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// A draft renders as a PDF to file; a draft in a script the fonts lack
// is refused with the advice to print the HTML.
func TestADraftRendersAsAPDFToFile(t *testing.T) {
	for _, regime := range []string{"gdpr_art33_sa", "us_ca_1798_82_individuals", "pdpa_26d1_pdpc"} {
		for _, tc := range []string{"complete", "missing-facts"} {
			in := inputFor(t, regime, tc)
			in.Incident.TimelineHead = "9f2ce1"
			pdf, err := Render(regime, PDF, in)
			require.NoError(t, err, "%s %s", regime, tc)
			require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "%s %s", regime, tc)
			require.True(t, bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")))
			require.Greater(t, len(pdf), 5000, "the fonts are embedded")
		}
	}
	in := inputFor(t, "cn_cac_2025_report_provincial_4h", "complete")
	_, err := Render("cn_cac_2025_report_provincial_4h", PDF, in)
	require.ErrorIs(t, err, ErrInvalidInput)
	require.ErrorContains(t, err, "use format html and print it")
}

func TestThePDFsReviewerHeaderIsLeftOutAndGapsStayVisible(t *testing.T) {
	in := inputFor(t, "gdpr_art33_sa", "missing-facts")
	d, err := build("gdpr_art33_sa", in)
	require.NoError(t, err)
	require.NotEmpty(t, d.Internal, "the Markdown and HTML drafts carry the reviewer's header")
	var missing int
	for _, s := range d.Sections {
		for _, it := range s.Items {
			if it.Missing != "" {
				missing++
			}
		}
	}
	require.Positive(t, missing, "a draft without facts has gaps, which the PDF prints as [MISSING: …]")
	require.Equal(t, "Field: [MISSING: x]", labelled("Field", "[MISSING: x]"))
}
