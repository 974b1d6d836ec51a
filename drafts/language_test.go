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
	require.Equal(t, []string{"de", "en", "fr", "pt"}, Languages())
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
		"ko":         `no translation into "ko" yet (languages: de, en, fr, pt)`,
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
}

func TestEachTranslationCoversTheDraftsItIsFor(t *testing.T) {
	for lang, regimes := range translated {
		tr, err := translation(lang)
		require.NoError(t, err)
		has := func(s string) bool {
			if s == "" {
				return true
			}
			if _, ok := tr[s]; ok {
				return true
			}
			if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
				_, ok := tr[s[:i]]
				return ok
			}
			return false
		}
		for _, regime := range regimes {
			for _, tc := range []string{"complete", "missing-facts", "past-deadline"} {
				d, err := build(regime, inputFor(t, regime, tc))
				require.NoError(t, err)
				var lacking []string
				check := func(s string) {
					if !has(s) && !slices.Contains(lacking, s) {
						lacking = append(lacking, s)
					}
				}
				check(d.Title)
				check(d.Salutation)
				for _, it := range slices.Concat(d.To, d.From, d.Closing, d.Signature) {
					check(it.Label)
					check(it.Missing)
				}
				for _, s := range d.Sections {
					check(s.Heading)
					for _, it := range s.Items {
						check(it.Label)
						check(it.Missing)
					}
				}
				if len(lacking) > 0 {
					t.Errorf("%s lacks for %s (%s):\n%q", lang, regime, tc, lacking)
				}
			}
		}
	}
}
