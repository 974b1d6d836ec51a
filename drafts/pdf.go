package drafts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// renderPDF writes d as a document to file: A4, the Go fonts (Latin, Greek
// and Cyrillic scripts), 11-point body text. It leaves out the reviewer's
// header, which the Markdown and HTML drafts carry, and prints on every
// page what the draft was rendered from (incident, regime, catalog
// version, timeline head), so that a filed copy traces back. A field still
// missing shows as [MISSING: …], visibly. A draft with text in a script the
// Go fonts lack (Chinese, Japanese, Korean) is ErrInvalidInput naming it
// and the way to print it: PrintPDF with a font that covers it, which is
// what breachctl draft --font does.
func renderPDF(d *doc, in Input, regime string) ([]byte, error) {
	return printPDF(&layout{Regime: regime, Incident: in.Incident.ID, Lang: in.Lang, Trace: trace(in, regime), Draft: d}, nil)
}

// trace is what every page's foot prints: what the draft was rendered from.
func trace(in Input, regime string) string {
	return fmt.Sprintf("%s · %s · catalog %s · timeline head %s", orDash(in.Incident.ID), regime, orDash(in.CatalogVersion), orDash(in.Incident.TimelineHead))
}

// layout is a draft as data, what a PDF is printed from: Render with format
// JSON writes it, and PrintPDF prints it with a font of the caller's, so
// that the server never reads a font file someone names.
type layout struct {
	Regime   string `json:"regime"`
	Incident string `json:"incident"`
	Lang     string `json:"lang,omitempty"`
	// Trace is the line on every page's foot.
	Trace string `json:"trace"`
	Draft *doc   `json:"draft"`
}

// PrintPDF prints a draft rendered with format JSON as the PDF to file:
// in the Go fonts, as Render does, and in font, the bytes of a TrueType
// font (.ttf), for every character they lack. It is the way to file a
// Korean, Japanese or Chinese draft, which the built-in fonts cannot print
// (on Debian, fonts-nanum has NanumGothic.ttf for Korean,
// fonts-ipafont-gothic ipag.ttf for Japanese and fonts-droid-fallback
// DroidSansFallbackFull.ttf for Chinese). A font that is not a single
// TrueType font, or that lacks a character of the draft the Go fonts lack
// too, is ErrInvalidInput naming what is wrong; with font nil, a draft
// that needs one is refused as Render refuses it.
func PrintPDF(draft, font []byte) ([]byte, error) {
	var l layout
	if err := json.Unmarshal(draft, &l); err != nil || l.Draft == nil {
		return nil, fmt.Errorf("%w: not a draft rendered with format json", ErrInvalidInput)
	}
	return printPDF(&l, font)
}

