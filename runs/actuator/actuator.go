// Package actuator is an example actuator: a nats.go micro service that
// answers every action request on breachd.actions.>, logs what it would
// do, and replies ok. It is idempotent on the request's key: a repeat
// (after a timeout or a restart of breachd) gets the first answer again
// and does nothing twice. A real actuator keeps the keys it has served in
// durable storage; this one keeps them in memory.
package actuator

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/playbooks"
)

// Handler decides one action. The example logs it and says ok.
type Handler func(req playbooks.ActionRequest) playbooks.ActionReply

// Actuator serves action requests.
type Actuator struct {
	log     zerolog.Logger
	handle  Handler
	mu      sync.Mutex
	answers map[string]playbooks.ActionReply
	svc     micro.Service
}

// Start adds the service to nc. handle nil logs and replies ok.
func Start(nc *nats.Conn, log zerolog.Logger, handle Handler) (*Actuator, error) {
	a := &Actuator{log: log, handle: handle, answers: map[string]playbooks.ActionReply{}}
	if a.handle == nil {
		a.handle = a.logOnly
	}
	svc, err := micro.AddService(nc, micro.Config{
		Name: "breachd-actuator", Version: "0.1.0",
		Description: "example actuator: logs what it would do and replies ok",
		Endpoint: &micro.EndpointConfig{
			Subject:  playbooks.SubjectPrefix + ">",
			Handler:  micro.HandlerFunc(a.serve),
			Metadata: map[string]string{"idempotent": "true"},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("actuator service: %w", err)
	}
	a.svc = svc
	return a, nil
}

// Stop removes the service.
func (a *Actuator) Stop() error { return a.svc.Stop() }

// Served is how many distinct keys were carried out.
func (a *Actuator) Served() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.answers)
}

func (a *Actuator) serve(r micro.Request) {
	var req playbooks.ActionRequest
	if err := json.Unmarshal(r.Data(), &req); err != nil {
		_ = r.Error("400", "not an action request: "+err.Error(), nil)
		return
	}
	key := r.Headers().Get(playbooks.IdempotencyHeader)
	if key == "" {
		key = req.IdempotencyKey
	}
	if key == "" || !strings.HasSuffix(r.Subject(), "."+req.Action) {
		_ = r.Error("400", "the request needs an idempotency key and the action of its subject", nil)
		return
	}
	a.mu.Lock()
	reply, seen := a.answers[key]
	if !seen {
		reply = a.handle(req)
		if reply.OK || !reply.Retry {
			a.answers[key] = reply
		}
	}
	a.mu.Unlock()
	if seen {
		a.log.Info().Str("key", key).Msg("repeat of a request already carried out: same answer, nothing done")
	}
	_ = r.RespondJSON(reply)
}

// logOnly is the example's action: say what would be done.
func (a *Actuator) logOnly(req playbooks.ActionRequest) playbooks.ActionReply {
	params, _ := json.Marshal(req.Params)
	a.log.Info().Str("action", req.Action).Str("incident_id", req.IncidentID).Str("playbook", req.Playbook).
		Str("step", req.Step).Str("key", req.IdempotencyKey).RawJSON("params", params).Msg("would carry out")
	return playbooks.ActionReply{OK: true, Detail: "example actuator: " + req.Action + " logged, nothing changed"}
}
