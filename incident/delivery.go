package incident

import "time"

// Delivery is the outcome of one side effect carried out from the outbox:
// what kind, under which idempotency key, after how many attempts and how
// long the last one took; Detail is what the receiver answered, Error why
// it was given up.
type Delivery struct {
	Kind     string `json:"kind"`
	Key      string `json:"key"`
	Attempts int    `json:"attempts"`
	TookMS   int64  `json:"took_ms"`
	Detail   string `json:"detail,omitempty"`
	Error    string `json:"error,omitempty"`
}

// DeliveryActor is the actor of delivery events.
const DeliveryActor = "outbox"

// RecordDelivery records a side effect's outcome: delivered, or (with an
// Error) given up.
func (inc *Incident) RecordDelivery(d Delivery, now time.Time) ([]Event, error) {
	typ := EventDelivered
	if d.Error != "" {
		typ = EventDeliveryFailed
	}
	e, err := inc.record(now, DeliveryActor, typ, d)
	if err != nil {
		return nil, err
	}
	return []Event{e}, nil
}
