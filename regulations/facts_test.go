package regulations

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestCheckFactsNamesUnknownRegimes(t *testing.T) {
	c := Default()
	for _, tc := range []struct{ name, doc, want string }{
		{"a submission to an unknown regime", `{"aware_at":"2026-03-10T14:20:00Z","submitted":{"gdpr_art99":"2026-03-11T00:00:00Z"}}`, `submitted.gdpr_art99: unknown regime id "gdpr_art99"`},
		{"a hold on an unknown regime", `{"aware_at":"2026-03-10T14:20:00Z","holds":[{"regime":"nope","reason":"x"}]}`, `holds.0.regime: unknown regime id "nope"`},
		{"a field problem with a regime problem", `{"role":"owner","holds":[{"regime":"nope","reason":"x"}]}`, `aware_at: is required`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := incident.ParseFacts([]byte(tc.doc))
			require.NoError(t, err)
			err = c.CheckFacts(f)
			require.ErrorIs(t, err, incident.ErrInvalidFacts)
			require.ErrorContains(t, err, tc.want)
		})
	}
	f, err := incident.ParseFacts([]byte(`{"aware_at":"2026-03-10T14:20:00Z","submitted":{"gdpr_art33_sa":"2026-03-11T00:00:00Z"},"holds":[{"regime":"sec_8k_item_1_05","reason":"AG"}]}`))
	require.NoError(t, err)
	require.NoError(t, c.CheckFacts(f))
}

// FuzzEvaluate checks that facts which pass CheckFacts always evaluate to
// one obligation per regime, each status but due with a reason, and never
// panic.
func FuzzEvaluate(f *testing.F) {
	for _, seed := range []string{
		`{"aware_at":"2026-03-10T14:20:00Z"}`,
		`{"aware_at":"2026-03-10T14:20:00Z","role":"controller","jurisdictions":["EU-IE","SG"],"data_subjects":500,"significant_harm":true,"assessed_notifiable_at":"2026-03-13T15:30:00Z"}`,
		`{"aware_at":"2026-03-10T14:20:00Z","sec_registrant":true,"materiality_determined_at":"2026-06-30T18:00:00Z","holds":[{"regime":"sec_8k_item_1_05","reason":"x","until":"2026-07-30T00:00:00Z"}]}`,
		`{"aware_at":"2026-03-10T14:20:00Z","submitted":{"gdpr_art33_sa":"2026-03-12T09:00:00Z"},"timezones":{"SG":"Asia/Singapore"}}`,
		`{"aware_at":"9999-12-31T23:59:59Z","jurisdictions":["SG"],"assessed_notifiable_at":"9999-12-31T23:59:59Z"}`,
		`{"aware_at":"0001-01-01T00:00:01Z","jurisdictions":["US"]}`,
		`{"aware_at":"2026-03-10T14:20:00Z","submitted":{"nope":"2026-03-12T09:00:00Z"}}`,
	} {
		f.Add([]byte(seed))
	}
	c := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := incident.ParseFacts(data)
		if err != nil {
			return
		}
		if err := c.CheckFacts(facts); err != nil {
			if !errors.Is(err, incident.ErrInvalidFacts) {
				t.Fatalf("check error is not ErrInvalidFacts: %v", err)
			}
			return
		}
		res := Evaluate(facts, c, facts.AwareAt)
		regimes := 0
		for _, o := range res.Obligations {
			switch {
			case c.Regime(o.Regime) != nil:
				regimes++
			case o.Status != incident.ObligationUnknown && o.Status != incident.ObligationNeedsFacts && !strings.HasPrefix(o.Regime, incident.NoDutyRegimePrefix):
				t.Fatalf("%s is %s and no regime of the catalog", o.Regime, o.Status)
			}
		}
		if regimes != len(c.Regimes) {
			t.Fatalf("%d obligations for %d regimes", regimes, len(c.Regimes))
		}
		for _, o := range res.Obligations {
			if o.Status != incident.ObligationDue && strings.TrimSpace(o.Reason) == "" {
				t.Fatalf("%s is %s without a reason", o.Regime, o.Status)
			}
		}
	})
}
