package ingest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The consumer's back-off list is shorter than its MaxDeliver, as
// nats-server 2.9 requires (err_code 10116); later servers accept it too.
func TestTheAckBackOffIsShorterThanMaxDeliver(t *testing.T) {
	for _, maxDeliver := range []int{2, 3, 10, 50} {
		steps := ackBackOff(30*time.Second, maxDeliver)
		require.Len(t, steps, maxDeliver-1, "max deliver %d", maxDeliver)
		require.Equal(t, 30*time.Second, steps[0])
		for _, d := range steps {
			require.LessOrEqual(t, d, 10*time.Minute)
		}
	}
	require.Equal(t, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}, ackBackOff(30*time.Second, 4))
}
