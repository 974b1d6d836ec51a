package daemon

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTheStartHintCarriesTheTokenByItsVariableOnly(t *testing.T) {
	t.Run("without a token the examples need none", func(t *testing.T) {
		h := startHint("http://127.0.0.1:8080", false, "")
		require.Contains(t, h, "go run ./cmd/breachctl --server http://127.0.0.1:8080 alert send --now examples/alert.json")
		require.Contains(t, h, "curl -sS http://127.0.0.1:8080/api/v1/incidents")
		require.NotContains(t, h, "Authorization")
	})
	t.Run("with a token curl sends it as a bearer header from the environment", func(t *testing.T) {
		h := startHint("http://127.0.0.1:8080", true, "")
		require.Contains(t, h, `curl -sS -H "Authorization: Bearer $BREACHD_API_TOKEN" http://127.0.0.1:8080/api/v1/incidents`)
		require.Contains(t, h, "both read it from BREACHD_API_TOKEN)")
		require.NotContains(t, h, "cat ")
	})
	t.Run("a token from a file says how to put it in the environment", func(t *testing.T) {
		h := startHint("http://127.0.0.1:8080", true, "/etc/breachd/token")
		require.Contains(t, h, `export BREACHD_API_TOKEN="$(cat /etc/breachd/token)")`)
	})
}
