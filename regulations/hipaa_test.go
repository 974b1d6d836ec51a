package regulations

import (
	"testing"
	"time"

	"github.com/breachd/breachd/incident"
)

// aware_at is 2026-03-10T14:20:00Z, 10:20 EDT (US DST began 8 March 2026),
// unless a case sets its own. 60 calendar days after 10 March: 21 days to
// 31 March, 30 in April (51), 9 in May: 9 May, ending 23:59:59 EDT, which is
// 2026-05-10T03:59:59Z.

const hipaa = `"role":"covered_entity","jurisdictions":["US"]`

func TestHIPAAIndividuals(t *testing.T) {
	runRegime(t, "hipaa_164_404_individuals", []regimeCase{
		{name: "60 calendar days after discovery, ending in New York time",
			facts: hipaa + `,"unsecured_phi":true`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", clock: "discovered_at"},
		// 02:00Z on 9 March is 22:00 EDT on 8 March: 8 March + 60 days = 7 May, 23:59:59 EDT.
		{name: "discovery is the local day",
			facts: hipaa + `,"discovered_at":"2026-03-09T02:00:00Z","aware_at":"2026-03-09T01:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-05-08T03:59:59Z"},
		// 07:20 PDT on 10 March; 9 May 23:59:59 PDT (UTC-7).
		{name: "the entity's own zone when given",
			facts: hipaa + `,"timezones":{"US":"America/Los_Angeles"}`, status: incident.ObligationDue, dueAt: "2026-05-10T06:59:59Z"},
		{name: "secured PHI is no breach of unsecured PHI",
			facts: hipaa + `,"unsecured_phi":false`, status: incident.ObligationExempt, reason: "secured"},
		{name: "a documented low probability of compromise",
			facts: hipaa + `,"low_probability_of_compromise_documented":true`, status: incident.ObligationExempt, reason: "four-factor"},
		{name: "a controller outside HIPAA",
			facts: `"role":"controller","jurisdictions":["US"]`, status: incident.ObligationNotApplicable},
		{name: "a business associate notifies the covered entity instead",
			facts: `"role":"business_associate","jurisdictions":["US-CA"]`, status: incident.ObligationNotApplicable, reason: "hipaa_164_410_ba_to_ce"},
		{name: "a written law-enforcement statement holds it",
			facts: hipaa + `,"holds":[{"regime":"hipaa_164_404_individuals","until":"2026-04-10T00:00:00Z","reason":"FBI written statement (164.412(a))"}]`, status: incident.ObligationHeld},
		// The hold ended 2026-06-01T00:00Z, after the 60 days: due when it ended.
		{name: "a hold that ends after the 60 days makes it due when the hold ends",
			facts:  hipaa + `,"holds":[{"regime":"hipaa_164_404_individuals","until":"2026-06-01T00:00:00Z","reason":"FBI written statement"}]`,
			at:     time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC),
			status: incident.ObligationDue, dueAt: "2026-06-01T00:00:00Z"},
		{name: "a submission fulfils it",
			facts: hipaa + `,"submitted":{"hipaa_164_404_individuals":"2026-04-01T00:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before the breach notification rule",
			facts: `"aware_at":"2009-01-01T00:00:00Z",` + hipaa, status: incident.ObligationNotInForce},
	})
}

func TestHIPAAMediaNeedsMoreThan500ResidentsOfOneState(t *testing.T) {
	runRegime(t, "hipaa_164_406_media", []regimeCase{
		{name: "501 residents of one State",
			facts: hipaa + `,"residents_by_state":{"US-CA":501,"US-NV":3}`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "500 residents of one State do not",
			facts: hipaa + `,"residents_by_state":{"US-CA":500,"US-NV":400}`, status: incident.ObligationNotApplicable, reason: "500 exactly"},
		{name: "a total without the split by State is assumed to reach it",
			facts: hipaa + `,"data_subjects":900`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", reason: "residents_in_largest_state not yet known"},
		{name: "secured PHI",
			facts: hipaa + `,"residents_by_state":{"US-CA":900},"unsecured_phi":false`, status: incident.ObligationExempt},
	})
}

func TestHIPAAHHSContemporaneousNeeds500OrMore(t *testing.T) {
	runRegime(t, "hipaa_164_408_hhs_contemporaneous", []regimeCase{
		{name: "500 individuals exactly",
			facts: hipaa + `,"data_subjects":500`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "500 across States counts in total, though no State has more than 500",
			facts: hipaa + `,"residents_by_state":{"US-CA":300,"US-NV":200}`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "499 go to the annual log",
			facts: hipaa + `,"data_subjects":499`, status: incident.ObligationNotApplicable, reason: "hipaa_164_408_hhs_annual_log"},
		{name: "an unknown count is assumed to reach it",
			facts: hipaa, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", reason: "data_subjects not yet known"},
	})
}

func TestHIPAAHHSAnnualLog(t *testing.T) {
	runRegime(t, "hipaa_164_408_hhs_annual_log", []regimeCase{
		// Discovered in 2026: 31 Dec 2026 + 60 days = 1 March 2027 (31 + 28 = 59 is 28 Feb), 23:59:59 EST.
		{name: "fewer than 500: 60 days after the end of the year, 1 March in a common year",
			facts: hipaa + `,"data_subjects":499`, status: incident.ObligationDue, dueAt: "2027-03-02T04:59:59Z", clock: "discovered_at"},
		// Discovered in 2027: 31 Dec 2027 + 60 days = 29 February 2028, 23:59:59 EST.
		{name: "29 February in a leap year",
			facts: `"aware_at":"2027-06-15T12:00:00Z",` + hipaa + `,"data_subjects":12`, status: incident.ObligationDue, dueAt: "2028-03-01T04:59:59Z"},
		{name: "500 or more are notified contemporaneously instead",
			facts: hipaa + `,"data_subjects":500`, status: incident.ObligationNotApplicable, reason: "hipaa_164_408_hhs_contemporaneous"},
		{name: "a submission of the year's log fulfils it",
			facts: hipaa + `,"data_subjects":10,"submitted":{"hipaa_164_408_hhs_annual_log":"2027-02-01T00:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

func TestHIPAABusinessAssociate(t *testing.T) {
	runRegime(t, "hipaa_164_410_ba_to_ce", []regimeCase{
		{name: "60 days after the business associate's discovery",
			facts: `"role":"business_associate","jurisdictions":["US"]`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "a covered entity does not owe it",
			facts: hipaa, status: incident.ObligationNotApplicable},
		{name: "secured PHI",
			facts: `"role":"business_associate","jurisdictions":["US"],"unsecured_phi":false`, status: incident.ObligationExempt},
	})
}
