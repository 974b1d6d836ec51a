package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
)

func TestTheCatalogIsServedInWords(t *testing.T) {
	f := newFixture(t, "")
	status, body := f.do(http.MethodGet, "/api/v1/regimes?jurisdiction=US-WA", "")
	require.Equal(t, http.StatusOK, status, body)
	var list client.RegimeList
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.NotEmpty(t, list.CatalogVersion)
	ids := map[string]client.Regime{}
	for _, r := range list.Regimes {
		ids[r.ID] = r
	}
	ag, ok := ids["us_wa_19_255_ag_2020"]
	require.True(t, ok, "Washington's regimes: %v", body)
	require.Equal(t, "regulator", ag.RecipientKind)
	require.Equal(t, []string{"residents.US-WA > 500"}, ag.Thresholds)
	require.Contains(t, ag.Period, "30 calendar days from discovered_at")
	require.NotEmpty(t, ag.Sources)
	require.Contains(t, ids, "hipaa_164_404_individuals", "a federal rule that reaches Washington residents is listed too")

	status, body = f.do(http.MethodGet, "/api/v1/regimes/gdpr_art33_sa", "")
	require.Equal(t, http.StatusOK, status, body)
	var one client.RegimeDetail
	require.NoError(t, json.Unmarshal([]byte(body), &one))
	require.Equal(t, "GDPR Art. 33(1)", one.Basis)
	require.True(t, one.Verified)

	status, body = f.do(http.MethodGet, "/api/v1/regimes/no_such_regime", "")
	require.Equal(t, http.StatusNotFound, status)
	require.Contains(t, body, `regime \"no_such_regime\" is not in the catalog`)
	status, body = f.do(http.MethodGet, "/api/v1/regimes?jurisdiction=Atlantis", "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, body, "is not a jurisdiction code")
}
