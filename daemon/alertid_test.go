package daemon_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest"
)

// Alert ids that differ only by whitespace at their edges or by control
// characters are refused on both intake paths, with the field named, rather
// than merged into one alert by the stream's trimmed duplicate key.
func TestAlertIDsThatOnlyWhitespaceTellsApartAreRefusedOnBothPaths(t *testing.T) {
	cfg := testConfig(t)
	cfg.NATS.Listen = "127.0.0.1:0"
	d := start(t, cfg)
	c := client{t, "http://" + d.HTTPAddr()}
	alert := func(id string) []byte {
		raw, err := os.ReadFile("../examples/alert.json")
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(raw, &doc))
		doc["id"] = id
		out, err := json.Marshal(doc)
		require.NoError(t, err)
		return out
	}
	bad := map[string]string{
		"collide-7 ":    "id has leading or trailing whitespace",
		" collide-7":    "id has leading or trailing whitespace",
		"collide-7\n":   "id has a control character (U+000A)",
		"collide-7\x00": "id has a control character (U+0000)",
		"   ":           "id is only whitespace",
	}

	code, body := c.do("POST", "/api/v1/alerts", alert("collide-7"))
	require.Equal(t, http.StatusAccepted, code, string(body))
	for id, says := range bad {
		code, body := c.do("POST", "/api/v1/alerts", alert(id))
		require.Equal(t, http.StatusBadRequest, code, "POST id %q: %s", id, body)
		require.Contains(t, string(body), ingest.ReasonInvalidField)
		require.Contains(t, string(body), says)
	}

	_, producer := connectNATS(t, d, daemon.IdentityProducer)
	for id := range bad {
		_, err := producer.Publish(t.Context(), "alerts.native.test", alert(id))
		require.NoError(t, err)
	}
	_, js := connectNATS(t, d, daemon.IdentityBreachd)
	var (
		dlq jetstream.Stream
		err error
	)
	require.Eventually(t, func() bool {
		dlq, err = js.Stream(t.Context(), ingest.DefaultOptions().DeadLetterStream)
		if err != nil {
			return false
		}
		info, err := dlq.Info(t.Context())
		return err == nil && info.State.Msgs == uint64(len(bad))
	}, 30*time.Second, 20*time.Millisecond)
	for seq := uint64(1); seq <= uint64(len(bad)); seq++ {
		msg, err := dlq.GetMsg(t.Context(), seq)
		require.NoError(t, err)
		require.Equal(t, ingest.ReasonInvalidField, msg.Header.Get(ingest.HeaderRejectReason))
		require.Contains(t, msg.Header.Get(ingest.HeaderRejectError), "id ")
	}

	var incs []incident.Incident
	require.Eventually(t, func() bool { incs = c.incidents(""); return len(incs) == 1 }, 30*time.Second, 20*time.Millisecond)
	require.Equal(t, int64(1), incs[0].AlertCount, "only collide-7 itself was taken")
}
