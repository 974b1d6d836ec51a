package incident

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// DataMapEntry says what personal data an asset holds: the assets it matches
// (shell patterns on id, type and tenant; an empty pattern matches anything)
// and the facts an incident about such an asset starts from.
type DataMapEntry struct {
	Match          AssetPattern `yaml:"match" json:"match"`
	Role           Role         `yaml:"role" json:"role,omitempty"`
	DataCategories []string     `yaml:"data_categories" json:"data_categories,omitempty"`
	DataSubjects   int          `yaml:"data_subjects" json:"data_subjects,omitempty"`
	Jurisdictions  []string     `yaml:"jurisdictions" json:"jurisdictions,omitempty"`
	// Customer is whom to notify when we process the data on a customer's
	// behalf (role processor).
	Customer *Customer `yaml:"customer" json:"customer,omitempty"`
}

// Customer is the controller we notify as its processor: the cloud
// customer, the organisation a data intermediary serves, the covered entity
// of a business associate.
type Customer struct {
	Name string `yaml:"name" json:"name"`
	// Contact is the person, role or address the agreement names for
	// breach notices.
	Contact string `yaml:"contact" json:"contact,omitempty"`
}

// AssetPattern matches assets by path.Match patterns such as "db-*".
type AssetPattern struct {
	ID     string `yaml:"id" json:"id,omitempty"`
	Type   string `yaml:"type" json:"type,omitempty"`
	Tenant string `yaml:"tenant" json:"tenant,omitempty"`
}

// Matches reports whether the asset matches every non-empty pattern.
func (p AssetPattern) Matches(a Asset) bool {
	for _, m := range [][2]string{{p.ID, a.ID}, {p.Type, a.Type}, {p.Tenant, a.Tenant}} {
		if m[0] == "" {
			continue
		}
		if ok, _ := path.Match(m[0], m[1]); !ok {
			return false
		}
	}
	return true
}

// DataMap is the operator's map of assets to personal data.
type DataMap []DataMapEntry

// Validate checks every entry, naming it by its index.
func (m DataMap) Validate() error {
	var problems []string
	for i, e := range m {
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("data map entry %d: ", i)+fmt.Sprintf(format, args...))
		}
		if e.Match == (AssetPattern{}) {
			bad("match needs at least one of id, type, tenant")
		}
		for name, p := range map[string]string{"id": e.Match.ID, "type": e.Match.Type, "tenant": e.Match.Tenant} {
			if _, err := path.Match(p, ""); err != nil {
				bad("match.%s %q is not a valid pattern", name, p)
			}
		}
		if e.Role != "" && !slices.Contains(roles(), e.Role) {
			bad("role %q is not one of %s", e.Role, strings.Join(roleNames(), ", "))
		}
		if e.DataSubjects < 0 {
			bad("data_subjects must not be negative")
		}
		for _, j := range e.Jurisdictions {
			if !ValidJurisdiction(j) {
				bad("jurisdiction %q is not a code such as EU-IE, UK, SG, US-CA", j)
			}
		}
		if e.Customer != nil && strings.TrimSpace(e.Customer.Name) == "" {
			bad("customer needs a name")
		}
		for _, c := range e.DataCategories {
			if strings.TrimSpace(c) == "" {
				bad("data_categories has an empty entry")
			}
		}
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// Facts returns the facts an incident about asset starts from, with the
// customer to notify, or nil when no entry matches. Several matching entries
// combine: the union of categories and jurisdictions, the largest subject
// estimate, the first role and customer named.
func (m DataMap) Facts(a Asset) (*Facts, *Customer) {
	var (
		f        *Facts
		customer *Customer
	)
	for _, e := range m {
		if !e.Match.Matches(a) {
			continue
		}
		if f == nil {
			f = &Facts{PersonalDataAffected: ptrTo(true)}
		}
		if f.Role == "" {
			f.Role = e.Role
		}
		if customer == nil && e.Customer != nil {
			c := *e.Customer
			customer = &c
		}
		f.DataCategories = union(f.DataCategories, e.DataCategories)
		f.Jurisdictions = union(f.Jurisdictions, e.Jurisdictions)
		if e.DataSubjects > 0 && (f.DataSubjects == nil || e.DataSubjects > *f.DataSubjects) {
			f.DataSubjects = ptrTo(e.DataSubjects)
		}
	}
	return f, customer
}

func roles() []Role {
	return []Role{RoleController, RoleProcessor, RoleDataIntermediary, RoleCoveredEntity, RoleBusinessAssociate}
}

func roleNames() []string {
	var names []string
	for _, r := range roles() {
		names = append(names, string(r))
	}
	return names
}

func ptrTo[T any](v T) *T { return &v }

// union appends the entries of add that list lacks, to a copy of list.
func union(list, add []string) []string {
	out := slices.Clone(list)
	for _, v := range add {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
