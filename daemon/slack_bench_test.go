package daemon_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/daemon"
	"github.com/breachd/breachd/internal/slackfake"
)

// BenchmarkAlertToSlackMessage times an alert that opens an incident from
// its publish to the incident's message arriving at Slack (the fake Slack
// API, over HTTP): the commit, the outbox entry the commit queues, and the
// post. One alert at a time, each a new incident; it reports the median
// and the 99th percentile.
//
//	go test ./daemon -run '^$' -bench AlertToSlackMessage -benchtime 500x
func BenchmarkAlertToSlackMessage(b *testing.B) {
	const ch = "C-INCIDENTS"
	fake := slackfake.New(b, ch)
	cfg := daemon.Default()
	cfg.DataDir = b.TempDir()
	cfg.API.HTTPAddr = "127.0.0.1:0"
	cfg.NATS.Listen = "none"
	cfg.Log.Level = "warn"
	cfg.Runs.Playbooks = b.TempDir()
	require.NoError(b, os.WriteFile(filepath.Join(cfg.Runs.Playbooks, "quiet.yaml"), []byte("name: quiet\nmatch: false\nsteps:\n  - name: pause\n    wait: 1h\n"), 0o600))
	cfg.Slack.BotToken, cfg.Slack.APIURL, cfg.Slack.Channel = slackfake.Token, fake.URL(), ch
	cfg.Slack.SigningSecret = "s3cret"
	d := daemon.New(cfg, zerolog.Nop())
	require.NoError(b, d.Start(context.Background()))
	b.Cleanup(func() { _ = d.Stop(context.Background()) })
	nc, err := d.ConnectNATS(daemon.IdentityProducer)
	require.NoError(b, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(b, err)

	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		data := fmt.Appendf(nil, `{"id":"s-%d","source":"edr","kind":"k","time":"%s","severity":"high","title":"host %d","fingerprint":"s-%d","asset":{"id":"host-%d","type":"host"}}`,
			i, time.Now().UTC().Format(time.RFC3339), i, i, i)
		start := time.Now()
		if _, err := js.Publish(context.Background(), "alerts.bench", data); err != nil {
			b.Fatal(err)
		}
		for len(fake.Messages(ch)) < i+1 {
			if time.Since(start) > 10*time.Second {
				b.Fatalf("alert %d: no Slack message after 10 s", i)
			}
			time.Sleep(100 * time.Microsecond)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "ms-p99")
}
