package respond

import (
	"context"
	"fmt"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/regulations"
	"github.com/breachd/breachd/store"
)

// Draft is a rendered notification draft.
type Draft struct {
	// Body is the draft in the format asked for.
	Body []byte
	// Filename is what a download of it is called: INC-…-regime.md.
	Filename string
}

// Draft renders the notification draft of regime for incident id in format,
// from the incident's facts, narrative and obligations as they are now.
// Every legally required field is in it; one the facts cannot fill is
// marked missing. A regime the catalog does not have is store.ErrNotFound;
// one without a template is drafts.ErrNoTemplate.
func (s *Service) Draft(ctx context.Context, id, regime string, format drafts.Format, lang string) (Draft, error) {
	if err := ctx.Err(); err != nil {
		return Draft{}, err
	}
	r := s.opts.Obligations.Catalog().Regime(regime)
	if r == nil {
		return Draft{}, notFound(fmt.Sprintf("regime %.80q is not in the catalog", regime))
	}
	var in drafts.Input
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := tx.LoadIncident(id)
		if err != nil {
			return err
		}
		set, err := tx.Obligations(inc.ID)
		if err != nil {
			return err
		}
		in, err = drafts.InputFor(inc, set, regime, s.opts.Organisation)
		return err
	})
	if err != nil {
		return Draft{}, err
	}
	in.Now, in.Lang = s.opts.Now(), lang
	in.Regime = DraftRegime(r)
	body, err := drafts.Render(regime, format, in)
	if err != nil {
		return Draft{}, err
	}
	name := fmt.Sprintf("%s-%s.%s", in.Incident.ID, regime, format)
	if lang != "" && lang != "en" {
		name = fmt.Sprintf("%s-%s.%s.%s", in.Incident.ID, regime, lang, format)
	}
	return Draft{Body: body, Filename: name}, nil
}

// notFound is an error that reads as its text and is store.ErrNotFound.
type notFound string

func (e notFound) Error() string { return string(e) }

// Is makes notFound store.ErrNotFound.
func (e notFound) Is(target error) bool { return target == store.ErrNotFound }

// DraftRegime is r's catalog entry as a draft needs it, for the regimes
// drafted from the catalog's content list.
func DraftRegime(r *regulations.Regime) *drafts.Regime {
	return &drafts.Regime{ID: r.ID, Name: r.Name, Jurisdiction: r.Jurisdiction, Recipient: r.Recipient,
		RecipientKind: r.RecipientKind, Basis: r.Basis, Zone: r.Clock.Zone, Content: r.Content}
}