// printPDF prints l in the Go fonts and, for the characters they lack, in
// font; with font nil, a draft holding such characters is refused.
func printPDF(l *layout, font []byte) ([]byte, error) {
	d, regime := l.Draft, l.Regime
	if font == nil {
		if r, ok := unprintable(d); ok {
			f, lang := fontFor(l.Lang, r), ""
			if l.Lang != "" && l.Lang != "en" {
				lang = " --lang " + l.Lang
			}
			return nil, fmt.Errorf("%w: the draft holds %q, a script the built-in PDF fonts lack: print it with breachctl draft %s %s%s --format pdf --out FILE.pdf --font FONT.ttf, "+
				"giving a TrueType font that covers it (on Debian: apt-get install %s, then --font %s), or use format html and print it",
				ErrInvalidInput, r, orDash(l.Incident), regime, lang, f.pkg, f.file)
		}
	} else if err := covers(font, d); err != nil {
		return nil, err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	if font != nil {
		// One face: the headings in the given font stand out by their
		// size, since a TrueType file has no bold of its own.
		p.AddUTF8FontFromBytes("given", "", font)
	}
	p.SetMargins(20, 20, 20)
	p.SetAutoPageBreak(true, 20)
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont("go", "", 8)
		p.CellFormat(0, 5, fmt.Sprintf("%s · page %d", l.Trace, p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetTitle(d.Title, true)

	// para prints text as a paragraph: in the Go fonts where they have
	// the characters, in the given font where they lack them.
	para := func(style string, size float64, text string) {
		runs := runsOf(text)
		if len(runs) == 1 && runs[0].family == "go" {
			p.SetFont("go", style, size)
			p.MultiCell(0, size*0.5, text, "", "L", false)
			return
		}
		for _, r := range runs {
			if r.family == "go" {
				p.SetFont("go", style, size)
			} else {
				p.SetFont(r.family, "", size)
			}
			p.Write(size*0.5, r.text)
		}
		p.Ln(size * 0.5)
	}
	line := func(it item) {
		switch {
		case len(it.List) > 0:
			for _, l := range it.List {
				para("", 11, listBullet+"  "+l)
			}
			return
		case it.Missing != "":
			para("B", 11, strings.TrimSpace(labelled(it.Label, "[MISSING: "+it.Missing+"]")))
		default:
			para("", 11, labelled(it.Label, it.Text))
		}
	}
	block := func(title string, items []item) {
		if len(items) == 0 {
			return
		}
		if title != "" {
			para("B", 11, title)
		}
		for _, it := range items {
			line(it)
		}
		p.Ln(3)
	}
	para("B", 15, d.Title)
	p.Ln(3)
	block(d.ToWord()+":", d.To)
	block(d.FromWord()+":", d.From)
	if d.Salutation != "" {
		para("", 11, d.Salutation)
		p.Ln(2)
	}
	block("", d.Intro)
	for _, s := range d.Sections {
		h := s.Heading
		if s.Ref != "" {
			h += " (" + s.Ref + ")"
		}
		para("B", 12.5, h)
		p.Ln(1)
		block("", s.Items)
	}
	block("", d.Closing)
	block("", d.Signature)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("render pdf draft for %s: %w", regime, err)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("render pdf draft for %s: %w", regime, err)
	}
	return buf.Bytes(), nil
}

// listBullet starts each line of a list.
const listBullet = "•"

func labelled(label, text string) string {
	if label == "" {
		return text
	}
	return label + ": " + text
}

// texts are the strings of d a PDF prints.
func texts(d *doc) []string {
	out := []string{d.Title, d.Salutation, d.ToWord(), d.FromWord()}
	add := func(items []item) {
		for _, it := range items {
			out = append(out, it.Label, it.Text, it.Missing)
			out = append(out, it.List...)
		}
	}
	add(d.To)
	add(d.From)
	add(d.Intro)
	add(d.Closing)
	add(d.Signature)
	for _, s := range d.Sections {
		out = append(out, s.Heading, s.Ref)
		add(s.Items)
	}
	return out
}

// unprintable returns the first character of d in a script the Go fonts
// lack: Han, Hiragana, Katakana, Hangul.
func unprintable(d *doc) (rune, bool) {
	for _, t := range texts(d) {
		for _, r := range t {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				return r, true
			}
		}
	}
	return 0, false
}

// A debianFont is a TrueType font a Debian package installs, to name in the
// advice of a refusal.
type debianFont struct{ pkg, file string }

// fontFor is the font to advise for a draft in lang holding r.
func fontFor(lang string, r rune) debianFont {
	korean := debianFont{"fonts-nanum", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"}
	japanese := debianFont{"fonts-ipafont-gothic", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"}
	chinese := debianFont{"fonts-droid-fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"}
	switch {
	case lang == "ko" || unicode.Is(unicode.Hangul, r):
		return korean
	case lang == "ja" || unicode.In(r, unicode.Hiragana, unicode.Katakana):
		return japanese
	}
	return chinese
}

// covers checks that font is one TrueType font, the kind fpdf embeds, with
// a glyph for every character of d the Go fonts lack: a character neither
// has would print as nothing, and a filed copy must not lose a word.
func covers(font []byte, d *doc) error {
	switch {
	case bytes.HasPrefix(font, []byte("ttcf")):
		return fmt.Errorf("%w: the font is a TrueType collection (.ttc): give one TrueType font (.ttf)", ErrInvalidInput)
	case bytes.HasPrefix(font, []byte("OTTO")):
		return fmt.Errorf("%w: the font is an OpenType font with PostScript outlines (.otf): give a TrueType font (.ttf)", ErrInvalidInput)
	case !bytes.HasPrefix(font, []byte{0, 1, 0, 0}) && !bytes.HasPrefix(font, []byte("true")):
		return fmt.Errorf("%w: the font is not a TrueType font (.ttf)", ErrInvalidInput)
	}
	f, err := sfnt.Parse(font)
	if err != nil {
		return fmt.Errorf("%w: the font cannot be read: %v", ErrInvalidInput, err)
	}
	var buf sfnt.Buffer
	for _, t := range texts(d) {
		for _, r := range t {
			if unicode.IsSpace(r) || unicode.IsControl(r) || inGoFont(r) {
				continue
			}
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				return fmt.Errorf("%w: the font has no glyph for %q (U+%04X), which the draft holds: give a font that covers its script", ErrInvalidInput, r, r)
			}
		}
	}
	return nil
}

// goFont is the Go regular font, parsed once, to tell which characters it
// prints; the bold has the same characters.
var goFont = sync.OnceValue(func() *sfnt.Font {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		panic("the Go font does not parse: " + err.Error())
	}
	return f
})

// inGoFont reports whether the Go fonts print r.
func inGoFont(r rune) bool {
	var buf sfnt.Buffer
	g, err := goFont().GlyphIndex(&buf, r)
	return err == nil && g != 0
}

// A run is a stretch of text one font prints.
type run struct{ family, text string }

// runsOf splits text into the runs the Go fonts print and those the given
// font prints; a space goes with the run it is in.
func runsOf(text string) []run {
	var runs []run
	for _, r := range text {
		family := "given"
		if unicode.IsSpace(r) || inGoFont(r) {
			family = "go"
			if unicode.IsSpace(r) && len(runs) > 0 {
				family = runs[len(runs)-1].family
			}
		}
		if n := len(runs); n > 0 && runs[n-1].family == family {
			runs[n-1].text += string(r)
			continue
		}
		runs = append(runs, run{family, string(r)})
	}
	if len(runs) == 0 {
		runs = []run{{"go", text}}
	}
	return runs
}
