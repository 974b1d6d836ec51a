package console

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// Changes made elsewhere (Slack, the API, a playbook, an alert) reach open
// pages as server-sent events: the hook publishes the ids of the incidents
// a committed transaction changed, and GET /events streams them to every
// page, which fetches itself again (or, while someone is typing in a form,
// offers to).

// keepAlive is how often an idle event stream sends a comment, so that
// proxies do not close it.
const keepAlive = 25 * time.Second

// subscriberBuffer is how many changes a slow page may fall behind before
// it is told to reload whole.
const subscriberBuffer = 64

// broker fans the changed incidents out to the open event streams.
type broker struct {
	mu   sync.Mutex
	subs map[chan string]struct{}
	// done is closed by Close: every stream ends.
	done      chan struct{}
	closeOnce sync.Once
}

// closed is closed once the console is closed.
func (b *broker) closed() <-chan struct{} { return b.doneChan() }

func (b *broker) doneChan() chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done == nil {
		b.done = make(chan struct{})
	}
	return b.done
}

// close ends every stream, now and to come.
func (b *broker) close() {
	done := b.doneChan()
	b.closeOnce.Do(func() { close(done) })
}

func (b *broker) subscribe() chan string {
	ch := make(chan string, subscriberBuffer)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[chan string]struct{}{}
	}
	b.subs[ch] = struct{}{}
	return ch
}

func (b *broker) unsubscribe(ch chan string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, ch)
}

// publish tells every stream that id changed; a stream whose buffer is full
// gets "*" instead, for everything.
func (b *broker) publish(ids []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		for _, id := range ids {
			select {
			case ch <- id:
			default:
				// Full: replace the backlog with one "reload everything".
				for len(ch) > 0 {
					<-ch
				}
				ch <- "*"
			}
		}
	}
}

// Hook is the console's hook on the use cases (respond.Wiring.Hooks): after
// a transaction that changed incidents commits, open pages are told which.
// It records nothing and never fails the change.
func (c *Console) Hook() respond.Hook {
	return respond.HookFunc(func(tx *store.Tx, ch *incident.Changes, _ time.Time) error {
		if len(ch.Incidents) == 0 {
			return nil
		}
		ids := make([]string, 0, len(ch.Incidents))
		for _, inc := range ch.Incidents {
			ids = append(ids, inc.ID)
		}
		tx.OnCommit(func() { c.live.publish(ids) })
		return nil
	})
}

// events streams the ids of changed incidents as server-sent events
// ("event: changed", the id as data) until the page goes away.
//
// A stream ends when the console is closed (Close), since a server
// shutting down waits for every open connection.
func (c *Console) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ch := c.live.subscribe()
	defer c.live.unsubscribe(ch)
	// Tell the page the stream is open: a test, or a page that missed
	// changes while reconnecting, knows from here on it hears them.
	if _, err := fmt.Fprint(w, "retry: 3000\nevent: ready\ndata: \n\n"); err != nil {
		return
	}
	_ = rc.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	closed := c.live.closed()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-closed:
			// The server is shutting down: it waits for this
			// connection, and the page reconnects to the next one.
			return
		case id := <-ch:
			if _, err := fmt.Fprintf(w, "event: changed\ndata: %s\n\n", id); err != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// Close ends every open event stream, and any opened later at once: call it
// when the HTTP server shuts down (http.Server.RegisterOnShutdown), which
// otherwise waits for the open pages' streams until its deadline.
func (c *Console) Close() { c.live.close() }
