package drafts

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// renderPDF writes d as a document to file: A4, the Go fonts (Latin, Greek
// and Cyrillic scripts), 11-point body text. It leaves out the reviewer's
// header, which the Markdown and HTML drafts carry, and prints on every
// page what the draft was rendered from (incident, regime, catalog
// version, timeline head), so that a filed copy traces back. A field still
// missing shows as [MISSING: …], visibly. A draft with text in a script the
// fonts lack (Chinese, Japanese, Korean) is ErrInvalidInput naming it:
// render it as HTML and print that.
func renderPDF(d *doc, in Input, regime string) ([]byte, error) {
	if r, ok := unprintable(d); ok {
		return nil, fmt.Errorf("%w: the draft holds %q, a script the PDF fonts lack: use format html and print it", ErrInvalidInput, r)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	p.SetMargins(20, 20, 20)
	p.SetAutoPageBreak(true, 20)
	trace := fmt.Sprintf("%s · %s · catalog %s · timeline head %s", orDash(in.Incident.ID), regime, orDash(in.CatalogVersion), orDash(in.Incident.TimelineHead))
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont("go", "", 8)
		p.CellFormat(0, 5, fmt.Sprintf("%s · page %d", trace, p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetTitle(d.Title, true)

	para := func(style string, size float64, text string) {
		p.SetFont("go", style, size)
		p.MultiCell(0, size*0.5, text, "", "L", false)
	}
	line := func(it item) {
		switch {
		case len(it.List) > 0:
			for _, l := range it.List {
				para("", 11, "•  "+l)
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

func labelled(label, text string) string {
	if label == "" {
		return text
	}
	return label + ": " + text
}

// unprintable returns the first character of d in a script the Go fonts
// lack: Han, Hiragana, Katakana, Hangul.
func unprintable(d *doc) (rune, bool) {
	var texts []string
	add := func(items []item) {
		for _, it := range items {
			texts = append(texts, it.Label, it.Text, it.Missing)
			texts = append(texts, it.List...)
		}
	}
	texts = append(texts, d.Title, d.Salutation)
	add(d.To)
	add(d.From)
	add(d.Intro)
	add(d.Closing)
	add(d.Signature)
	for _, s := range d.Sections {
		texts = append(texts, s.Heading, s.Ref)
		add(s.Items)
	}
	for _, t := range texts {
		for _, r := range t {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				return r, true
			}
		}
	}
	return 0, false
}
