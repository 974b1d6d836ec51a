package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/signin"
)

// A hash made by breachctl signs its user in.
func TestConsoleHashPasswordMakesAHashTheUsersFileTakes(t *testing.T) {
	r := runCtl(t, "correct horse\n", "console", "hash-password")
	require.Equal(t, 0, r.code, r.String())
	hash := strings.TrimSpace(r.stdout)
	require.True(t, strings.HasPrefix(hash, "$argon2id$"), hash)
	users, err := signin.ParseUsers([]byte("users:\n  - name: dpo\n    password_hash: \"" + hash + "\"\n    roles: [privacy]\n"))
	require.NoError(t, err)
	_, err = users.Authenticate("dpo", "correct horse")
	require.NoError(t, err)
	_, err = users.Authenticate("dpo", "wrong")
	require.Error(t, err)

	r = runCtl(t, "\n", "console", "hash-password")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "the password is empty")
}
