package obligations_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/store/storetest"
)

// openBreaches opens n incidents in one transaction, every other one with
// breach facts.
func openBreaches(t testing.TB, s *store.Store, tr *obligations.Tracker, n int) {
	t.Helper()
	require.NoError(t, s.Update(func(tx *store.Tx) error {
		triage := incident.NewTriage(incident.DefaultPolicy(), tx)
		for i := range n {
			a := &incident.Alert{
				ID: fmt.Sprintf("a-%d-%d", n, i), Source: "test", Kind: "exfiltration", Time: aware, Severity: incident.SeverityHigh,
				Title: fmt.Sprintf("Customer table <%d> exported", i), Asset: incident.Asset{ID: fmt.Sprintf("db-%d-%d", n, i), Type: "host"},
			}
			if i%2 == 0 {
				a.PersonalData = &incident.PersonalData{Categories: []string{"email"}, Subjects: 1200, Jurisdictions: []string{"EU-IE"}}
			}
			if _, err := triage.Add(a, aware); err != nil {
				return err
			}
		}
		c := triage.Changes()
		if err := tr.Track(tx, &c, aware); err != nil {
			return err
		}
		return tx.Apply(c)
	}))
}

// The streamed export says, byte for byte, what encoding the register built
// in memory says, over several chunks and with or without the regimes that
// do not apply.
func TestTheStreamedRegisterIsTheRegister(t *testing.T) {
	s := storetest.Open(t)
	tr := newTracker(t)
	now := aware.Add(90 * 60e9)
	check := func(all bool, wantEntries int) {
		t.Helper()
		var reg *obligations.Register
		require.NoError(t, s.View(func(tx *store.Tx) error {
			var err error
			reg, err = obligations.BuildRegister(tx, all, now)
			return err
		}))
		require.Len(t, reg.Entries, wantEntries)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(reg))
		var got bytes.Buffer
		require.NoError(t, obligations.ExportRegister(s, all, now, "json", &got))
		require.Equal(t, want.String(), got.String())

		want.Reset()
		got.Reset()
		require.NoError(t, reg.WriteCSV(&want))
		require.NoError(t, obligations.ExportRegister(s, all, now, "csv", &got))
		require.Equal(t, want.String(), got.String())
	}
	check(false, 0)
	openBreaches(t, s, tr, 5)
	check(true, 3)                 // every regime of the catalog: a few entries are enough
	openBreaches(t, s, tr, 2*1100) // more than two chunks
	check(false, 1103)
	require.ErrorContains(t, obligations.ExportRegister(s, false, now, "xml", &bytes.Buffer{}), `format "xml"`)
}
