package signin

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// cheapArgon keeps argon2id fast in tests; the format is the same.
var cheapArgon = argonParams{memory: 64, time: 1, threads: 1}

func argonHash(t testing.TB, pw string) string {
	t.Helper()
	h, err := hashArgon2id(pw, cheapArgon)
	require.NoError(t, err)
	return h
}

func bcryptHash(t testing.TB, pw string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	require.NoError(t, err)
	return string(h)
}

// writeFile writes data to name in a temporary directory with mode.
func writeFile(t testing.TB, name, data string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(data), mode))
	require.NoError(t, os.Chmod(p, mode))
	return p
}

// clock is a settable clock for a Manager.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// newClock starts at the present, since a cookie jar drops cookies that
// expired by the wall clock.
func newClock() *clock { return &clock{t: time.Now().Truncate(time.Second)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testUsers is a users file with one user per role, alice's in bcrypt.
func testUsers(t testing.TB) string {
	t.Helper()
	return "users:\n" +
		"  - name: alice\n    password_hash: \"" + bcryptHash(t, "alice-pw") + "\"\n    roles: [privacy]\n" +
		"  - name: rob\n    password_hash: \"" + argonHash(t, "rob-pw") + "\"\n    roles: [responder]\n" +
		"  - name: vic\n    password_hash: \"" + argonHash(t, "vic-pw") + "\"\n    roles: [viewer]\n" +
		"  - name: ada\n    password_hash: \"" + argonHash(t, "ada-pw") + "\"\n    roles: [admin]\n"
}

// newTestManager returns a Manager over cfg with the users of testUsers
// (unless cfg names a file), a key in a temporary directory and clk.
func newTestManager(t testing.TB, cfg Config, clk *clock) *Manager {
	t.Helper()
	if cfg.UsersFile == "" && cfg.OIDC == nil {
		cfg.UsersFile = writeFile(t, "users.yaml", testUsers(t), 0o600)
	}
	cfg.KeyFile = filepath.Join(t.TempDir(), "console.key")
	cfg.Now = clk.Now
	cfg.Logger = zerolog.New(zerolog.NewTestWriter(t))
	m, err := New(cfg)
	require.NoError(t, err)
	return m
}
