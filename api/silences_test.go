package api

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

func TestSilences(t *testing.T) {
	f := newFixture(t, "")
	code, body := f.do("POST", "/api/v1/silences", `{"matchers":["asset.id=~db-.*","source=test"],"duration":"2h","created_by":"alice","comment":"db maintenance"}`)
	require.Equal(t, http.StatusCreated, code, body)
	var sil client.Silence
	require.NoError(t, json.Unmarshal([]byte(body), &sil))
	require.Equal(t, "SIL-0001", sil.ID)
	require.Equal(t, incident.SilenceActive, sil.State)
	require.Equal(t, now.Add(2*time.Hour), sil.EndsAt)

	for _, tc := range []struct{ body, want string }{
		{`{"matchers":[],"duration":"1h","comment":"x"}`, "at least one matcher"},
		{`{"matchers":["colour=red"],"duration":"1h","comment":"x"}`, "matcher field"},
		{`{"matchers":["kind=~("],"duration":"1h","comment":"x"}`, "not a regular expression"},
		{`{"matchers":["asset.id=~.*"],"duration":"1h","comment":"x"}`, "would hide every alert"},
		{`{"matchers":["kind=~exfil)|(x"],"duration":"1h","comment":"x"}`, "not a regular expression"},
		{`{"matchers":["kind=x"],"comment":"x"}`, "needs an end"},
		{`{"matchers":["kind=x"],"duration":"-1h","comment":"x"}`, "positive duration"},
		{`{"matchers":["kind=x"],"duration":"1h"}`, "a comment is required"},
		{`{"matchers":["kind=x"],"duration":"1h","comment":"x","extra":1}`, "unknown field"},
	} {
		code, body = f.do("POST", "/api/v1/silences", tc.body)
		require.Equal(t, http.StatusBadRequest, code, tc.body)
		require.Contains(t, body, tc.want, tc.body)
	}

	// Alerts that would open an incident are kept out and counted.
	require.NoError(t, f.store.Update(func(tx *store.Tx) error {
		tr := incident.NewTriage(incident.DefaultPolicy(), tx)
		for i, asset := range []string{"db-1", "db-2", "web-1"} {
			out, err := tr.Add(&incident.Alert{ID: asset, Source: "test", Kind: "k", Time: now, Severity: incident.SeverityHigh,
				Title: "t", Asset: incident.Asset{ID: asset, Type: "host"}}, now)
			require.NoError(t, err)
			require.Equal(t, i == 2, out.Opened, asset)
		}
		return tx.Apply(tr.Changes())
	}))
	code, body = f.do("GET", "/api/v1/silences?state=active", "")
	require.Equal(t, http.StatusOK, code)
	var list struct {
		Silences []client.Silence `json:"silences"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list.Silences, 1)
	require.Equal(t, int64(2), list.Silences[0].Silenced)
	require.Equal(t, now, *list.Silences[0].LastSilencedAt)

	code, body = f.do("POST", "/api/v1/silences/SIL-0001/expire", "")
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"state": "expired"`)
	code, body = f.do("GET", "/api/v1/silences?state=active", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `"silences": []`)
	code, _ = f.do("DELETE", "/api/v1/silences/SIL-0009", "")
	require.Equal(t, http.StatusNotFound, code)
	code, _ = f.do("GET", "/api/v1/silences?state=sleepy", "")
	require.Equal(t, http.StatusBadRequest, code)
}
