package signin

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRolesHas(t *testing.T) {
	tests := []struct {
		name  string
		roles Roles
		want  Role
		has   bool
	}{
		{"a viewer may view", Roles{Viewer}, Viewer, true},
		{"a viewer may not respond", Roles{Viewer}, Responder, false},
		{"a responder may view", Roles{Responder}, Viewer, true},
		{"a responder may respond", Roles{Responder}, Responder, true},
		{"a responder may not record facts", Roles{Responder}, Privacy, false},
		{"a privacy officer may view", Roles{Privacy}, Viewer, true},
		{"a privacy officer may not respond", Roles{Privacy}, Responder, false},
		{"a privacy officer may not administer", Roles{Privacy}, Admin, false},
		{"an admin may do everything", Roles{Admin}, Privacy, true},
		{"an admin may respond", Roles{Admin}, Responder, true},
		{"an admin may administer", Roles{Admin}, Admin, true},
		{"both responder and privacy grant both", Roles{Responder, Privacy}, Privacy, true},
		{"no roles grant nothing", nil, Viewer, false},
		{"an unknown role grants nothing", Roles{"root"}, Viewer, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.has, tt.roles.Has(tt.want))
		})
	}
}

func TestParseRole(t *testing.T) {
	r, err := ParseRole(" Privacy ")
	require.NoError(t, err)
	require.Equal(t, Privacy, r)

	_, err = ParseRole("root")
	require.ErrorIs(t, err, ErrUnknownRole)
	require.ErrorContains(t, err, `unknown role "root" (known: viewer, responder, privacy, admin)`)

	rs, err := ParseRoles([]string{"admin", "viewer", "admin"})
	require.NoError(t, err)
	require.Equal(t, Roles{Viewer, Admin}, rs)
	require.Equal(t, "viewer,admin", rs.String())
}
