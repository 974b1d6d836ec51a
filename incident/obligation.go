package incident

import "time"

// ObligationStatus is where one obligation stands.
type ObligationStatus string

// Statuses, as REGULATIONS.md's appendix lists them.
const (
	ObligationDue           ObligationStatus = "due"
	ObligationFulfilled     ObligationStatus = "fulfilled"      // a submission is recorded
	ObligationExempt        ObligationStatus = "exempt"         // an exemption of the law applies
	ObligationHeld          ObligationStatus = "held"           // a law-enforcement hold is in effect
	ObligationNotApplicable ObligationStatus = "not_applicable" // the regime's conditions are not met
	ObligationNotInForce    ObligationStatus = "not_in_force"   // the rule was not in force at awareness
)

// Obligation is one regime's verdict for the facts. DueAt is nil for duties
// without a numeric limit ("without undue delay", "immediately"), which are
// due from their trigger, and for entries that are not due; Due always says
// the deadline in words. Reason explains every status but due; on a due
// entry it names the facts assumed until recorded and the clock choices made.
type Obligation struct {
	Regime     string           `json:"regime"`
	Recipient  string           `json:"recipient"`
	Status     ObligationStatus `json:"status"`
	DueAt      *time.Time       `json:"due_at"`
	Due        string           `json:"due"`
	ClockStart string           `json:"clock_start"`
	Basis      string           `json:"basis"`
	Reason     string           `json:"reason"`
}
