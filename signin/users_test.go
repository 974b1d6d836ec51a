package signin

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestUsersAuthenticate(t *testing.T) {
	us, err := ParseUsers([]byte(testUsers(t)))
	require.NoError(t, err)
	require.Equal(t, 4, us.Len())

	t.Run("a bcrypt hash accepts its password", func(t *testing.T) {
		u, err := us.Authenticate("alice", "alice-pw")
		require.NoError(t, err)
		require.Equal(t, "alice", u.Name)
		require.Equal(t, Roles{Privacy}, u.Roles)
	})
	t.Run("an argon2id hash accepts its password", func(t *testing.T) {
		u, err := us.Authenticate("rob", "rob-pw")
		require.NoError(t, err)
		require.Equal(t, Roles{Responder}, u.Roles)
	})
	t.Run("a wrong password is refused", func(t *testing.T) {
		_, err := us.Authenticate("rob", "alice-pw")
		require.ErrorIs(t, err, ErrWrongPassword)
		_, err = us.Authenticate("alice", "rob-pw")
		require.ErrorIs(t, err, ErrWrongPassword)
	})
	t.Run("an unknown user is refused like a wrong password", func(t *testing.T) {
		_, err := us.Authenticate("mallory", "alice-pw")
		require.ErrorIs(t, err, ErrWrongPassword)
	})
	t.Run("an empty password is refused", func(t *testing.T) {
		_, err := us.Authenticate("alice", "")
		require.ErrorIs(t, err, ErrWrongPassword)
	})
}

func TestHashPasswordMakesArgon2idPHC(t *testing.T) {
	h, err := HashPassword("correct horse")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$"), h)
	ph, err := parseHash(h)
	require.NoError(t, err)
	require.True(t, ph.verify("correct horse"))
	require.False(t, ph.verify("correct horse "))
}

func TestUnknownNameCostsAsMuchAsWrongPassword(t *testing.T) {
	// The dummy hash is the first user's, so an unknown name runs the
	// same key derivation as a wrong password for that user.
	h := "$argon2id$v=19$m=8192,t=2,p=1$" + strings.Repeat("A", 22) + "$" + strings.Repeat("A", 43)
	us, err := ParseUsers([]byte("users:\n  - name: alice\n    password_hash: \"" + h + "\"\n    roles: [viewer]\n"))
	require.NoError(t, err)
	require.Equal(t, us.byName["alice"].hash, us.dummy)

	measure := func(name string) time.Duration {
		best := time.Hour
		for range 5 {
			start := time.Now()
			_, err := us.Authenticate(name, "guess")
			require.ErrorIs(t, err, ErrWrongPassword)
			best = min(best, time.Since(start))
		}
		return best
	}
	known, unknown := measure("alice"), measure("nobody")
	// Both run an 8 MiB argon2id; skipping it would be orders of magnitude faster.
	require.Greater(t, unknown, known/4, "unknown %s, known %s", unknown, known)
}

func TestParseUsersRefuses(t *testing.T) {
	good := argonHash(t, "pw")
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"an empty file", "", []string{"empty file"}},
		{"a file without users", "users:\n", []string{"no users"}},
		{"an empty list", "users: []\n", []string{"no users: the list is empty"}},
		{"an unknown top-level key", "user:\n  - name: a\n", []string{`line 1: unknown key "user"`}},
		{"an unknown role", "users:\n  - name: alice\n    password_hash: \"" + good + "\"\n    roles: [root]\n",
			[]string{`line 4: user "alice": roles: unknown role "root"`}},
		{"a bad hash format", "users:\n  - name: alice\n    password_hash: \"md5:abc\"\n    roles: [viewer]\n",
			[]string{`line 3: user "alice": password_hash: bad password hash`}},
		{"argon2i instead of argon2id", "users:\n  - name: alice\n    password_hash: \"$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA\"\n    roles: [viewer]\n",
			[]string{"only argon2id is accepted"}},
		{"a huge argon2 memory cost", "users:\n  - name: alice\n    password_hash: \"$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA\"\n    roles: [viewer]\n",
			[]string{"m must be"}},
		{"a truncated bcrypt hash", "users:\n  - name: alice\n    password_hash: \"$2b$10$abc\"\n    roles: [viewer]\n",
			[]string{"not a well-formed bcrypt hash"}},
		{"a duplicate name", "users:\n  - name: alice\n    password_hash: \"" + good + "\"\n    roles: [viewer]\n" +
			"  - name: alice\n    password_hash: \"" + good + "\"\n    roles: [admin]\n",
			[]string{`line 5: user "alice": duplicate name (first on line 2)`}},
		{"a user without roles", "users:\n  - name: bob\n    password_hash: \"" + good + "\"\n",
			[]string{`line 2: user "bob": roles: at least one is needed`}},
		{"a user without a name", "users:\n  - password_hash: \"" + good + "\"\n    roles: [viewer]\n",
			[]string{"line 2: name is missing"}},
		{"an unknown key in a user", "users:\n  - name: bob\n    password: hunter2\n    roles: [viewer]\n",
			[]string{`line 3: user "bob": unknown key "password"`, `line 2: user "bob": password_hash is missing`}},
		{"every problem at once", "users:\n  - name: a\n    password_hash: x\n    roles: [viewer]\n  - name: b\n    password_hash: \"" + good + "\"\n    roles: [god]\n",
			[]string{`user "a": password_hash`, `user "b": roles: unknown role "god"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUsers([]byte(tt.file))
			require.Error(t, err)
			for _, w := range tt.want {
				require.ErrorContains(t, err, w)
			}
			require.NotContains(t, err.Error(), "hunter2", "a password in the file must not reach the error")
		})
	}
}

func TestLoadUsersRefusesFileOthersCanRead(t *testing.T) {
	p := writeFile(t, "users.yaml", testUsers(t), 0o644)
	_, err := LoadUsers(p)
	require.ErrorContains(t, err, "mode 0644 lets others read the password hashes; chmod 600 it")

	p = writeFile(t, "users.yaml", testUsers(t), 0o640)
	_, err = LoadUsers(p)
	require.ErrorContains(t, err, "mode 0640")

	p = writeFile(t, "users.yaml", "users:\n  - name: a\n    password_hash: x\n    roles: [viewer]\n", 0o600)
	_, err = LoadUsers(p)
	require.ErrorContains(t, err, p+`:3: user "a": password_hash: bad password hash`, "a problem names the file and line")

	p = writeFile(t, "users.yaml", testUsers(t), 0o600)
	us, err := LoadUsers(p)
	require.NoError(t, err)
	require.Equal(t, 4, us.Len())
}

func TestParseHashAcceptsEveryBcryptVariant(t *testing.T) {
	h := bcryptHash(t, "pw") // $2a$
	for _, v := range []string{"$2a$", "$2b$", "$2y$"} {
		ph, err := parseHash(v + h[4:])
		require.NoError(t, err, v)
		require.True(t, ph.verify("pw"), v)
	}
}
