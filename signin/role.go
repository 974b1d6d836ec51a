package signin

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Role is what a person may do in the console.
type Role string

// The roles. Admin can do everything; Responder and Privacy each include
// Viewer but not each other.
const (
	// Viewer reads incidents, timelines, obligations and drafts.
	Viewer Role = "viewer"
	// Responder acknowledges, sets status, adds notes and decides
	// approvals where the playbook names them.
	Responder Role = "responder"
	// Privacy records facts, narrative, submissions and drafts.
	Privacy Role = "privacy"
	// Admin manages silences and reloads playbooks, and has every other role.
	Admin Role = "admin"
)

// AllRoles returns the roles from least to most powerful.
func AllRoles() []Role { return []Role{Viewer, Responder, Privacy, Admin} }

// ErrUnknownRole is returned for a role name that is not one of AllRoles().
var ErrUnknownRole = errors.New("unknown role")

// ParseRole returns the role named s (case and surrounding space ignored).
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(AllRoles(), r) {
		return "", fmt.Errorf("%w %q (known: viewer, responder, privacy, admin)", ErrUnknownRole, s)
	}
	return r, nil
}

// includes reports whether holding r grants want.
func (r Role) includes(want Role) bool {
	switch r {
	case Admin:
		return true
	case Responder, Privacy:
		return want == r || want == Viewer
	case Viewer:
		return want == Viewer
	}
	return false
}

// Roles is the set of roles a person holds.
type Roles []Role

// Has reports whether any of the roles grants want.
func (rs Roles) Has(want Role) bool {
	for _, r := range rs {
		if r.includes(want) {
			return true
		}
	}
	return false
}

// ParseRoles parses each name with ParseRole and returns the roles sorted
// and without repeats.
func ParseRoles(names []string) (Roles, error) {
	rs := make(Roles, 0, len(names))
	for _, n := range names {
		r, err := ParseRole(n)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs.normal(), nil
}

// normal returns the roles in AllRoles() order without repeats.
func (rs Roles) normal() Roles {
	out := make(Roles, 0, len(rs))
	for _, r := range AllRoles() {
		if slices.Contains(rs, r) {
			out = append(out, r)
		}
	}
	return out
}

// String lists the roles separated by commas.
func (rs Roles) String() string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}
