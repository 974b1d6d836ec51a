package daemon

import (
	"fmt"

	"github.com/breachd/breachd/runs/actuator"
)

// startExampleActuator serves the example actuator on the daemon's own
// NATS connection, so that `make run` shows a playbook's actions answered
// end to end. It only logs what it would do; draining the connection at
// stop ends it.
func (d *Daemon) startExampleActuator() error {
	if _, err := actuator.Start(d.nc, d.log.With().Str("component", "example-actuator").Logger(), nil); err != nil {
		return fmt.Errorf("example actuator: %w", err)
	}
	d.log.Warn().Msg("the example actuator answers breachd.actions.> by logging what it would do: nothing is contained; use real actuators outside a demo (see cmd/breachd-actuator)")
	return nil
}
