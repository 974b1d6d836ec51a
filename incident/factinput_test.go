package incident_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestAFactTypedAsKeyValueReadsAsJSONAListOrText(t *testing.T) {
	for _, tc := range []struct{ name, key, value, want string }{
		{"a number is JSON", "data_subjects", "1200", `1200`},
		{"null unsets", "encrypted", "null", `null`},
		{"a list fact takes a comma list", "jurisdictions", "EU-IE, SG,", `["EU-IE","SG"]`},
		{"a list fact takes JSON too", "data_categories", `["health"]`, `["health"]`},
		{"anything else is text", "cause", "stolen laptop", `"stolen laptop"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.JSONEq(t, tc.want, string(incident.FactValue(tc.key, tc.value)))
		})
	}
	require.ElementsMatch(t, []string{"jurisdictions", "certifications", "sectors", "data_categories"}, incident.ListFacts())
	patch, err := incident.FactsPatch([][2]string{{"data_subjects", "1"}, {"data_subjects", "2"}, {"cause", "x"}})
	require.NoError(t, err)
	require.JSONEq(t, `{"data_subjects":2,"cause":"x"}`, string(patch))
}
