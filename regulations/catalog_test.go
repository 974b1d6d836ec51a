package regulations

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/regulations/deadline"
)

func TestTheEmbeddedCatalogLoads(t *testing.T) {
	c, err := LoadSources(deadline.Default(), EmbeddedSources()...)
	require.NoError(t, err)
	require.NotEmpty(t, c.Version)
	var ids []string
	for _, r := range c.Regimes {
		ids = append(ids, r.ID)
		require.NotEmpty(t, r.Content, "%s lists the content the notice must carry", r.ID)
	}
	first := []string{
		"gdpr_art33_sa", "gdpr_art33_2_processor", "gdpr_art34_individuals", "gdpr_art33_5_register",
		"uk_gdpr_art33_ico", "uk_gdpr_art34_individuals", "uk_gdpr_art33_5_register",
		"pdpa_26c_assessment", "pdpa_26c3_intermediary", "pdpa_26d1_pdpc", "pdpa_26d2_individuals",
		"sec_8k_item_1_05",
		"nis2_art23_early_warning", "nis2_art23_incident_notification", "nis2_art23_final_report", "nis2_art23_recipients",
		"dora_art19_initial", "dora_art19_intermediate", "dora_art19_final",
		"hipaa_164_404_individuals", "hipaa_164_406_media", "hipaa_164_408_hhs_contemporaneous",
		"hipaa_164_408_hhs_annual_log", "hipaa_164_410_ba_to_ce",
		"lgpd_anpd_res15_anpd", "lgpd_anpd_res15_titulares", "lgpd_res15_register",
		"au_ndb_26wh_assessment", "au_ndb_26wk_oaic_statement", "au_ndb_26wl_individuals",
		"ca_pipeda_10_1_opc", "ca_pipeda_10_1_individuals", "ca_pipeda_10_3_record",
		"jp_appi_26_preliminary", "jp_appi_26_final", "jp_appi_26_individuals",
		"kr_pipa_34_notify_subjects", "kr_pipa_34_report_pipc",
		"in_dpdp_r7_principals", "in_dpdp_r7_board_initial", "in_dpdp_r7_board_detailed", "in_certin_2022_6h",
		"cn_pipl_art57_remediation", "cn_pipl_art57_authority", "cn_pipl_art57_individuals", "cn_csl_art42",
		"cn_cac_2025_report_cii_1h", "cn_cac_2025_report_provincial_4h", "cn_cac_2025_final_summary",
		"iso27018_a10_1_customer", "iso27018_a10_1_record", "cispe_coc_customer", "contract_dpa_sla",
		"us_ca_1798_82_individuals", "us_ca_1798_82_ag",
		"us_co_6_1_716_individuals", "us_co_6_1_716_ag", "us_fl_501_171_individuals", "us_fl_501_171_dla",
		"us_ny_899aa_individuals", "us_ny_899aa_regulators", "us_ny_dfs_500_17",
		"us_tx_521_053_individuals", "us_tx_521_053_ag",
	}
	require.Equal(t, first, subsequence(ids, first...), "the regimes of the first catalog stay, in this order: the main file, then one file per jurisdiction in name order")
}

// subsequence returns the ids of want that ids holds, in the order ids
// holds them.
func subsequence(ids []string, want ...string) []string {
	var out []string
	for _, id := range ids {
		if slices.Contains(want, id) {
			out = append(out, id)
		}
	}
	return out
}

