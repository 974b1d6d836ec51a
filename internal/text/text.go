// Package text shortens strings for places with a byte limit (a Slack
// block, a timeline event, a label) without splitting a UTF-8 sequence.
package text

import "unicode/utf8"

// Ellipsis marks where Truncate cut a string. It is the one character "…"
// (U+2026), three bytes in UTF-8, and counts towards the limit.
const Ellipsis = "…"

// Truncate returns s if it fits in n bytes. Otherwise it returns the longest
// prefix of s that, with Ellipsis appended, fits in n bytes and does not
// split a character, followed by Ellipsis. The result is never longer than
// n bytes; when n is too small to hold Ellipsis, the prefix comes without
// it. A result of valid UTF-8 is guaranteed only for valid input.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n < len(Ellipsis) {
		return Prefix(s, n)
	}
	return Prefix(s, n-len(Ellipsis)) + Ellipsis
}

// Prefix returns the longest prefix of s of at most n bytes that does not
// split a character (a negative n counts as zero).
func Prefix(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if n >= len(s) {
		return s
	}
	// s[n] is the first byte left out. If it continues a character, that
	// character starts at most utf8.UTFMax-1 bytes earlier; farther back
	// the input is not UTF-8 and any cut is as good as another.
	for i := n; i > n-utf8.UTFMax && i >= 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n]
}
