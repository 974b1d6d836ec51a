package timers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Committer carries a change to one incident through the one commit path
// (respond.Service): the change, the save and the hooks in one transaction.
type Committer interface {
	Change(ctx context.Context, id, actor string, fn func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error)) (*incident.Incident, error)
}

// Fire is what a handler does with a due timer of the incidents: it reads
// the timer's data into data (a timer that cannot be read is Permanent),
// then changes the timer's incident through c with fn, disarming the timer
// in the same transaction, so that the effect and the disarming commit
// together or not at all. It reports whether fn recorded events; an
// incident that is gone is ErrGone.
func Fire[D any](ctx context.Context, c Committer, tm store.Timer, actor string, fn func(tx *store.Tx, inc *incident.Incident, data D, now time.Time) ([]incident.Event, error)) (bool, error) {
	var data D
	if err := json.Unmarshal(tm.Data, &data); err != nil {
		return false, Permanent(fmt.Errorf("read the timer: %w", err))
	}
	acted := false
	_, err := c.Change(ctx, tm.Incident, actor, func(tx *store.Tx, inc *incident.Incident, now time.Time) ([]incident.Event, error) {
		if err := tx.DisarmTimer(tm); err != nil {
			return nil, err
		}
		events, err := fn(tx, inc, data, now)
		acted = err == nil && len(events) > 0
		return events, err
	})
	if errors.Is(err, store.ErrNotFound) {
		return false, ErrGone
	}
	return acted && err == nil, err
}