// Every rule REGULATIONS.md marks [U] that the catalog encodes carries an
// "unverified" note, so that nobody mistakes it for checked law.
func TestUnverifiedRulesAreFlagged(t *testing.T) {
	c := Default()
	for id, want := range map[string]string{
		"gdpr_art33_sa":                     "EDPB Guidelines 9/2022",
		"gdpr_art33_2_processor":            "Art. 28(3)(f)",
		"uk_gdpr_art33_ico":                 "same text",
		"uk_gdpr_art34_individuals":         "same text",
		"uk_gdpr_art33_5_register":          "same text",
		"sec_8k_item_1_05":                  "smaller reporting companies",
		"nis2_art23_early_warning":          "lex specialis",
		"nis2_art23_incident_notification":  "lex specialis",
		"nis2_art23_final_report":           "lex specialis",
		"nis2_art23_recipients":             "lex specialis",
		"dora_art19_initial":                "Art. 5(5)",
		"dora_art19_intermediate":           "Art. 19(3)",
		"dora_art19_final":                  "draft RTS",
		"hipaa_164_404_individuals":         "statutory exceptions",
		"hipaa_164_406_media":               "164.404(c)",
		"hipaa_164_408_hhs_contemporaneous": "6 years",
		"hipaa_164_408_hhs_annual_log":      "6 years",
		"hipaa_164_410_ba_to_ce":            "statutory exceptions",
		"lgpd_anpd_res15_anpd":              "physical or moral integrity",
		"lgpd_anpd_res15_titulares":         "9.784/1999",
		"lgpd_res15_register":               "law-firm summaries",
		"au_ndb_26wh_assessment":            "s.36",
		"au_ndb_26wk_oaic_statement":        "s.26WN",
		"au_ndb_26wl_individuals":           "s.26WP",
		"ca_pipeda_10_1_opc":                "secondary sources",
		"ca_pipeda_10_1_individuals":        "Quebec Law 25",
		"ca_pipeda_10_3_record":             "secondary sources",
		"jp_appi_26_preliminary":            "V-n",
		"kr_pipa_34_report_pipc":            "earlier text",
		"in_certin_2022_6h":                 "secondary sources",
		"cn_csl_art42":                      "amended by the NPCSC",
		"cn_cac_2025_report_cii_1h":         "Art. 5",
		"iso27018_a10_1_customer":           "not retrieved",
		"iso27018_a10_1_record":             "not verified",
		"cispe_coc_customer":                "not verified",
		"us_ca_1798_82_individuals":         "1798.82(e)",
		"us_ca_1798_82_ag":                  "1798.82(e)",
		"us_fl_501_171_dla":                 "more than 500",
	} {
		require.Contains(t, strings.Join(c.Regime(id).Unverified, "\n"), want, id)
	}
}

