package regulations

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachd/breachd/incident"

	"github.com/stretchr/testify/require"
)

// now is the fixed evaluation time of these tests: holds are compared with it.
var now = time.Date(2026, 3, 11, 12, 0, 0, 0, time.UTC)

// embeddedCatalog is the embedded catalog, parsed once for all the cases:
// a catalog is immutable once loaded.
var embeddedCatalog = sync.OnceValue(Default)

// evalOne decodes and validates facts, evaluates them with the embedded
// catalog and returns the verdict for one regime.
func evalOne(t *testing.T, facts string, regime string, at time.Time) incident.Obligation {
	t.Helper()
	c := embeddedCatalog()
	f, err := incident.ParseFacts([]byte(facts))
	require.NoError(t, err)
	require.NoError(t, c.CheckFacts(f))
	for _, o := range Evaluate(f, c, at).Obligations {
		if o.Regime == regime {
			return o
		}
	}
	t.Fatalf("no obligation for %s", regime)
	return incident.Obligation{}
}

type regimeCase struct {
	name   string
	facts  string // JSON object members, without braces; aware_at is added
	at     time.Time
	status incident.ObligationStatus
	dueAt  string // RFC 3339, or "" for null
	clock  string // clock_start, checked when set
	reason string // a substring of reason, checked when set
}

const aware = `"aware_at":"2026-03-10T14:20:00Z"`

func runRegime(t *testing.T, regime string, cases []regimeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			facts := "{" + aware
			if tc.facts != "" {
				facts += "," + tc.facts
			}
			if strings.Contains(tc.facts, `"aware_at"`) {
				facts = "{" + tc.facts
			}
			facts += "}"
			at := tc.at
			if at.IsZero() {
				at = now
			}
			o := evalOne(t, facts, regime, at)
			require.Equal(t, tc.status, o.Status, "reason: %s", o.Reason)
			switch {
			case tc.dueAt == "" && o.Status == incident.ObligationFulfilled:
				// A fulfilled obligation keeps the deadline it had; the
				// cases that check it give dueAt.
				require.NotNil(t, o.SubmittedAt, "a fulfilled obligation says when it was filed")
			case tc.dueAt == "":
				require.Nil(t, o.DueAt)
			default:
				require.NotNil(t, o.DueAt, "reason: %s", o.Reason)
				require.Equal(t, tc.dueAt, o.DueAt.Format(time.RFC3339))
			}
			if tc.clock != "" {
				require.Equal(t, tc.clock, o.ClockStart)
			}
			if tc.reason != "" {
				require.Contains(t, o.Reason, tc.reason)
			}
			if o.Status != incident.ObligationDue {
				require.NotEmpty(t, o.Reason, "every status but due says why")
			}
			require.NotEmpty(t, o.Due)
			require.NotEmpty(t, o.Basis)
		})
	}
}

// runRegimeIn is runRegime for a regime that binds only organisations of
// sector: every case is of such an organisation (unless its facts say
// otherwise), and one more case checks that without the sector the regime
// does not apply.
func runRegimeIn(t *testing.T, sector, regime string, cases []regimeCase) {
	t.Helper()
	for i := range cases {
		if !strings.Contains(cases[i].facts, `"sectors"`) {
			cases[i].facts = strings.TrimPrefix(cases[i].facts+`,"sectors":["`+sector+`"]`, ",")
		}
	}
	runRegime(t, regime, cases)
	for _, c := range cases {
		if c.status == incident.ObligationNotInForce {
			continue
		}
		without := c
		without.name, without.status, without.dueAt, without.clock = "not of the sector "+sector, incident.ObligationNotApplicable, "", ""
		without.facts = strings.Replace(without.facts, `"sectors":["`+sector+`"]`, `"sectors":[]`, 1)
		without.reason = "(sectors)"
		runRegime(t, regime, []regimeCase{without})
		break
	}
}

