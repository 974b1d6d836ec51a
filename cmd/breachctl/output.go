package main

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"
)

// newTable returns a writer that aligns tab-separated columns. The caller
// flushes it.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// cell makes s safe for one table cell: alert fields come from whoever
// produced the alert, so control characters (escape sequences, tabs,
// newlines) become spaces, and anything past max runes is cut with an
// ellipsis. max <= 0 means no limit.
func cell(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if max > 0 && n == max {
			return strings.TrimRight(b.String(), " ") + "…"
		}
		switch {
		case r == utf8.RuneError && !isRuneErrorLiteral(s[i:]):
			r = '?'
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isRuneErrorLiteral reports whether s starts with an encoded U+FFFD rather
// than an invalid byte.
func isRuneErrorLiteral(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size == 3
}

// timeCell renders a time for a table, in UTC to the second.
func timeCell(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// orDash renders an empty cell as "-", so that columns stay aligned.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// count renders "n things".
func count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + plural(n, one, many)
}
