package daemon

import (
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/breachd/breachd/runs/actuator"
)

// startExampleActuator serves the example actuator, so that `make run`
// shows a playbook's actions answered end to end. It only logs what it
// would do. With the embedded server it connects as the actuator identity,
// as a real actuator would (it can serve breachd.actions.> and answer,
// nothing more); with an external server it shares the daemon's
// connection. Closing that connection at stop ends it.
func (d *Daemon) startExampleActuator() error {
	nc := d.nc
	if d.ns != nil {
		var err error
		if d.actNC, err = d.ConnectNATS(IdentityActuator, nats.Name("breachd-example-actuator")); err != nil {
			return fmt.Errorf("example actuator: connect to NATS: %w", err)
		}
		nc = d.actNC
	}
	if _, err := actuator.Start(nc, d.log.With().Str("component", "example-actuator").Logger(), nil); err != nil {
		return fmt.Errorf("example actuator: %w", err)
	}
	d.log.Warn().Msg("the example actuator answers breachd.actions.> by logging what it would do: nothing is contained; use real actuators outside a demo (see cmd/breachd-actuator)")
	return nil
}
