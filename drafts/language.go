package drafts

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// A draft can be rendered in the language the recipient works in (the
// ANPD in Portuguese, the PIPC in Korean): the headings, labels, fixed
// wording and, where the translation has them, the citations are
// translated once, in translations/<lang>.yaml, keyed by their English
// text; what people wrote is kept as written. The English draft follows
// the translation, for the reviewer. A fixed string a translation lacks
// stays in English.

//go:embed translations/*.yaml
var translationFS embed.FS

// Languages are the ISO 639-1 codes a draft can be rendered in besides
// English, sorted.
func Languages() []string {
	names, _ := fs.Glob(translationFS, "translations/*.yaml")
	out := []string{"en"}
	for _, n := range names {
		out = append(out, strings.TrimSuffix(path.Base(n), ".yaml"))
	}
	slices.Sort(out)
	return out
}

// translation returns the table of lang, a checked ISO 639-1 code; nil for
// English.
func translation(lang string) (map[string]string, error) {
	if lang == "" || lang == "en" {
		return nil, nil
	}
	tag, err := language.Parse(lang)
	if base, _ := tag.Base(); err != nil || base.String() != lang || len(lang) != 2 {
		return nil, fmt.Errorf("%w: language %q is not an ISO 639-1 code such as pt or fr", ErrInvalidInput, lang)
	}
	data, err := translationFS.ReadFile("translations/" + lang + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("%w: no translation into %q yet (languages: %s)", ErrInvalidInput, lang, strings.Join(Languages(), ", "))
	}
	var t map[string]string
	if err := yaml.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("translations/%s.yaml: %w", lang, err)
	}
	return t, nil
}

// translate returns d, rendered in the language of t, with its fixed
// wording translated, followed by en, the same draft in English, for
// review.
func translate(d *doc, t map[string]string, en *doc) *doc {
	word := func(s string) string {
		v, _ := inLanguage(t, s)
		return v
	}
	items := func(in []item) []item {
		out := make([]item, len(in))
		for i, it := range in {
			out[i] = item{Label: word(it.Label), Text: word(it.Text), Missing: word(it.Missing), List: it.List}
		}
		return out
	}
	td := &doc{
		Title: word(d.Title), Internal: d.Internal, To: items(d.To), From: items(d.From),
		Salutation: word(d.Salutation), Intro: items(d.Intro), Closing: items(d.Closing), Signature: items(d.Signature),
		Words: Words{To: word("To"), From: word("From")},
	}
	for _, s := range d.Sections {
		td.Sections = append(td.Sections, section{Heading: word(s.Heading), Ref: word(s.Ref), Content: s.Content, Items: items(s.Items)})
	}
	// The English text follows, for the reviewer: the greeting, the
	// sections and the closing of the original, under one heading each.
	review := []item{{Label: "Title", Text: en.Title}}
	review = append(review, en.Intro...)
	td.Sections = append(td.Sections, section{Heading: word("English text, for review"), Items: review})
	for _, s := range en.Sections {
		td.Sections = append(td.Sections, section{Heading: "[EN] " + s.Heading, Ref: s.Ref, Items: s.Items})
	}
	return td
}

// inLanguage is s in the language of t, and whether t translates it: s
// itself, or a missing marker "what (provision)" or "what (provision)
// (narrative key K)", whose what is translated and whose provision is
// where t cites it in the local form. What t lacks stays in English.
func inLanguage(t map[string]string, s string) (string, bool) {
	if v, ok := t[s]; ok {
		return v, true
	}
	if rest, key, ok := cutRef(s); ok && strings.HasPrefix(key, "narrative key ") {
		v, ok := inLanguage(t, rest)
		return v + " (" + key + ")", ok
	}
	what, ref, ok := cutRef(s)
	if !ok {
		return s, false
	}
	v, ok := t[what]
	if !ok {
		return s, false
	}
	if r, ok := t[ref]; ok {
		ref = r
	}
	return v + " (" + ref + ")", true
}

// cutRef cuts s before the parenthesis that closes it, which may hold
// parentheses of its own: "what (PIPA Art. 34(1) (Act No. 19234))" is
// "what" and "PIPA Art. 34(1) (Act No. 19234)".
func cutRef(s string) (before, inside string, ok bool) {
	if !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(s) - 1; i > 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				if s[i-1] != ' ' {
					return "", "", false
				}
				return s[:i-1], s[i+1 : len(s)-1], true
			}
		}
	}
	return "", "", false
}
