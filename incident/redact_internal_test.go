package incident

import "testing"

// FuzzRedactPrefilter: the cheap tests in front of the regular expressions
// must never skip a text that a pattern matches, or personal data would be
// stored unredacted.
func FuzzRedactPrefilter(f *testing.F) {
	for _, seed := range []string{
		"jane@example.com", "4111 1111 1111 1111", "4111-1111-1111-1111", "GB82 WEST 1234 5698 7654 32",
		"123-45-6789", "S1234567D", "AB 12 34 56 C", "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOi.eyJzdWIiOi.abcdefgh",
		"Bearer abcdefghijklmnopqrstuvwxyz", "xoxb-1234567890-abc", "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
		"+65 6123 4567", "10.1.2.3", "fe80::1", "x1A23456789", "AB1 2", "ZZ99",
	} {
		f.Add(seed)
	}
	patterns := builtinPatterns()
	f.Fuzz(func(t *testing.T, s string) {
		sh := shapeOf(s)
		for _, p := range patterns {
			if p.re.MatchString(s) && p.maybe != nil && !p.maybe(s, sh) {
				t.Fatalf("pattern %s matches %q but its prefilter skips it (shape %+v)", p.name, s, sh)
			}
		}
	})
}