func TestGDPRArt33SupervisoryAuthority(t *testing.T) {
	runRegime(t, "gdpr_art33_sa", []regimeCase{
		{name: "a controller with Irish data subjects owes the SA 72 hours from awareness",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"risk_to_rights":true`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", clock: "aware_at"},
		{name: "72 hours across the EU DST change are 72 hours of UTC",
			facts: `"aware_at":"2026-03-27T10:00:00Z","role":"controller","jurisdictions":["EU-DE"]`, status: incident.ObligationDue, dueAt: "2026-03-30T10:00:00Z"},
		{name: "an unassessed risk is assumed, and the reason says so",
			facts: `"role":"controller","jurisdictions":["EU-FR"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "an unrecorded role is assumed to be the controller's",
			facts: `"jurisdictions":["EU-FR"]`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z", reason: "role not yet known"},
		{name: "no risk to rights exempts it",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"risk_to_rights":false`, status: incident.ObligationExempt, reason: "Art. 33(1)"},
		{name: "encryption alone does not exempt it",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a processor does not owe it",
			facts: `"role":"processor","jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable, reason: "gdpr_art33_2_processor"},
		{name: "no EU data subject or establishment",
			facts: `"role":"controller","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable, reason: "EU"},
		{name: "counts by jurisdiction are jurisdictions too",
			facts: `"role":"controller","data_subjects_by_jurisdiction":{"EU-NL":3}`, status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "no personal data",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"personal_data_affected":false`, status: incident.ObligationNotApplicable},
		{name: "a recorded submission fulfils it",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"submitted":{"gdpr_art33_sa":"2026-03-12T09:00:00Z"}`, status: incident.ObligationFulfilled, reason: "2026-03-12T09:00:00Z"},
		{name: "a hold in effect holds it",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"holds":[{"regime":"gdpr_art33_sa","until":"2026-03-20T00:00:00Z","reason":"police request"}]`, status: incident.ObligationHeld, reason: "police request"},
		{name: "a lapsed hold makes it due when the hold ended",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"holds":[{"regime":"gdpr_art33_sa","until":"2026-03-15T00:00:00Z","reason":"police request"}]`,
			at:    time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), status: incident.ObligationDue, dueAt: "2026-03-15T00:00:00Z", reason: "hold"},
		{name: "a lapsed hold that ended before the deadline leaves the deadline",
			facts:  `"role":"controller","jurisdictions":["EU-IE"],"holds":[{"regime":"gdpr_art33_sa","until":"2026-03-11T00:00:00Z","reason":"police request"}]`,
			status: incident.ObligationDue, dueAt: "2026-03-13T14:20:00Z"},
		{name: "a breach known before 25 May 2018",
			facts: `"aware_at":"2018-05-01T00:00:00Z","role":"controller","jurisdictions":["EU-IE"]`, status: incident.ObligationNotInForce, reason: "2018-05-25"},
	})
}

func TestGDPRArt33ProcessorToController(t *testing.T) {
	runRegime(t, "gdpr_art33_2_processor", []regimeCase{
		{name: "a processor owes the controller notice without undue delay, whatever the risk",
			facts: `"role":"processor","jurisdictions":["EU-DE"],"risk_to_rights":false`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "a controller does not owe it",
			facts: `"role":"controller","jurisdictions":["EU-DE"]`, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: `"role":"processor","jurisdictions":["EU-DE"],"submitted":{"gdpr_art33_2_processor":"2026-03-10T20:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "outside the EU",
			facts: `"role":"processor","jurisdictions":["US"]`, status: incident.ObligationNotApplicable},
	})
}

func TestGDPRArt34Individuals(t *testing.T) {
	runRegime(t, "gdpr_art34_individuals", []regimeCase{
		{name: "a high risk is due without undue delay: no due_at",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true`, status: incident.ObligationDue, clock: "aware_at"},
		{name: "no high risk",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"risk_to_rights":true,"high_risk":false`, status: incident.ObligationNotApplicable, reason: "high risk"},
		{name: "no risk at all",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"risk_to_rights":false`, status: incident.ObligationNotApplicable, reason: "risk_to_rights is false"},
		{name: "an unassessed high risk is assumed",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"risk_to_rights":true`, status: incident.ObligationDue, reason: "high_risk not yet known"},
		{name: "encrypted data with a safe key is exempt under Art. 34(3)(a)",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt, reason: "34(3)(a)"},
		{name: "encryption with an unknown key state does not exempt",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true,"encrypted":true`, status: incident.ObligationDue},
		{name: "a stolen key does not exempt",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true,"encrypted":true,"encryption_key_compromised":true`, status: incident.ObligationDue},
		{name: "remedial action is exempt under Art. 34(3)(b)",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt, reason: "34(3)(b)"},
		{name: "a hold without an end",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true,"holds":[{"regime":"gdpr_art34_individuals","reason":"police investigation"}]`, status: incident.ObligationHeld, reason: "until lifted"},
		{name: "a submission fulfils it",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"high_risk":true,"submitted":{"gdpr_art34_individuals":"2026-03-11T08:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

// A high risk is a risk: with high_risk recorded true, risk_to_rights is
// not named as a fact still missing.
func TestAHighRiskIsARisk(t *testing.T) {
	o := evalOne(t, "{"+aware+`,"role":"controller","jurisdictions":["EU-IE"],"high_risk":true}`, "gdpr_art34_individuals", now)
	require.Equal(t, incident.ObligationDue, o.Status)
	require.NotContains(t, o.Reason, "risk_to_rights", o.Reason)
	require.NotContains(t, o.Reason, "not yet known", o.Reason)
}

func TestGDPRArt33_5Register(t *testing.T) {
	runRegime(t, "gdpr_art33_5_register", []regimeCase{
		{name: "every breach is documented, even one not notified",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"risk_to_rights":false`, status: incident.ObligationDue},
		{name: "a register entry fulfils it",
			facts: `"role":"controller","jurisdictions":["EU-IE"],"submitted":{"gdpr_art33_5_register":"2026-03-10T15:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "a processor keeps no controller register",
			facts: `"role":"processor","jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable},
	})
}

func TestUKGDPR(t *testing.T) {
	runRegime(t, "uk_gdpr_art33_ico", []regimeCase{
		{name: "the ICO is owed 72 hours, over the BST change",
			facts: `"aware_at":"2026-03-28T09:00:00Z","role":"controller","jurisdictions":["UK"]`, status: incident.ObligationDue, dueAt: "2026-03-31T09:00:00Z"},
		{name: "an EU-only breach does not reach the ICO",
			facts: `"role":"controller","jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable},
		{name: "no risk exempts it",
			facts: `"role":"controller","jurisdictions":["UK"],"risk_to_rights":false`, status: incident.ObligationExempt},
		{name: "a submission fulfils it",
			facts: `"role":"controller","jurisdictions":["UK"],"submitted":{"uk_gdpr_art33_ico":"2026-03-11T10:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "a hold in effect",
			facts: `"role":"controller","jurisdictions":["UK"],"holds":[{"regime":"uk_gdpr_art33_ico","until":"2026-03-12T00:00:00Z","reason":"NCA request"}]`, status: incident.ObligationHeld},
		{name: "before the end of the transition period the EU GDPR applied",
			facts: `"aware_at":"2020-06-01T00:00:00Z","role":"controller","jurisdictions":["UK"]`, status: incident.ObligationNotInForce},
	})
	runRegime(t, "uk_gdpr_art34_individuals", []regimeCase{
		{name: "a high risk is due without undue delay",
			facts: `"role":"controller","jurisdictions":["UK"],"high_risk":true`, status: incident.ObligationDue},
		{name: "encrypted with a safe key is exempt",
			facts: `"role":"controller","jurisdictions":["UK"],"high_risk":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt},
		{name: "no high risk",
			facts: `"role":"controller","jurisdictions":["UK"],"high_risk":false`, status: incident.ObligationNotApplicable},
	})
	runRegime(t, "uk_gdpr_art33_5_register", []regimeCase{
		{name: "every UK breach is documented",
			facts: `"role":"controller","jurisdictions":["UK"],"risk_to_rights":false`, status: incident.ObligationDue},
		{name: "not for an EU-only breach",
			facts: `"role":"controller","jurisdictions":["EU-IE"]`, status: incident.ObligationNotApplicable},
	})
}

const sg = `"role":"controller","jurisdictions":["SG"]`

func TestPDPAAssessment(t *testing.T) {
	runRegime(t, "pdpa_26c_assessment", []regimeCase{
		{name: "the PDPC expects the assessment within 30 calendar days, ending 23:59:59 SGT",
			facts: sg, status: incident.ObligationDue, dueAt: "2026-04-09T15:59:59Z", clock: "aware_at"},
		{name: "a recorded assessment fulfils it",
			facts: sg + `,"assessed_not_notifiable_at":"2026-03-12T02:00:00Z"`, status: incident.ObligationFulfilled, reason: "assessed_not_notifiable_at"},
		{name: "a data intermediary notifies instead",
			facts: `"role":"data_intermediary","jurisdictions":["SG"]`, status: incident.ObligationNotApplicable, reason: "pdpa_26c3_intermediary"},
		{name: "Part 6A was not in force in 2020",
			facts: `"aware_at":"2020-12-01T00:00:00Z",` + sg, status: incident.ObligationNotInForce},
	})
}

func TestPDPAIntermediary(t *testing.T) {
	runRegime(t, "pdpa_26c3_intermediary", []regimeCase{
		{name: "a data intermediary notifies the organisation without undue delay",
			facts: `"role":"data_intermediary","jurisdictions":["SG"]`, status: incident.ObligationDue},
		{name: "a processor in Singapore is a data intermediary",
			facts: `"role":"processor","jurisdictions":["SG"]`, status: incident.ObligationDue},
		{name: "the organisation itself does not",
			facts: sg, status: incident.ObligationNotApplicable},
		{name: "a submission fulfils it",
			facts: `"role":"data_intermediary","jurisdictions":["SG"],"submitted":{"pdpa_26c3_intermediary":"2026-03-10T16:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

func TestPDPANotifyPDPC(t *testing.T) {
	runRegime(t, "pdpa_26d1_pdpc", []regimeCase{
		{name: "a Friday 23:30 SGT assessment is due Monday 23:59:59 SGT",
			facts:  sg + `,"significant_harm":true,"assessed_notifiable_at":"2026-03-13T15:30:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-16T15:59:59Z", clock: "assessed_notifiable_at"},
		{name: "500 affected individuals exactly are notifiable (not fewer than 500)",
			facts:  sg + `,"significant_harm":false,"data_subjects":500,"assessed_notifiable_at":"2026-03-11T01:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-14T15:59:59Z"},
		{name: "499 without significant harm are not",
			facts: sg + `,"significant_harm":false,"data_subjects":499`, status: incident.ObligationNotApplicable, reason: "500"},
		{name: "prescribed data (name and financial) is significant harm at any count",
			facts: sg + `,"significant_harm":false,"data_subjects":3,"data_categories":["name","financial"]`, status: incident.ObligationDue, reason: "no assessment recorded"},
		{name: "an account identifier with its password is significant harm (reg 3(1)(b))",
			facts: sg + `,"significant_harm":false,"data_subjects":3,"data_categories":["account_credentials"]`, status: incident.ObligationDue},
		{name: "before the assessment no deadline is shown, and the reason says what starts it",
			facts: sg + `,"significant_harm":true`, status: incident.ObligationDue, clock: "assessed_notifiable_at", reason: "3 calendar days"},
		{name: "an assessment of not notifiable settles unknown harm",
			facts: sg + `,"data_subjects":100,"assessed_not_notifiable_at":"2026-03-12T02:00:00Z"`, status: incident.ObligationNotApplicable},
		{name: "a not-notifiable assessment against the facts starts the clock itself",
			facts:  sg + `,"data_subjects":600,"assessed_not_notifiable_at":"2026-03-12T02:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-15T15:59:59Z", clock: "assessed_not_notifiable_at", reason: "clock started by assessed_not_notifiable_at"},
		{name: "access confined within the organisation is not notifiable",
			facts: sg + `,"cause":"internal","significant_harm":true`, status: incident.ObligationNotApplicable, reason: "26B(4)"},
		{name: "encryption does not remove the PDPC notice",
			facts:  sg + `,"significant_harm":true,"encrypted":true,"encryption_key_compromised":false,"assessed_notifiable_at":"2026-03-13T15:30:00Z"`,
			status: incident.ObligationDue, dueAt: "2026-03-16T15:59:59Z"},
		{name: "year end",
			facts:  `"aware_at":"2026-12-29T01:00:00Z",` + sg + `,"significant_harm":true,"assessed_notifiable_at":"2026-12-30T10:00:00Z"`,
			status: incident.ObligationDue, dueAt: "2027-01-02T15:59:59Z"},
		{name: "a submission fulfils it",
			facts: sg + `,"significant_harm":true,"assessed_notifiable_at":"2026-03-13T15:30:00Z","submitted":{"pdpa_26d1_pdpc":"2026-03-14T01:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "a data intermediary does not notify the PDPC",
			facts: `"role":"data_intermediary","jurisdictions":["SG"],"significant_harm":true`, status: incident.ObligationNotApplicable},
	})
}

func TestPDPANotifyIndividuals(t *testing.T) {
	runRegime(t, "pdpa_26d2_individuals", []regimeCase{
		{name: "significant harm: on or after the PDPC notice, no fixed deadline",
			facts: sg + `,"significant_harm":true,"assessed_notifiable_at":"2026-03-13T15:30:00Z"`, status: incident.ObligationDue, clock: "assessed_notifiable_at"},
		{name: "scale alone does not require individual notices",
			facts: sg + `,"significant_harm":false,"data_subjects":5000`, status: incident.ObligationNotApplicable, reason: "scale alone"},
		{name: "remedial action exempts it (s.26D(5)(a))",
			facts: sg + `,"significant_harm":true,"remedial_action_prevented_harm":true`, status: incident.ObligationExempt, reason: "26D(5)(a)"},
		{name: "encryption with a safe key exempts it (s.26D(5)(b))",
			facts: sg + `,"significant_harm":true,"encrypted":true,"encryption_key_compromised":false`, status: incident.ObligationExempt, reason: "26D(5)(b)"},
		{name: "a law-enforcement instruction prohibits it (s.26D(6))",
			facts: sg + `,"significant_harm":true,"holds":[{"regime":"pdpa_26d2_individuals","reason":"SPF instruction under s.26D(6)"}]`, status: incident.ObligationHeld, reason: "SPF"},
		{name: "a submission fulfils it",
			facts: sg + `,"significant_harm":true,"submitted":{"pdpa_26d2_individuals":"2026-03-14T01:00:00Z"}`, status: incident.ObligationFulfilled},
	})
}

func TestSECForm8KItem105(t *testing.T) {
	runRegime(t, "sec_8k_item_1_05", []regimeCase{
		{name: "4 business days after the determination, skipping the observed 4 July, at 17:30 EDT",
			facts: `"sec_registrant":true,"materiality_determined_at":"2026-06-30T18:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-07-07T21:30:00Z", clock: "materiality_determined_at"},
		{name: "after the November DST change 17:30 ET is 22:30Z",
			facts: `"sec_registrant":true,"materiality_determined_at":"2026-10-29T14:00:00Z"`, status: incident.ObligationDue, dueAt: "2026-11-04T22:30:00Z"},
		{name: "no determination yet: the reason says what to do",
			facts: `"sec_registrant":true`, status: incident.ObligationDue, reason: "without unreasonable delay"},
		{name: "not a registrant",
			facts: `"sec_registrant":false`, status: incident.ObligationNotApplicable},
		{name: "registrant status not recorded",
			facts: ``, status: incident.ObligationNotApplicable, reason: "sec_registrant"},
		{name: "an Attorney General delay holds it",
			facts: `"sec_registrant":true,"materiality_determined_at":"2026-03-10T18:00:00Z","holds":[{"regime":"sec_8k_item_1_05","until":"2026-04-09T00:00:00Z","reason":"AG determination: substantial risk to national security"}]`, status: incident.ObligationHeld},
		{name: "a filing fulfils it",
			facts: `"sec_registrant":true,"materiality_determined_at":"2026-03-10T18:00:00Z","submitted":{"sec_8k_item_1_05":"2026-03-12T20:00:00Z"}`, status: incident.ObligationFulfilled},
		{name: "before 18 December 2023",
			facts: `"aware_at":"2023-11-01T00:00:00Z","sec_registrant":true`, status: incident.ObligationNotInForce},
	})
}

func TestEvaluateListsEveryRegimeInCatalogOrder(t *testing.T) {
	c := Default()
	f, err := incident.ParseFacts([]byte(`{` + aware + `}`))
	require.NoError(t, err)
	res := Evaluate(f, c, now)
	for i, r := range c.Regimes {
		require.Equal(t, r.ID, res.Obligations[i].Regime)
	}
	require.Len(t, res.Obligations, len(c.Regimes)+1, "and the needs_facts entry: no jurisdiction is recorded")
	require.Equal(t, incident.NeedsFactsRegime, res.Obligations[len(c.Regimes)].Regime)
}
