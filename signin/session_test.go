package signin

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func testSessions() sessions {
	return sessions{codec: codec{key: deriveKey(make([]byte, KeySize), "session")}, idle: 8 * time.Hour, maxAge: 24 * time.Hour}
}

func TestSessionCookieRoundTrip(t *testing.T) {
	ss := testSessions()
	now := newClock().Now()
	s := session{Name: "alice", Roles: Roles{Privacy}, Method: MethodPassword, Issued: now.Unix(), Seen: now.Unix()}
	c, err := ss.cookie(s)
	require.NoError(t, err)
	require.Equal(t, SessionCookie, c.Name)
	require.True(t, c.HttpOnly)
	require.Equal(t, "/", c.Path)
	require.Equal(t, now.Add(8*time.Hour).UTC(), c.Expires)

	got, err := ss.decode(c.Value, now.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, s, got)
}

func TestSessionDecodeRefuses(t *testing.T) {
	ss := testSessions()
	now := newClock().Now()
	s := session{Name: "vic", Roles: Roles{Viewer}, Method: MethodPassword, Issued: now.Unix(), Seen: now.Unix()}
	c, err := ss.cookie(s)
	require.NoError(t, err)

	forged := func(s session) string {
		v, err := ss.codec.seal(s)
		require.NoError(t, err)
		return v
	}
	// A payload changed to claim admin, the old signature kept.
	_, sig, _ := strings.Cut(strings.TrimPrefix(c.Value, codecVersion), ".")
	admin := `{"n":"vic","r":["admin"],"m":"password","i":` + itoa(now.Unix()) + `,"s":` + itoa(now.Unix()) + `}`
	promoted := codecVersion + base64.RawURLEncoding.EncodeToString([]byte(admin)) + "." + sig

	other := sessions{codec: codec{key: deriveKey([]byte("another key, another daemon....."), "session")}, idle: ss.idle, maxAge: ss.maxAge}
	foreign, err := other.cookie(s)
	require.NoError(t, err)

	tests := []struct {
		name  string
		value string
		at    time.Time
	}{
		{"an empty cookie", "", now},
		{"a cookie with one byte changed", c.Value[:10] + flip(c.Value[10]) + c.Value[11:], now},
		{"a cookie whose roles were raised", promoted, now},
		{"a cookie signed with another key", foreign.Value, now},
		{"a cookie idle for eight hours", c.Value, now.Add(8 * time.Hour)},
		{"a cookie past its maximum age though in use", forged(session{Name: "vic", Roles: Roles{Viewer}, Method: MethodPassword,
			Issued: now.Unix(), Seen: now.Add(23*time.Hour + 59*time.Minute).Unix()}), now.Add(24 * time.Hour)},
		{"a cookie issued in the future", c.Value, now.Add(-time.Hour)},
		{"a signed cookie with an unknown role", forged(session{Name: "vic", Roles: Roles{"root"}, Method: MethodPassword, Issued: now.Unix(), Seen: now.Unix()}), now},
		{"a signed cookie claiming loopback", forged(session{Name: "vic", Roles: Roles{Viewer}, Method: MethodLoopback, Issued: now.Unix(), Seen: now.Unix()}), now},
		{"a signed cookie without a name", forged(session{Roles: Roles{Viewer}, Method: MethodOIDC, Issued: now.Unix(), Seen: now.Unix()}), now},
		{"a cookie of the OIDC state", mustSeal(t, codec{key: deriveKey(make([]byte, KeySize), "oidc state")}, s), now},
		{"an oversized cookie", codecVersion + strings.Repeat("A", maxCookie), now},
		{"only the version", "v1.", now},
		{"a version without payload", "v1.x", now},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is signed out", func(t *testing.T) {
			_, err := ss.decode(tt.value, tt.at)
			require.ErrorIs(t, err, ErrNoSession)
		})
	}
}

func mustSeal(t *testing.T, c codec, v any) string {
	s, err := c.seal(v)
	require.NoError(t, err)
	return s
}

func flip(b byte) string {
	if b == 'A' {
		return "B"
	}
	return "A"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "console.key")
	k1, err := LoadOrCreateKey(p)
	require.NoError(t, err)
	require.Len(t, k1, KeySize)
	fi, err := os.Stat(p)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	k2, err := LoadOrCreateKey(p)
	require.NoError(t, err)
	require.Equal(t, k1, k2, "the key is kept, so sessions survive a restart")

	require.NoError(t, os.Chmod(p, 0o644))
	_, err = LoadOrCreateKey(p)
	require.ErrorContains(t, err, "mode 0644 lets others read it")

	short := writeFile(t, "short.key", "abc", 0o600)
	_, err = LoadOrCreateKey(short)
	require.ErrorContains(t, err, "3 bytes, expected 32")
}
