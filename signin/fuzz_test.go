package signin

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzParseUsers: the users-file parser never panics, and what it accepts
// is well formed. It never verifies a password, which would run whatever
// cost a fuzzed hash names.
func FuzzParseUsers(f *testing.F) {
	f.Add([]byte(testUsers(f)))
	f.Add([]byte("users:\n  - name: a\n    password_hash: \"$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA\"\n    roles: [viewer, admin]\n"))
	f.Add([]byte("users:\n  - name: a\n    password_hash: \"$2y$04$abcdefghijklmnopqrstuu5C8zUAG5pWQGqv5GSbPwMZnDQUrNZtW\"\n    roles: [responder]\n"))
	f.Add([]byte("users: [{name: a, password_hash: x, roles: [root]}, {name: a}]"))
	f.Add([]byte("users: &a [*a]"))
	f.Add([]byte("users:\n  - name: \"\\u0000\"\n"))
	f.Add([]byte("---\n- 1\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		us, err := ParseUsers(data)
		if err != nil {
			require.Nil(t, us)
			return
		}
		require.Positive(t, us.Len())
		require.Equal(t, us.Len(), len(us.byName))
		for name, u := range us.byName {
			require.Equal(t, name, u.Name)
			require.True(t, validName(u.Name))
			require.NotEmpty(t, u.Roles)
			require.Equal(t, u.Roles.normal(), u.Roles)
			if u.hash.bcrypt == nil {
				require.NotEmpty(t, u.hash.key)
				require.LessOrEqual(t, u.hash.argon.memory, uint32(maxArgonMemory))
				require.LessOrEqual(t, u.hash.argon.time, uint32(maxArgonTime))
			}
		}
	})
}

var fuzzNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// FuzzSessionCookie: the cookie decoder never panics, and a value it
// accepts is a valid session that encodes back to one it accepts again.
func FuzzSessionCookie(f *testing.F) {
	ss := testSessions()
	c, err := ss.cookie(session{Name: "alice", Roles: Roles{Privacy}, Method: MethodPassword, Issued: fuzzNow.Unix(), Seen: fuzzNow.Unix()})
	require.NoError(f, err)
	f.Add(c.Value)
	f.Add(c.Value[:len(c.Value)-1])
	f.Add("v1.")
	f.Add("v1..")
	f.Add("v1.e30.")
	f.Add("v2." + c.Value[3:])
	f.Add("")
	f.Fuzz(func(t *testing.T, value string) {
		checkDecoded(t, ss, value)
	})
}

// FuzzSessionPayload signs fuzzed payloads, so that the decoding and the
// checks behind the signature are reached too: a signed cookie is trusted
// to be ours, but its fields are still checked.
func FuzzSessionPayload(f *testing.F) {
	now := fuzzNow.Unix()
	f.Add([]byte(`{"n":"alice","r":["privacy"],"m":"password","i":` + itoa(now) + `,"s":` + itoa(now) + `}`))
	f.Add([]byte(`{"n":"alice","r":["admin","viewer"],"m":"oidc","i":` + itoa(now-3600) + `,"s":` + itoa(now) + `}`))
	f.Add([]byte(`{"n":"alice","r":["ROOT"],"m":"password","i":0,"s":0}`))
	f.Add([]byte(`{"n":"","r":[],"m":"loopback","i":1,"s":2,"x":3}`))
	f.Add([]byte(`{"n":"a","r":["viewer"],"m":"oidc","i":-9223372036854775808,"s":9223372036854775807}`))
	f.Add([]byte(`null`))
	ss := testSessions()
	f.Fuzz(func(t *testing.T, payload []byte) {
		body := codecVersion + base64.RawURLEncoding.EncodeToString(payload)
		checkDecoded(t, ss, body+"."+base64.RawURLEncoding.EncodeToString(ss.codec.mac(body)))
	})
}

func checkDecoded(t *testing.T, ss sessions, value string) {
	s, err := ss.decode(value, fuzzNow)
	if err != nil {
		require.ErrorIs(t, err, ErrNoSession)
		return
	}
	require.NoError(t, s.valid())
	c, err := ss.cookie(s)
	require.NoError(t, err)
	again, err := ss.decode(c.Value, fuzzNow)
	require.NoError(t, err)
	require.Equal(t, s, again)
}
