package ingest

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The default section gives the default options: breachd without a config
// file runs with DefaultOptions.
func TestTheDefaultConfigGivesTheDefaultOptions(t *testing.T) {
	c := DefaultConfig()
	require.NoError(t, c.Validate())
	got, want := c.Options(), DefaultOptions()
	got.Now, want.Now = nil, nil
	require.Equal(t, want, got)
}

func TestABadSettingIsRefusedWithItsKey(t *testing.T) {
	for _, tc := range []struct {
		key    string
		change func(*Config)
		says   string
	}{
		{"batch_size", func(c *Config) { c.BatchSize = 0 }, "batch_size: batch size must be 1 to 100000, got 0"},
		{"max_ack_pending", func(c *Config) { c.MaxAckPending = c.BatchSize - 1 }, "max_ack_pending: "},
		{"stream_replicas", func(c *Config) { c.StreamReplicas = 7 }, "stream_replicas: replicas must be 1 to 5, got 7"},
		{"stream_max_age", func(c *Config) { c.StreamMaxAge = 0 }, "stream_max_age: "},
		{"duplicate_window", func(c *Config) { c.DuplicateWindow = c.StreamMaxAge + 1 }, "duplicate_window: "},
		{"max_deliver", func(c *Config) { c.MaxDeliver = 1 }, "max_deliver: "},
		{"ack_wait", func(c *Config) { c.AckWait = 0 }, "ack_wait: "},
		{"max_future_skew", func(c *Config) { c.MaxFutureSkew = -1 }, "max_future_skew: "},
		{"falco_subjects", func(c *Config) { c.FalcoSubjects = []string{"alerts.falco"} }, `falco_subjects: falco subject "alerts.falco"`},
		{"dedup_window", func(c *Config) { c.DedupWindow = 0 }, "triage: dedup window must be positive"},
		{"correlate_by", func(c *Config) { c.CorrelateBy = []string{"asset.colour"} }, "asset.colour"},
		{"redact", func(c *Config) { c.Redact = []string{"passport"} }, `redact, redact_fields: redaction pattern "passport" is not one of`},
	} {
		t.Run(tc.key, func(t *testing.T) {
			c := DefaultConfig()
			tc.change(&c)
			require.ErrorContains(t, c.Validate(), tc.says)
		})
	}
}

func TestNoRedactionIsNoRedactor(t *testing.T) {
	c := DefaultConfig()
	c.Redact = nil
	r, err := c.Redactor(make([]byte, 32))
	require.NoError(t, err)
	require.Nil(t, r)
}
