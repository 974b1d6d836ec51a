package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/apitest"
)

// deadLetters is a hand-written dead-letter stream of two entries that
// records what it was asked.
type deadLetters struct {
	recordingPublisher
	asked []ingest.DeadLetterFilter
	fail  error
}

func (d *deadLetters) ListDeadLetters(_ context.Context, f ingest.DeadLetterFilter) ([]ingest.DeadLetter, error) {
	d.asked = append(d.asked, f)
	if d.fail != nil {
		return nil, d.fail
	}
	return []ingest.DeadLetter{
		{Seq: 1, Time: now, Reason: ingest.ReasonMalformed, Error: "not JSON", Size: 9},
		{Seq: 2, Time: now, Reason: ingest.ReasonInvalidField, Error: "source is required", AlertID: "a-1",
			OriginalSubject: "alerts.native.test", OriginalStream: "ALERTS", OriginalSeq: 7, Size: 120},
	}, nil
}

func (d *deadLetters) ReplayDeadLetters(_ context.Context, f ingest.DeadLetterFilter) (client.Replayed, error) {
	d.asked = append(d.asked, f)
	if d.fail != nil {
		return client.Replayed{}, d.fail
	}
	return client.Replayed{Replayed: []uint64{1}, Failed: []client.ReplayFailure{{Seq: 2, Error: "still invalid"}}}, nil
}

func TestTheDeadLetterStreamIsListedAndReplayed(t *testing.T) {
	f := newFixture(t, "")
	dl := &deadLetters{}
	s := New(Options{Now: func() time.Time { return now }}, f.store, dl, prometheus.NewRegistry(), zerolog.New(zerolog.NewTestWriter(t)))
	f.srv = apitest.Serve(t, s.Handler())

	code, body := f.do("GET", "/api/v1/deadletters?reason=malformed_json&limit=5", "")
	require.Equal(t, http.StatusOK, code, body)
	var list client.DeadLetterList
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list.DeadLetters, 2)
	require.Equal(t, ingest.DeadLetterFilter{Reason: "malformed_json", Limit: 5}, dl.asked[0])

	code, body = f.do("POST", "/api/v1/deadletters/replay", `{"seqs": [1, 2]}`)
	require.Equal(t, http.StatusOK, code, body)
	require.JSONEq(t, `{"replayed": [1], "failed": [{"seq": 2, "error": "still invalid"}]}`, body)
	require.Equal(t, []uint64{1, 2}, dl.asked[1].Seqs)

	for query, field := range map[string]string{"reason=bored": "reason", "limit=0": "limit", "limit=1001": "limit"} {
		code, body = f.do("GET", "/api/v1/deadletters?"+query, "")
		require.Equal(t, http.StatusBadRequest, code, query)
		require.Equal(t, field, decodeError(t, body).Error.Field, query)
	}
	code, body = f.do("POST", "/api/v1/deadletters/replay", `{"reason": "bored"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, "reason", decodeError(t, body).Error.Field)

	dl.fail = errors.New("nats: timeout")
	code, body = f.do("GET", "/api/v1/deadletters", "")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.NotContains(t, body, "nats: timeout", "internal details stay in the log")
	code, _ = f.do("POST", "/api/v1/deadletters/replay", `{}`)
	require.Equal(t, http.StatusServiceUnavailable, code)

	t.Run("a server without a dead-letter stream says so", func(t *testing.T) {
		f := newFixture(t, "")
		code, body := f.do("GET", "/api/v1/deadletters", "")
		require.Equal(t, http.StatusNotImplemented, code)
		require.Equal(t, client.CodeNotImplemented, decodeError(t, body).Error.Code)
		code, _ = f.do("POST", "/api/v1/deadletters/replay", `{}`)
		require.Equal(t, http.StatusNotImplemented, code)
	})
}

func TestAnEvidenceBundleIsAZip(t *testing.T) {
	f := newFixture(t, "")
	id := f.open(1, incident.SeverityHigh)[0]
	code, body := f.do("GET", "/api/v1/incidents/"+id+"/evidence", "")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "PK", body[:2], "a zip")
	code, body = f.do("GET", "/api/v1/incidents/INC-2026-9999/evidence", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, client.CodeNotFound, decodeError(t, body).Error.Code)
}
