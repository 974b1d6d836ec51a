package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

func TestAFulfilledObligationKeepsItsDeadlineAndSaysWhetherItWasLate(t *testing.T) {
	const eu = `"role":"controller","jurisdictions":["EU-IE"]`
	runRegime(t, "gdpr_art33_sa", []regimeCase{
		{name: "filed in time: the deadline stays, not late",
			facts: eu + `,"submitted":{"gdpr_art33_sa":"2026-03-12T09:00:00Z"}`, status: incident.ObligationFulfilled,
			dueAt: "2026-03-13T14:20:00Z", reason: "submitted 2026-03-12T09:00:00Z"},
		{name: "filed after 72 hours: late, with the deadline it missed",
			facts: eu + `,"submitted":{"gdpr_art33_sa":"2026-03-14T09:00:00Z"}`, status: incident.ObligationFulfilled,
			dueAt: "2026-03-13T14:20:00Z", reason: "late: it was due 2026-03-13T14:20:00Z"},
	})
	o := evalOne(t, `{`+aware+`,`+eu+`,"submitted":{"gdpr_art33_sa":"2026-03-14T09:00:00Z"}}`, "gdpr_art33_sa", now)
	if !o.Late || o.SubmittedAt == nil || o.SubmittedAt.Format("2006-01-02T15:04:05Z07:00") != "2026-03-14T09:00:00Z" {
		t.Fatalf("late %v, submitted_at %v", o.Late, o.SubmittedAt)
	}
}

func TestANoticeTimedFromAHeldNoticeIsHeldWithIt(t *testing.T) {
	const ca = `"role":"controller","jurisdictions":["US-CA"],"residents_by_state":{"US-CA":900}`
	const hold = `"holds":[{"regime":"us_ca_1798_82_individuals","reason":"police request"}]`
	runRegime(t, "us_ca_1798_82_ag", []regimeCase{
		{name: "held while the residents' notice is held",
			facts: ca + `,` + hold, status: incident.ObligationHeld, reason: "held while us_ca_1798_82_individuals is held (police request)"},
		{name: "due from the residents' notice once it was actually sent",
			facts:  ca + `,` + hold + `,"submitted":{"us_ca_1798_82_individuals":"2026-03-20T18:00:00Z"}`,
			status: incident.ObligationDue, dueAt: "2026-04-05T06:59:59Z"},
	})
}
