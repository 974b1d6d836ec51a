package drafts

import "strings"

// mdSpecial are the characters that open Markdown or HTML syntax anywhere in
// a line: emphasis, code, links and images, raw HTML and entities, tables,
// strikethrough, headings. Each is escaped with a backslash, which CommonMark
// allows before any ASCII punctuation and which renders as the character.
const mdSpecial = "\\`*_[]<>&|~!#"

// escapeMarkdown makes free text safe to place inside one Markdown line or
// list item: line breaks become spaces, so a value cannot start a heading, a
// list or a block of its own; the characters of mdSpecial are escaped; and a
// leading character that would start a block (a list marker, a numbered
// item, a block quote, a thematic break) is escaped too. The result renders
// as the text it was given, and never as markup.
func escapeMarkdown(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i, r := range s {
		switch {
		case strings.ContainsRune(mdSpecial, r):
			b.WriteByte('\\')
		case i == 0 && strings.ContainsRune("-+", r) && (len(s) == 1 || s[1] == ' '):
			b.WriteByte('\\')
		case (r == '.' || r == ')') && i > 0 && allDigits(s[:i]) && (i+1 == len(s) || s[i+1] == ' '):
			// "1. text" at the start would begin an ordered list.
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
