package regulations

import (
	"testing"

	"github.com/breachd/breachd/incident"
)

// The federal rules end their days in Eastern time (the agencies sit in
// Washington, DC): aware_at 2026-03-10T14:20:00Z is 10:20 EDT on 10 March, so
// 30 days end 23:59:59 EDT on 9 April (2026-04-10T03:59:59Z) and 60 days end
// 23:59:59 EDT on 9 May (2026-05-10T03:59:59Z).

func TestFTCSafeguardsRule(t *testing.T) {
	const fi = `"role":"controller","jurisdictions":["US"]`
	runRegimeIn(t, "ftc_financial_institution", "us_ftc_314_4j_ftc", []regimeCase{
		{name: "500 consumers exactly: 30 days after discovery, ending in Eastern time",
			facts: fi + `,"data_subjects":500`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z", clock: "discovered_at"},
		{name: "499 consumers do not trigger it",
			facts: fi + `,"data_subjects":499`, status: incident.ObligationNotApplicable, reason: "500 or more"},
		{name: "an unknown count is assumed to reach it",
			facts: fi, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z", reason: "data_subjects not yet known"},
		// Discovered 21:00 EDT on 12 March: + 30 days = 11 April.
		{name: "the clock runs from discovery",
			facts: fi + `,"data_subjects":800,"discovered_at":"2026-03-13T01:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-12T03:59:59Z"},
		{name: "a State code is a US jurisdiction",
			facts: `"role":"controller","residents_by_state":{"US-TX":300,"US-CA":200}`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "encrypted with a safe key is no notification event",
			facts: fi + `,"data_subjects":800,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "encrypted data whose key was accessed counts as unencrypted",
			facts: fi + `,"data_subjects":800,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "no US consumers",
			facts: `"role":"controller","jurisdictions":["EU-FR"],"data_subjects":800`, status: incident.ObligationNotApplicable},
		{name: "a service provider does not report for the institution",
			facts: `"role":"processor","jurisdictions":["US"],"data_subjects":800`, status: incident.ObligationNotApplicable},
		{name: "not in force before 13 May 2024",
			facts: `"aware_at":"2024-05-12T12:00:00Z",` + fi + `,"data_subjects":800`, status: incident.ObligationNotInForce},
	})
}

func TestBankingIncidentNotification(t *testing.T) {
	runRegimeIn(t, "banking_organization", "us_bank_csin_regulator", []regimeCase{
		// 14:20Z + 36 h = 12 March 02:20Z: elapsed hours, no end of day.
		{name: "36 hours after the determination",
			facts: `"jurisdictions":["US"]`, status: incident.ObligationDue, dueAt: "2026-03-12T02:20:00Z", clock: "breach_determined_at"},
		{name: "the clock runs from the determination of a notification incident",
			facts: `"jurisdictions":["US-NY"],"breach_determined_at":"2026-03-11T09:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-03-12T21:00:00Z"},
		{name: "personal data is not needed: an outage is a notification incident too",
			facts: `"jurisdictions":["US"],"personal_data_affected":false`, status: incident.ObligationDue, dueAt: "2026-03-12T02:20:00Z"},
		{name: "no US operations",
			facts: `"jurisdictions":["UK"]`, status: incident.ObligationNotApplicable},
		{name: "not in force before 1 May 2022",
			facts: `"aware_at":"2022-04-30T12:00:00Z","jurisdictions":["US"]`, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "bank_service_provider", "us_bank_csin_service_provider", []regimeCase{
		{name: "as soon as possible: no fixed deadline",
			facts: `"role":"processor","jurisdictions":["US"]`, status: incident.ObligationDue},
		{name: "a controller is not a service provider",
			facts: `"role":"controller","jurisdictions":["US"]`, status: incident.ObligationNotApplicable, reason: "us_bank_csin_regulator"},
		{name: "no US operations",
			facts: `"role":"processor","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable},
		{name: "not in force before 1 May 2022",
			facts: `"aware_at":"2022-04-01T12:00:00Z","role":"processor","jurisdictions":["US"]`, status: incident.ObligationNotInForce},
	})
}

func TestFCCCPNI(t *testing.T) {
	const carrier = `"role":"controller","jurisdictions":["US"]`
	runRegimeIn(t, "electronic_communications", "us_fcc_64_2011_law_enforcement", []regimeCase{
		// Tuesday 10 March + 7 business days = Thursday 19 March, 23:59:59 EDT.
		{name: "7 business days after reasonable determination",
			facts: carrier, status: incident.ObligationDue, dueAt: "2026-03-20T03:59:59Z", clock: "breach_determined_at"},
		// Thursday 18 June + 7 business days skips Friday 19 June (Juneteenth):
		// 22-26 and 29-30 June, so Tuesday 30 June, 23:59:59 EDT.
		{name: "federal holidays are not business days",
			facts: carrier + `,"breach_determined_at":"2026-06-18T14:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-07-01T03:59:59Z"},
		{name: "a submission fulfils it",
			facts: carrier + `,"submitted":{"us_fcc_64_2011_law_enforcement":"2026-03-12T15:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "no US customers",
			facts: `"role":"controller","jurisdictions":["CA"]`, status: incident.ObligationNotApplicable},
		{name: "not in force before the 2007 rules",
			facts: `"aware_at":"2007-11-01T00:00:00Z",` + carrier, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "electronic_communications", "us_fcc_64_2011_customers", []regimeCase{
		{name: "pending until law enforcement is notified",
			facts: carrier, status: incident.ObligationDue, reason: "Secret Service"},
		{name: "after the law-enforcement notice, without a number",
			facts: carrier + `,"submitted":{"us_fcc_64_2011_law_enforcement":"2026-03-12T15:00:00Z"}`, status: incident.ObligationDue, clock: "submitted.us_fcc_64_2011_law_enforcement"},
	})
	runRegimeIn(t, "electronic_communications", "us_fcc_64_2011_commission_2024", []regimeCase{
		{name: "the 2024 amendments are not in force",
			facts: carrier, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "electronic_communications", "us_fcc_64_2011_customers_2024", []regimeCase{
		{name: "the 2024 amendments are not in force",
			facts: carrier, status: incident.ObligationNotInForce},
	})
}

func TestFTCHealthBreachNotificationRule(t *testing.T) {
	const vendor = `"role":"controller","jurisdictions":["US"]`
	runRegimeIn(t, "personal_health_record_vendor", "us_ftc_318_individuals", []regimeCase{
		{name: "60 calendar days after discovery, ending in Eastern time",
			facts: vendor, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", clock: "discovered_at"},
		{name: "encrypted with a safe key is not unsecured",
			facts: vendor + `,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no safe harbour if the key was acquired",
			facts: vendor + `,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "a HIPAA covered entity is outside the rule",
			facts: `"role":"covered_entity","jurisdictions":["US"]`, status: incident.ObligationNotApplicable, reason: "318.1(a)"},
		{name: "a HIPAA business associate is outside the rule",
			facts: `"role":"business_associate","jurisdictions":["US"]`, status: incident.ObligationNotApplicable, reason: "318.1(a)"},
		{name: "a service provider notifies the vendor instead",
			facts: `"role":"processor","jurisdictions":["US"]`, status: incident.ObligationNotApplicable, reason: "us_ftc_318_3b_service_provider"},
		{name: "no US individuals",
			facts: `"role":"controller","jurisdictions":["JP"]`, status: incident.ObligationNotApplicable},
		{name: "not in force before 24 September 2009",
			facts: `"aware_at":"2009-09-01T00:00:00Z",` + vendor, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "personal_health_record_vendor", "us_ftc_318_5b_media", []regimeCase{
		{name: "500 residents of one State exactly trigger it",
			facts: vendor + `,"residents_by_state":{"US-OH":500}`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "499 in each State do not, whatever the total",
			facts: vendor + `,"residents_by_state":{"US-OH":499,"US-MI":499}`, status: incident.ObligationNotApplicable, reason: "500 exactly triggers it"},
		{name: "an unknown split by State is assumed to reach it",
			facts: vendor + `,"data_subjects":800`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z", reason: "residents_in_largest_state not yet known"},
	})
	runRegimeIn(t, "personal_health_record_vendor", "us_ftc_318_5c_ftc_2024", []regimeCase{
		{name: "500 individuals exactly: 60 days after discovery",
			facts: vendor + `,"data_subjects":500`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "499 individuals go in the annual log",
			facts: vendor + `,"data_subjects":499`, status: incident.ObligationNotApplicable, reason: "us_ftc_318_5c_ftc_annual_log"},
		{name: "not in force before the 2024 amendments",
			facts: `"aware_at":"2024-07-28T12:00:00Z",` + vendor + `,"data_subjects":900`, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "personal_health_record_vendor", "us_ftc_318_5c_ftc_2009", []regimeCase{
		// Monday 3 June 2024, 10:00 EDT + 10 business days = Monday 17 June,
		// 23:59:59 EDT.
		{name: "ten business days before the 2024 amendments",
			facts: `"aware_at":"2024-06-03T14:00:00Z",` + vendor + `,"data_subjects":900`, status: incident.ObligationDue, dueAt: "2024-06-18T03:59:59Z"},
		{name: "no longer in force from 29 July 2024",
			facts: vendor + `,"data_subjects":900`, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "personal_health_record_vendor", "us_ftc_318_5c_ftc_annual_log", []regimeCase{
		// Discovered in 2026: 31 December + 60 days = 1 March 2027, 23:59:59 EST.
		{name: "fewer than 500: 60 days after the end of the year",
			facts: vendor + `,"data_subjects":499`, status: incident.ObligationDue, dueAt: "2027-03-02T04:59:59Z"},
		{name: "500 or more are notified at once instead",
			facts: vendor + `,"data_subjects":500`, status: incident.ObligationNotApplicable, reason: "us_ftc_318_5c_ftc_2024"},
	})
	runRegimeIn(t, "personal_health_record_vendor", "us_ftc_318_3b_service_provider", []regimeCase{
		{name: "the service provider has 60 days after discovery",
			facts: `"role":"processor","jurisdictions":["US"]`, status: incident.ObligationDue, dueAt: "2026-05-10T03:59:59Z"},
		{name: "a vendor notifies individuals instead",
			facts: vendor, status: incident.ObligationNotApplicable},
	})
}

func TestSECRegulationSP(t *testing.T) {
	const ci = `"role":"controller","jurisdictions":["US"]`
	runRegimeIn(t, "sec_reg_sp_institution", "us_sec_reg_sp_248_30_individuals", []regimeCase{
		{name: "30 days after becoming aware, ending in Eastern time",
			facts: ci, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z", clock: "aware_at"},
		{name: "a determination does not move the clock",
			facts: ci + `,"breach_determined_at":"2026-03-20T12:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-04-10T03:59:59Z"},
		{name: "an Attorney General delay holds it",
			facts: ci + `,"holds":[{"regime":"us_sec_reg_sp_248_30_individuals","until":"2026-04-09T00:00:00Z","reason":"AG national security determination"}]`, status: incident.ObligationHeld},
		{name: "a service provider notifies the institution instead",
			facts: `"role":"processor","jurisdictions":["US"]`, status: incident.ObligationNotApplicable, reason: "72 hours"},
		{name: "no US individuals",
			facts: `"role":"controller","jurisdictions":["AU"]`, status: incident.ObligationNotApplicable},
		{name: "not in force before the larger entities' compliance date",
			facts: `"aware_at":"2025-12-02T12:00:00Z",` + ci, status: incident.ObligationNotInForce},
	})
	runRegimeIn(t, "sec_reg_sp_institution", "us_sec_reg_sp_248_30_service_provider", []regimeCase{
		{name: "72 hours after becoming aware",
			facts: `"role":"processor","jurisdictions":["US"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "the institution itself does not owe it",
			facts: ci, status: incident.ObligationNotApplicable},
	})
}

func TestCIRCIA(t *testing.T) {
	for _, id := range []string{"us_circia_681b_cisa_incident", "us_circia_681b_cisa_ransom"} {
		runRegime(t, id, []regimeCase{
			{name: "not in force until CISA's final rule takes effect",
				facts: `"jurisdictions":["US"]`, status: incident.ObligationNotInForce},
			{name: "not in force for a late incident either",
				facts: `"aware_at":"2098-12-31T12:00:00Z","jurisdictions":["US-TX"]`, status: incident.ObligationNotInForce},
		})
	}
	runRegimeIn(t, "critical_infrastructure", "us_circia_681b_cisa_incident", []regimeCase{
		// Once in force: 72 hours from the reasonable belief.
		{name: "72 hours from the reasonable belief once in force",
			facts: `"aware_at":"2099-03-10T14:20:00Z","believed_at":"2099-03-11T00:00:00Z","jurisdictions":["US"]`, status: incident.ObligationDue, dueAt: "2099-03-14T00:00:00Z", clock: "believed_at"},
		{name: "from awareness when no belief is recorded",
			facts: `"aware_at":"2099-03-10T14:20:00Z","jurisdictions":["US"]`, status: incident.ObligationDue, dueAt: "2099-03-13T14:20:00Z", clock: "aware_at"},
		{name: "no US operations",
			facts: `"aware_at":"2099-03-10T14:20:00Z","jurisdictions":["UK"]`, status: incident.ObligationNotApplicable},
	})
}
