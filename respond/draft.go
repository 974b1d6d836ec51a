package respond

import (
	"context"
	"fmt"
	"time"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
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
	var d Draft
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := tx.LoadIncident(id)
		if err != nil {
			return err
		}
		d, err = s.render(tx, inc, r, format, lang, s.opts.Now())
		return err
	})
	return d, err
}

// render renders the draft of regime r for inc as it stands in tx, dated
// now.
func (s *Service) render(tx *store.Tx, inc *incident.Incident, r *regulations.Regime, format drafts.Format, lang string, now time.Time) (Draft, error) {
	set, err := tx.Obligations(inc.ID)
	if err != nil {
		return Draft{}, err
	}
	in, err := drafts.InputFor(inc, set, r.ID, s.opts.Organisation)
	if err != nil {
		return Draft{}, err
	}
	in.Now, in.Lang = now, lang
	in.Regime = DraftRegime(r)
	body, err := drafts.Render(r.ID, format, in)
	if err != nil {
		return Draft{}, err
	}
	name := fmt.Sprintf("%s-%s.%s", in.Incident.ID, r.ID, format)
	if lang != "" && lang != "en" {
		name = fmt.Sprintf("%s-%s.%s.%s", in.Incident.ID, r.ID, lang, format)
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

// FiledDraft returns the draft of regime as it stood when its last filing
// was recorded (see Submit), named as it was then. An incident with no
// filing of regime that kept a draft is store.ErrNotFound.
func (s *Service) FiledDraft(ctx context.Context, id, regime string) (Draft, error) {
	if err := ctx.Err(); err != nil {
		return Draft{}, err
	}
	var d Draft
	err := s.store.View(func(tx *store.Tx) error {
		inc, err := tx.LoadIncident(id)
		if err != nil {
			return err
		}
		for i := len(inc.Submissions) - 1; i >= 0; i-- {
			sub := inc.Submissions[i]
			if sub.Regime != regime || sub.Draft == nil {
				continue
			}
			body, err := tx.FiledDraft(inc.ID, sub.Draft.SHA256)
			if err != nil {
				return err
			}
			d = Draft{Body: body, Filename: sub.Draft.Name}
			return nil
		}
		return notFound(fmt.Sprintf("%s has no filing of %.80q with a draft (breachctl submitted records one)", inc.ID, regime))
	})
	return d, err
}

// Filings are, of an incident's obligations, the regimes with a draft to
// show (those owed, held, fulfilled or exempt whose regime has a
// template or a content list) and those a filing may be recorded for (the
// same, but exempt), in the order of set.
func (s *Service) Filings(set []incident.Obligation) (drafted, submittable []string) {
	cat := s.opts.Obligations.Catalog()
	for _, o := range set {
		r := cat.Regime(o.Regime)
		if r == nil {
			continue
		}
		switch o.Status {
		case incident.ObligationDue, incident.ObligationHeld, incident.ObligationFulfilled, incident.ObligationExempt:
			if drafts.HasDraft(*DraftRegime(r)) {
				drafted = append(drafted, o.Regime)
			}
			if o.Status != incident.ObligationExempt {
				submittable = append(submittable, o.Regime)
			}
		}
	}
	return drafted, submittable
}