func TestCatalogLoadingIsStrictAndReportsEveryProblem(t *testing.T) {
	cals := deadline.Default()
	regime := func(extra string) string {
		return `version: "1"
regimes:
  - id: x
    name: n
    jurisdiction: EU
    obliged: controller
    trigger: t
    recipient: r
    basis: b
    due: d
    effective: {from: 2020-01-01}
    clock: {start: [aware_at], period: 72, unit: hours}
` + extra
	}
	// clockRegime is regime with a block-style clock that extra extends.
	clockRegime := func(extra string) string {
		return strings.Replace(regime(""), "    clock: {start: [aware_at], period: 72, unit: hours}\n",
			"    clock:\n      start: [aware_at]\n      period: 72\n      unit: hours\n", 1) + extra
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"an unknown key", regime("    deadline: 3\n"), "deadline"},
		{"an unknown fact in a condition", regime("    applies:\n      - when: {true: risky}\n        otherwise: o\n"), `"risky" is not a true fact`},
		{"two predicates in one condition", regime("    applies:\n      - when: {true: high_risk, false: encrypted}\n        otherwise: o\n"), "exactly one predicate"},
		{"an applies check without its reason", regime("    applies:\n      - when: {true: high_risk}\n"), "otherwise"},
		{"an exemption without its reason", regime("    exemptions:\n      - when: {true: high_risk}\n"), "reason"},
		{"a bad jurisdiction pattern", regime("    applies:\n      - when: {jurisdiction: [EU]}\n        otherwise: o\n"), `"EU"`},
		{"a count that is not a count", regime("    applies:\n      - when: {at_least: {count: high_risk, value: 1}}\n        otherwise: o\n"), "not a count fact"},
		{"a clock start that is not a time", `version: "1"
regimes:
  - {id: x, name: n, jurisdiction: SG, obliged: o, trigger: t, recipient: r, basis: b, due: d, effective: {from: 2020-01-01},
     clock: {start: [role], period: 3, unit: calendar_days, calendar: SG}}
`, `"role" is not a time fact`},
		{"business days without a calendar", `version: "1"
regimes:
  - {id: x, name: n, jurisdiction: BR, obliged: o, trigger: t, recipient: r, basis: b, due: d, effective: {from: 2020-01-01},
     clock: {start: [aware_at], period: 3, unit: business_days}}
`, "needs a holiday calendar"},
		{"a calendar that does not exist", `version: "1"
regimes:
  - {id: x, name: n, jurisdiction: JP, obliged: o, trigger: t, recipient: r, basis: b, due: d, effective: {from: 2020-01-01},
     clock: {start: [aware_at], period: 3, unit: business_days, calendar: JP}}
`, "no holiday calendar"},
		{"a phase chain on a regime that does not exist", `version: "1"
regimes:
  - {id: x, name: n, jurisdiction: EU, obliged: o, trigger: t, recipient: r, basis: b, due: d, pending: p, effective: {from: 2020-01-01},
     clock: {start: [submitted.nis2_final], period: 1, unit: months_same_time}}
`, `"submitted.nis2_final" names no regime`},
		{"an override without its note", clockRegime("      overrides:\n        - {when: {true: trust_service_provider}, period: 24}\n"), "needs a positive period and a note"},
		{"an override of a duty without a period", `version: "1"
regimes:
  - {id: x, name: n, jurisdiction: EU, obliged: o, trigger: t, recipient: r, basis: b, due: d, effective: {from: 2020-01-01},
     clock: {start: [aware_at], unit: none, overrides: [{when: {true: trust_service_provider}, period: 24, note: n}]}}
`, "has no period to override"},
		{"a cap on a submission", clockRegime("      cap: {start: submitted.x, period: 24, note: n}\n"), "not a trigger time fact"},
		{"a relief without jurisdictions", clockRegime("      relief: {when: {true: dora_weekend_relief}, note: n}\n"), "jurisdiction patterns"},
		{"a NIS2 status that does not exist", regime("    applies:\n      - when: {nis2_entity: [critical]}\n        otherwise: o\n"), `"critical" is not essential or important`},
		{"a more_than over a fact that is not a count", regime("    applies:\n      - when: {more_than: {count: residents_by_state, value: 500}}\n        otherwise: o\n"), "more_than"},
		{"a period from a fact that is not a count", clockRegime("      period_from: high_risk\n"), "period_from"},
		{"an unknown incident grade", regime("    applies:\n      - when: {incident_grade: [minor]}\n        otherwise: o\n"), `"minor" is not one of`},
		{"a residents count for a code that is not a State", regime("    applies:\n      - when: {at_least: {count: residents.EU-IE, value: 1}}\n        otherwise: o\n"), "not a count fact"},
		{"a duplicate id", `version: "1"
regimes:
  - {id: x, name: n, jurisdiction: EU, obliged: o, trigger: t, recipient: r, basis: b, due: d, effective: {from: 2020-01-01}, clock: {start: [aware_at], unit: none}}
  - {id: x, name: n, jurisdiction: EU, obliged: o, trigger: t, recipient: r, basis: b, due: d, effective: {from: 2020-01-01}, clock: {start: [aware_at], unit: none}}
`, "id used twice"},
		{"missing fields", "version: \"1\"\nregimes:\n  - id: x\n", "basis is required"},
		{"a missing version", "regimes: []\n", "version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadCatalog([]byte(tc.doc), cals)
			require.ErrorContains(t, err, tc.want)
		})
	}
}
