package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// AppToken is the app-level token the fake accepts for Socket Mode.
const AppToken = "xapp-fake-token"

// socketPath is where apps.connections.open sends the client.
const socketPath = "/socket-mode"

// socket is the fake's side of Socket Mode: apps.connections.open hands out
// a ws:// URL of the fake, which greets the client with hello, and a test
// sends envelopes over it and reads the client's acks (see Envelope).
type socket struct {
	mu        sync.Mutex
	conn      *websocket.Conn
	connected chan struct{} // closed at the first connection
	writeMu   sync.Mutex
	acks      map[string]chan json.RawMessage
	seq       int
}

func newSocket() *socket {
	return &socket{connected: make(chan struct{}), acks: map[string]chan json.RawMessage{}}
}

// connectionsOpen answers apps.connections.open, which takes the app-level
// token, not the bot token.
func (s *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+AppToken {
		slackErr(w, "invalid_auth")
		return
	}
	reply(w, map[string]any{"url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + socketPath})
}

// upgrader takes any origin: slack-go sends Slack's, not the fake's.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveSocket takes a Socket Mode connection: it says hello, then routes
// the client's acks to the envelopes waiting for them until it closes.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	sk := s.sock
	if err := sk.write(conn, map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A0FAKE"}}); err != nil {
		_ = conn.Close()
		return
	}
	sk.mu.Lock()
	first := sk.conn == nil
	sk.conn = conn
	sk.mu.Unlock()
	if first {
		close(sk.connected)
	}
	for {
		_, raw, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(raw, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		sk.mu.Lock()
		ch := sk.acks[ack.EnvelopeID]
		delete(sk.acks, ack.EnvelopeID)
		sk.mu.Unlock()
		if ch != nil {
			ch <- ack.Payload
		}
	}
}

func (sk *socket) write(conn *websocket.Conn, v any) error {
	sk.writeMu.Lock()
	defer sk.writeMu.Unlock()
	return conn.WriteJSON(v)
}

func (sk *socket) close() {
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if sk.conn != nil {
		_ = sk.conn.Close()
	}
}

// Envelope sends one Socket Mode envelope of kind typ ("slash_commands",
// "interactive", "events_api") carrying payload, once a client is
// connected, and returns the payload of the client's ack (empty for a bare
// ack). It fails when ctx ends first: an envelope left unacknowledged.
func (s *Server) Envelope(ctx context.Context, typ string, payload any) (json.RawMessage, error) {
	sk := s.sock
	select {
	case <-sk.connected:
	case <-ctx.Done():
		return nil, fmt.Errorf("no socket mode client connected: %w", ctx.Err())
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	ack := make(chan json.RawMessage, 1)
	sk.mu.Lock()
	sk.seq++
	id := fmt.Sprintf("env-%d", sk.seq)
	sk.acks[id] = ack
	conn := sk.conn
	sk.mu.Unlock()
	env := map[string]any{"envelope_id": id, "type": typ, "payload": json.RawMessage(raw), "accepts_response_payload": typ != "events_api"}
	if err := sk.write(conn, env); err != nil {
		return nil, fmt.Errorf("send envelope: %w", err)
	}
	select {
	case p := <-ack:
		return p, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("envelope %s not acknowledged: %w", id, ctx.Err())
	}
}
