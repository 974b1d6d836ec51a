package drafts

import (
	"strings"

	"github.com/breachd/breachd/incident"
)

// InputFor gathers what a draft of regime is rendered from: the
// organisation's details for the regime (org may be nil), the incident, its
// facts, its customer, the regime's evaluated obligation (set may be nil)
// and what people wrote about the breach. The caller sets Now. An unknown
// narrative key is an error.
func InputFor(inc *incident.Incident, set *incident.Obligations, regime string, org *Organisation) (Input, error) {
	asset := inc.Asset.ID
	if inc.Asset.Type != "" {
		asset += " (" + inc.Asset.Type + ")"
	}
	in := Input{
		Incident: Incident{
			ID: inc.ID, Title: inc.Title, OpenedAt: inc.OpenedAt, Status: string(inc.Status),
			Description: inc.Description, Asset: strings.TrimSpace(asset), TimelineHead: inc.TimelineHead,
		},
		Facts: inc.Facts,
	}
	if org != nil {
		in.Org = org.For(regime)
	}
	if inc.Customer != nil {
		in.Customer = Customer{Name: inc.Customer.Name, Contact: inc.Customer.Contact}
	}
	if o := set.Find(regime); o != nil {
		in.Obligation = *o
	}
	if set != nil {
		in.CatalogVersion = set.CatalogVersion
	}
	return in, in.FromNarrative(inc.Narrative)
}
