package daemon_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// With --example-actuator (as under make run), the daemon answers its own
// playbooks' actions: the shipped ransomware playbook's first action is
// done without an actuator of its own.
func TestTheExampleActuatorAnswersInTheDaemon(t *testing.T) {
	cfg := testConfig(t)
	cfg.Runs.Playbooks = "" // the shipped examples
	cfg.Runs.ExampleActuator = true
	cfg.ReminderInterval = 20 * time.Millisecond
	d := start(t, cfg)
	c := client{t: t, base: "http://" + d.HTTPAddr()}
	id := c.postRansomware()
	require.Eventually(t, func() bool {
		run := c.runs(id).Runs[0]
		for _, s := range run.Steps {
			if s.Name == "snapshot-memory" {
				return s.Status == "done"
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond)
}
