package drafts

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The ANPD communication in Portuguese: the fixed wording translated, what
// people wrote kept as written, and the English text after it for review.
func TestADraftInTheRecipientsLanguageKeepsTheEnglishForReview(t *testing.T) {
	require.Equal(t, []string{"de", "en", "fr", "ja", "ko", "pt", "zh"}, Languages())
	in := inputFor(t, "lgpd_anpd_res15_anpd", "complete")
	in.Lang = "pt"
	got := render(t, "lgpd_anpd_res15_anpd", Markdown, in)
	for _, want := range []string{
		"# Comunicação de incidente de segurança à ANPD",
		"**Para:**",
		"## Descrição do incidente e sua causa principal",
		"**Causa principal:**",
		"A long-lived API key", // the narrative, as written
		"**Dados pessoais afetados:** nomes, endereços de e-mail e nomes de usuário e senhas de contas",
		"**Personal data affected:** names, email addresses and account usernames and passwords", // the English, for review
		"## Texto em inglês, para revisão",
		"## \\[EN\\] Description of the incident and its main cause",
	} {
		require.Contains(t, got, want)
	}
	golden := filepath.Join("testdata", "lgpd_anpd_res15_anpd-complete.pt.md.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "go test ./drafts -update writes it")
	require.Equal(t, string(want), got)

	in.Lang = "pt"
	_, err = Render("lgpd_anpd_res15_anpd", PDF, in)
	require.NoError(t, err, "a translated draft renders as PDF too")

	for lang, msg := range map[string]string{
		"es":         `no translation into "es" yet (languages: de, en, fr, ja, ko, pt, zh)`,
		"portuguese": `language "portuguese" is not an ISO 639-1 code`,
		"pt-BR":      `language "pt-BR" is not an ISO 639-1 code`,
	} {
		in.Lang = lang
		_, err := Render("lgpd_anpd_res15_anpd", Markdown, in)
		require.ErrorIs(t, err, ErrInvalidInput, lang)
		require.ErrorContains(t, err, msg)
	}
}

// Every translation file parses, and none translates a string into the
// empty string.
func TestTheTranslationsParse(t *testing.T) {
	for _, lang := range Languages() {
		tr, err := translation(lang)
		require.NoError(t, err, lang)
		for k, v := range tr {
			require.NotEmpty(t, strings.TrimSpace(v), "%s: %q", lang, k)
		}
	}
}

// The GDPR notification to a French- or German-speaking authority.
func TestTheGDPRNotificationInFrenchAndGerman(t *testing.T) {
	in := inputFor(t, "gdpr_art33_sa", "missing-facts")
	for lang, want := range map[string][]string{
		"fr": {"# Notification d'une violation de données à caractère personnel", "MISSING: nom du responsable du traitement", "(Art. 33(3)(a))"},
		"de": {"# Meldung einer Verletzung des Schutzes personenbezogener Daten", "**An:**", "MISSING: Name des Verantwortlichen"},
	} {
		in.Lang = lang
		got := render(t, "gdpr_art33_sa", Markdown, in)
		for _, w := range want {
			require.True(t, strings.Contains(got, w) || strings.Contains(got, escapeMarkdown(w)), "%s: no %q in\n%s", lang, w, got)
		}
		require.Contains(t, got, "Personal data breach notification (Art. 33)", "the English follows for review")
	}
}

// translated are the drafts each translation covers whole: every heading,
// label and fixed sentence of their frame and sections, in every case of
// input, has its translation.
var translated = map[string][]string{
	"pt": {"lgpd_anpd_res15_anpd", "lgpd_anpd_res15_titulares"},
	"fr": {"gdpr_art33_sa", "gdpr_art34_individuals"},
	"de": {"gdpr_art33_sa", "gdpr_art34_individuals"},
	"ko": {
		"kr_pipa_34_notify_subjects", "kr_pipa_34_report_pipc",
		// The 2023 text, drafted from the catalog (regulations/catalog/kr.yaml).
		"kr_pipa_34_notify_subjects_2023", "kr_pipa_34_report_pipc_2023",
	},
	"ja": {"jp_appi_26_preliminary", "jp_appi_26_final", "jp_appi_26_individuals"},
	"zh": {
		"cn_pipl_art57_authority", "cn_pipl_art57_individuals", "cn_csl_art42",
		"cn_cac_2025_report_cii_1h", "cn_cac_2025_report_provincial_4h", "cn_cac_2025_final_summary",
	},
}

// citesLocally are the translations whose drafts cite the provisions in the
// statute's own form (제34조제1항, 第8条第1項, 第五十七条第一款), and whose letters
// have their fixed sentences translated too: the coverage test holds them
// to it.
var citesLocally = []string{"ja", "ko", "zh"}

func TestEachTranslationCoversTheDraftsItIsFor(t *testing.T) {
	for lang, regimes := range translated {
		tr, err := translation(lang)
		require.NoError(t, err)
		has := func(s string) bool {
			_, ok := inLanguage(tr, s)
			return s == "" || ok
		}
		for _, regime := range regimes {
			for _, tc := range []string{"complete", "missing-facts", "past-deadline"} {
				in := inputFor(t, regime, tc)
				if _, own := builders[regime]; !own {
					// Drafted from its catalog entry.
					dr := draftRegime(catalog().Regime(regime))
					in.Regime = &dr
				}
				d, err := build(regime, in)
				require.NoError(t, err)
				var lacking []string
				check := func(s string) {
					if !has(s) && !slices.Contains(lacking, s) {
						lacking = append(lacking, s)
					}
				}
				local := slices.Contains(citesLocally, lang)
				// cite checks the provision a missing marker cites.
				cite := func(missing string) {
					if rest, key, ok := cutRef(missing); ok && strings.HasPrefix(key, "narrative key ") {
						missing = rest
					}
					if _, ref, ok := cutRef(missing); local && ok {
						check(ref)
					}
				}
				check(d.Title)
				check(d.Salutation)
				for _, it := range slices.Concat(d.To, d.From, d.Intro, d.Closing, d.Signature) {
					check(it.Label)
					check(it.Missing)
					cite(it.Missing)
				}
				if local && d.Salutation != "" {
					// A letter's opening and closing sentences are fixed.
					for _, it := range slices.Concat(d.Intro, d.Closing) {
						check(it.Text)
					}
				}
				for _, s := range d.Sections {
					check(s.Heading)
					if local {
						check(s.Ref)
					}
					for _, it := range s.Items {
						check(it.Label)
						check(it.Missing)
						cite(it.Missing)
					}
				}
				if len(lacking) > 0 {
					t.Errorf("%s lacks for %s (%s):\n%q", lang, regime, tc, lacking)
				}
			}
		}
	}
}

// The Korean, Japanese and Chinese drafts use the statutes' own terms and
// cite them in their own form; what people wrote stays as written and the
// English follows for review. One golden file each.
func TestTheKoreanJapaneseAndChineseDraftsCiteTheirStatutes(t *testing.T) {
	for _, tc := range []struct {
		lang, regime string
		want         []string
	}{
		{"ko", "kr_pipa_34_notify_subjects", []string{
			"# 개인정보 유출 통지",
			"## 유출된 개인정보의 항목 (개인정보 보호법 제34조제1항)",
			"**경위:** An API key committed to a public repository", // as written
			"## 통지 방법 (개인정보 보호법 시행령 제40조)",
			"## \\[EN\\] Personal information leaked (PIPA Art. 34(1))",
		}},
		{"ja", "jp_appi_26_preliminary", []string{
			"# 個人データの漏えい等の報告（速報）（個人情報保護法第26条第1項）",
			"- 個人情報保護委員会",
			"## 二次被害又はそのおそれの有無及びその内容 (個人情報保護法施行規則第8条第1項)",
			"**個人データの項目:** 氏名、メールアドレス及びアカウントのID及びパスワード",
			"## 英語原文（確認用）",
		}},
		{"zh", "cn_pipl_art57_authority", []string{
			"# 个人信息泄露、篡改、丢失事件通知（《个人信息保护法》第五十七条）",
			"**个人信息处理者:** Example Cloud Ltd",
			"## 个人信息处理者的联系方式 (《个人信息保护法》第五十七条第一款)",
			"**涉及的个人信息种类:** 姓名、电子邮箱地址和账户用户名和密码",
			"## \\[EN\\] Contact details of the handler (PIPL Art. 57(1))",
		}},
	} {
		in := inputFor(t, tc.regime, "complete")
		in.Lang = tc.lang
		got := render(t, tc.regime, Markdown, in)
		for _, w := range tc.want {
			require.Contains(t, got, w, tc.lang)
		}
		golden := filepath.Join("testdata", tc.regime+"-complete."+tc.lang+".md.golden")
		if *update {
			require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err, "go test ./drafts -update writes it")
		require.Equal(t, string(want), got, tc.lang)

		in = inputFor(t, tc.regime, "missing-facts")
		in.Lang = tc.lang
		got, _, _ = strings.Cut(render(t, tc.regime, Markdown, in), "\\[EN\\]")
		require.NotContains(t, got, "MISSING: the ", "%s: every gap is named in %s", tc.regime, tc.lang)
	}
}
