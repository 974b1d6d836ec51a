package respond

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// SetNarrative records what people write about the breach for the drafts:
// texts by narrative key ("" unsets one). A key the drafts do not know is
// refused, naming the keys they do.
func (s *Service) SetNarrative(ctx context.Context, id, actor string, texts map[string]string) (*incident.Incident, error) {
	keys := drafts.NarrativeKeys()
	cat := s.opts.Obligations.Catalog()
	known := func(k string) error {
		if slices.Contains(keys, k) {
			return nil
		}
		if regime, n, ok := drafts.ParseElementKey(k); ok {
			r := cat.Regime(regime)
			switch {
			case r == nil:
				return fmt.Errorf("narrative key %.64q: regime %.64q is not in the catalog", k, regime)
			case slices.Contains(drafts.Regimes(), regime):
				// Its draft reads the named keys, never REGIME.N: a text
				// kept under one would be silently unused.
				return fmt.Errorf("narrative key %.64q: %s has a draft of its own, which reads the named keys (%s)", k, regime, strings.Join(keys, ", "))
			case n > len(r.Content):
				return fmt.Errorf("narrative key %.64q: %s lists %d elements", k, regime, len(r.Content))
			}
			return nil
		}
		return fmt.Errorf("unknown narrative key %.64q (known: %s, or REGIME.N for element N of a regime's content list)", k, strings.Join(keys, ", "))
	}
	return s.Change(ctx, id, actor, func(_ *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		return inc.SetNarrative(texts, actor, known, now)
	})
}
