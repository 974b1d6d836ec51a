package regulations

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/breachd/breachd/incident"
)

// CheckFacts validates facts for evaluation against the catalog: every
// check of incident.Facts.Validate, and the regime ids that submitted and
// holds name must be regimes of the catalog. Every problem is reported, each
// naming its field, as an incident.ErrInvalidFacts.
func (c *Catalog) CheckFacts(f *incident.Facts) error {
	errs := []error{f.Validate()}
	for _, id := range slices.Sorted(maps.Keys(f.Submitted)) {
		if id != "" && c.Regime(id) == nil {
			errs = append(errs, fmt.Errorf("%w: submitted.%s: unknown regime id %q", incident.ErrInvalidFacts, id, id))
		}
	}
	for i, h := range f.Holds {
		if h.Regime != "" && c.Regime(h.Regime) == nil {
			errs = append(errs, fmt.Errorf("%w: holds.%d.regime: unknown regime id %q", incident.ErrInvalidFacts, i, h.Regime))
		}
	}
	return errors.Join(errs...)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
