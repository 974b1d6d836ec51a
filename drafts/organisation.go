package drafts

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Organisation is the organisation's own details as the operator writes
// them once, in the organisation file: who we are, whom to contact, and the
// authority each regime's notice goes to.
type Organisation struct {
	Name    string `yaml:"name"`
	Address string `yaml:"address"`
	// Contact is the DPO or other contact point, by name or role.
	Contact string `yaml:"contact"`
	Email   string `yaml:"email"`
	Phone   string `yaml:"phone"`
	// SigningOfficer is the officer who signs filings such as the SEC's
	// Form 8-K, with the title: "Jordan Lee, Chief Financial Officer".
	SigningOfficer string `yaml:"signing_officer"`
	// LEI is the Legal Entity Identifier (ISO 17442) and EntityType the
	// type of financial entity (DORA Art. 2(1)), which the DORA incident
	// reports identify the financial entity by.
	LEI        string `yaml:"lei"`
	EntityType string `yaml:"entity_type"`
	// CreditAgencies replace the built-in contact lines of the nationwide
	// credit reporting agencies that letters to US residents list (Cal.
	// Civ. Code 1798.82(d)(2)(F)), one line each: name, toll-free number,
	// address; their numbers change, so the file may carry the current ones.
	CreditAgencies []string `yaml:"credit_agencies"`
	// Regulators maps a regime id to the authority its notice goes to.
	Regulators map[string]Regulator `yaml:"regulators"`
}

// Regulator is one recipient authority.
type Regulator struct {
	Name    string `yaml:"name"`
	Address string `yaml:"address"`
}

// Validate checks that every regime named has a regulator name and is one
// of known.
func (o *Organisation) Validate(known func(regime string) bool) error {
	var problems []string
	for _, id := range slices.Sorted(maps.Keys(o.Regulators)) {
		switch {
		case !known(id):
			problems = append(problems, fmt.Sprintf("regulators.%s: unknown regime id", id))
		case strings.TrimSpace(o.Regulators[id].Name) == "":
			problems = append(problems, fmt.Sprintf("regulators.%s: name is required", id))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// For returns the details a draft of regime shows.
func (o *Organisation) For(regime string) Org {
	r := o.Regulators[regime]
	return Org{Name: o.Name, Address: o.Address, ContactName: o.Contact, Email: o.Email, Phone: o.Phone,
		SigningOfficer: o.SigningOfficer, LEI: o.LEI, EntityType: o.EntityType, RegulatorName: r.Name, RegulatorAddress: r.Address,
		CreditAgencies: o.CreditAgencies}
}
