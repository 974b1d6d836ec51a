package store

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

func TestDecodeCacheServesOnlyIdenticalBytesAndNeverSharesItsCopy(t *testing.T) {
	var c decodeCache
	inc := &incident.Incident{ID: "INC-2026-0001", Status: incident.StatusOpen, Fingerprints: []string{"fp-1"}}
	raw := []byte(`{"id":"INC-2026-0001","status":"open"}`)
	c.put(inc.ID, raw, inc)

	inc.Fingerprints[0] = "changed by the caller"
	raw[2] = 'X'
	require.Nil(t, c.get(inc.ID, raw), "other bytes are decoded again")
	raw[2] = 'i'
	got := c.get(inc.ID, raw)
	require.NotNil(t, got)
	require.Equal(t, []string{"fp-1"}, got.Fingerprints, "the cache kept its own copy")
	got.Status = incident.StatusClosed
	require.Equal(t, incident.StatusOpen, c.get(inc.ID, raw).Status, "callers get copies")
	require.Nil(t, c.get("INC-2026-0002", raw))
}

func TestDecodeCacheStaysBounded(t *testing.T) {
	var c decodeCache
	for i := range maxCachedIncidents + 10 {
		c.put(incident.FormatID(2026, uint64(i+1)), []byte("{}"), &incident.Incident{})
	}
	require.LessOrEqual(t, len(c.m), maxCachedIncidents)
}
