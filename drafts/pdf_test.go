package drafts

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
	"golang.org/x/image/font/gofont/goregular"
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
	require.ErrorContains(t, err, "print it with breachctl draft INC-2026-0042 cn_cac_2025_report_provincial_4h --format pdf --out FILE.pdf --font FONT.ttf")
	require.ErrorContains(t, err, "apt-get install fonts-droid-fallback")
	require.ErrorContains(t, err, "or use format html and print it")
}

// cjkFonts are the TrueType fonts of Debian packages that print the
// Korean, Japanese and Chinese drafts; .ci/run installs them.
var cjkFonts = []struct{ lang, regime, pkg, file, title, heading string }{
	{"ko", "kr_pipa_34_notify_subjects", "fonts-nanum", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "개인정보 유출 통지", "유출된 개인정보의 항목"},
	{"ja", "jp_appi_26_preliminary", "fonts-ipafont-gothic", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", "個人データの漏えい等の報告", "再発防止のための措置"},
	{"zh", "cn_pipl_art57_authority", "fonts-droid-fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "个人信息泄露", "个人信息处理者的联系方式"},
}

// A Korean, Japanese or Chinese draft is refused as PDF in the built-in
// fonts, naming the font flag and a Debian package that has one; printed
// from its JSON with that font, the PDF holds its text, in the font given
// beside the Go fonts, which keep printing the Latin of the English text.
func TestACJKDraftPrintsInTheFontGiven(t *testing.T) {
	for _, f := range cjkFonts {
		t.Run(f.lang, func(t *testing.T) {
			in := inputFor(t, f.regime, "complete")
			in.Lang = f.lang
			_, err := Render(f.regime, PDF, in)
			require.ErrorIs(t, err, ErrInvalidInput)
			require.ErrorContains(t, err, "--font FONT.ttf")
			require.ErrorContains(t, err, "apt-get install "+f.pkg+", then --font "+f.file)

			font, err := os.ReadFile(f.file)
			if errors.Is(err, fs.ErrNotExist) {
				t.Skipf("no %s: apt-get install -y %s to print the %s drafts (.ci/run does)", f.file, f.pkg, f.lang)
			}
			require.NoError(t, err)
			draft, err := Render(f.regime, JSON, in)
			require.NoError(t, err)
			pdf, err := PrintPDF(draft, font)
			require.NoError(t, err)
			require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
			require.True(t, bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")))
			require.Equal(t, 3, bytes.Count(pdf, []byte("/FontFile2")), "the Go regular and bold and the font given are embedded")
			require.Contains(t, string(pdf), "/BaseFont /utf8given")
			require.GreaterOrEqual(t, bytes.Count(pdf, []byte("/Type /Page\n")), 1)
			text := pdfText(t, pdf)
			for _, want := range []string{f.title, f.heading, "[EN] "} {
				require.True(t, strings.Contains(text, utf16be(want)), "%s: %q printed", f.lang, want)
			}

			_, err = PrintPDF(draft, goregular.TTF)
			require.ErrorIs(t, err, ErrInvalidInput)
			require.ErrorContains(t, err, "the font has no glyph for")
			_, err = PrintPDF(draft, nil)
			require.ErrorContains(t, err, "--font FONT.ttf", "without a font, the JSON is refused as the PDF is")
		})
	}
}

// pdfText is the text of pdf's content streams, as fpdf writes it for a
// UTF-8 font: UTF-16BE strings, unescaped.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	for rest := pdf; ; {
		_, after, ok := bytes.Cut(rest, []byte("stream\n"))
		if !ok {
			break
		}
		body, next, _ := bytes.Cut(after, []byte("endstream"))
		rest = next
		r, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err != nil || !bytes.Contains(b, []byte("Tj")) {
			continue
		}
		out.Write(b)
	}
	return strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`, `\r`, "\r").Replace(out.String())
}

// utf16be is s as a PDF string of a UTF-8 font holds it.
func utf16be(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

// The font must be one TrueType font: a collection or PostScript outlines
// are refused, as is a draft that is not one.
func TestTheFontGivenMustBeOneTrueTypeFont(t *testing.T) {
	in := inputFor(t, "kr_pipa_34_notify_subjects", "complete")
	in.Lang = "ko"
	draft, err := Render("kr_pipa_34_notify_subjects", JSON, in)
	require.NoError(t, err)
	for font, msg := range map[string]string{
		"ttcf\x00\x02\x00\x00": "a TrueType collection (.ttc): give one TrueType font (.ttf)",
		"OTTO\x00\x0a":         "PostScript outlines (.otf)",
		"%PDF-1.4":             "not a TrueType font (.ttf)",
		"\x00\x01\x00\x00junk": "the font cannot be read",
	} {
		_, err := PrintPDF(draft, []byte(font))
		require.ErrorIs(t, err, ErrInvalidInput, msg)
		require.ErrorContains(t, err, msg)
	}
	_, err = PrintPDF([]byte(`# a Markdown draft`), goregular.TTF)
	require.ErrorIs(t, err, ErrInvalidInput)
	require.ErrorContains(t, err, "not a draft rendered with format json")

	in.Lang = ""
	draft, err = Render("gdpr_art33_sa", JSON, inputFor(t, "gdpr_art33_sa", "complete"))
	require.NoError(t, err)
	pdf, err := PrintPDF(draft, nil)
	require.NoError(t, err, "without a font, the Go fonts print what they can")
	require.True(t, strings.Contains(pdfText(t, pdf), utf16be("Personal data breach notification")))
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
