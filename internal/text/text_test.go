package text_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/text"
)

func TestTruncate(t *testing.T) {
	cases := []struct {
		name, s string
		n       int
		want    string
	}{
		{"a string that fits is kept", "hello", 5, "hello"},
		{"an empty string is kept", "", 0, ""},
		{"a cut string ends with the ellipsis, inside the limit", "hello world", 8, "hello…"},
		{"a cut never splits a character", "éééé", 6, "é…"},
		{"a cut backs up to the start of a four-byte character", "a😀b", 5, "a…"},
		{"the ellipsis alone fits in three bytes", "hello", 3, "…"},
		{"a limit too small for the ellipsis keeps a bare prefix", "hello", 2, "he"},
		{"a bare prefix does not split a character either", "éé", 1, ""},
		{"a limit of zero gives nothing", "hello", 0, ""},
		{"a negative limit gives nothing", "hello", -1, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := text.Truncate(tc.s, tc.n)
			require.Equal(t, tc.want, got)
			require.LessOrEqual(t, len(got), max(tc.n, 0))
		})
	}
}

func TestPrefix(t *testing.T) {
	require.Equal(t, "ab", text.Prefix("abc", 2))
	require.Equal(t, "abc", text.Prefix("abc", 10))
	require.Equal(t, "a", text.Prefix("aé", 2), "é would be split")
	require.Equal(t, "aé", text.Prefix("aé", 3))
	require.Empty(t, text.Prefix("abc", -5))
	long := strings.Repeat("\x80", 10) // not UTF-8: cut anywhere, still within n
	require.Len(t, text.Prefix(long, 7), 7)
}

func FuzzTruncate(f *testing.F) {
	for _, s := range []string{"", "hello", "ééé", "a😀b", "日本語のテキスト", "\xff\xfe", "…"} {
		for _, n := range []int{-1, 0, 1, 2, 3, 4, 5, 8} {
			f.Add(s, n)
		}
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		got := text.Truncate(s, n)
		if len(s) <= n {
			if got != s {
				t.Fatalf("Truncate(%q, %d) = %q, want it unchanged", s, n, got)
			}
			return
		}
		if len(got) > max(n, 0) {
			t.Fatalf("Truncate(%q, %d) = %q, %d bytes", s, n, got, len(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Truncate(%q, %d) = %q, not UTF-8", s, n, got)
		}
		if n >= len(text.Ellipsis) && !strings.HasSuffix(got, text.Ellipsis) {
			t.Fatalf("Truncate(%q, %d) = %q, no ellipsis", s, n, got)
		}
	})
}
