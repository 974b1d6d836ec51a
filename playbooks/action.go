package playbooks

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// SubjectPrefix is where actuators listen: an action named n is a NATS
// request on SubjectPrefix+n, answered by whichever actuator serves it.
const SubjectPrefix = "breachd.actions."

// Subject is the NATS subject of the action named name.
func Subject(name string) string { return SubjectPrefix + name }

// ParamType is the type of an action parameter as a playbook writes it.
type ParamType string

// Parameter types. Every type may also be a template whose rendering is
// read as that type.
const (
	ParamString   ParamType = "string"
	ParamInt      ParamType = "int"
	ParamBool     ParamType = "bool"
	ParamDuration ParamType = "duration" // a Go duration such as 90s, 15m, 24h
	ParamStrings  ParamType = "strings"  // a list of strings
)

// Param describes one parameter of an action.
type Param struct {
	Name     string    `json:"name"`
	Type     ParamType `json:"type"`
	Required bool      `json:"required"`
	Doc      string    `json:"doc"`
	// Enum, when set, lists the only values allowed.
	Enum []string `json:"enum,omitempty"`
}

// Action describes one containment action: what it does, what it touches,
// its parameters and an example of them. The daemon sends it to the
// actuator that serves Subject(Name), or to a step's webhook.
type Action struct {
	Name    string `json:"name"`
	Doc     string `json:"doc"`
	Touches string `json:"touches"`
	// Reversible says whether an operator can undo the action by hand;
	// steps with irreversible actions deserve an approval before them.
	Reversible bool    `json:"reversible"`
	Params     []Param `json:"params"`
	// Example is a valid parameter set, shown by breachctl actions list
	// and checked by the registry.
	Example map[string]any `json:"example"`
}

// Param returns the parameter called name.
func (a *Action) Param(name string) (Param, bool) {
	i := slices.IndexFunc(a.Params, func(p Param) bool { return p.Name == name })
	if i < 0 {
		return Param{}, false
	}
	return a.Params[i], true
}

// IdempotencyHeader carries a step's idempotency key on the NATS request
// and the webhook POST, besides ActionRequest.IdempotencyKey.
const IdempotencyHeader = "Idempotency-Key"

// ActionRequest is the JSON body of the NATS request (or webhook POST) that
// asks an actuator to carry out one step. An actuator must be idempotent on
// IdempotencyKey: the daemon sends the same key again after a timeout or a
// restart, when it cannot know whether the first request was carried out.
type ActionRequest struct {
	IdempotencyKey string         `json:"idempotency_key"`
	IncidentID     string         `json:"incident_id"`
	Playbook       string         `json:"playbook"`
	Step           string         `json:"step"`
	Action         string         `json:"action"`
	Params         map[string]any `json:"params"`
	// Deadline is when the daemon stops waiting for the reply.
	Deadline time.Time `json:"deadline"`
}

// ActionReply is an actuator's answer. OK false with Retry true is a
// transient failure the daemon retries with back-off; OK false without it
// is final.
type ActionReply struct {
	OK     bool   `json:"ok"`
	Error  string `json:"error,omitempty"`
	Detail string `json:"detail,omitempty"`
	Retry  bool   `json:"retry,omitempty"`
}

// Registry is the set of actions a playbook may name. It is a value that the
// daemon and breachctl build, not a global: a deployment may add its own.
type Registry struct {
	actions []Action
}

// namePattern is the shape of action, playbook and step names: they become
// NATS subject tokens and idempotency keys.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`)

// NewRegistry checks the actions (names, parameter types, examples) and
// returns a registry of them, sorted by name.
func NewRegistry(actions ...Action) (*Registry, error) {
	var errs []error
	seen := map[string]bool{}
	for _, a := range actions {
		if !namePattern.MatchString(a.Name) {
			errs = append(errs, fmt.Errorf("action %q: the name must be lower case letters, digits, _ or -", a.Name))
		}
		if seen[a.Name] {
			errs = append(errs, fmt.Errorf("action %q is declared twice", a.Name))
		}
		seen[a.Name] = true
		params := map[string]bool{}
		for _, p := range a.Params {
			if params[p.Name] || !namePattern.MatchString(p.Name) {
				errs = append(errs, fmt.Errorf("action %s: parameter %q is repeated or badly named", a.Name, p.Name))
			}
			params[p.Name] = true
			if !slices.Contains([]ParamType{ParamString, ParamInt, ParamBool, ParamDuration, ParamStrings}, p.Type) {
				errs = append(errs, fmt.Errorf("action %s: parameter %s has unknown type %q", a.Name, p.Name, p.Type))
			}
		}
		if err := a.checkExample(); err != nil {
			errs = append(errs, fmt.Errorf("action %s: example: %w", a.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sorted := slices.Clone(actions)
	slices.SortFunc(sorted, func(x, y Action) int { return strings.Compare(x.Name, y.Name) })
	return &Registry{actions: sorted}, nil
}

// checkExample checks that the example sets every required parameter and
// only known ones, with values of their type.
func (a *Action) checkExample() error {
	var errs []error
	for _, p := range a.Params {
		v, ok := a.Example[p.Name]
		if !ok {
			if p.Required {
				errs = append(errs, fmt.Errorf("lacks required parameter %s", p.Name))
			}
			continue
		}
		if err := p.check(v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p.Name, err))
		}
	}
	for name := range a.Example {
		if _, ok := a.Param(name); !ok {
			errs = append(errs, fmt.Errorf("unknown parameter %s", name))
		}
	}
	return errors.Join(errs...)
}

// check checks a decoded value (string, int64, bool, []string) against the
// parameter's type and enumeration.
func (p Param) check(v any) error {
	switch p.Type {
	case ParamString:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string, not %T", v)
		}
		if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
			return fmt.Errorf("%q is not one of %s", s, quoteList(p.Enum))
		}
	case ParamInt:
		switch v.(type) {
		case int, int64:
		default:
			return fmt.Errorf("must be an integer, not %T", v)
		}
	case ParamBool:
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("must be true or false, not %T", v)
		}
	case ParamDuration:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a duration such as 15m or 24h, not %T", v)
		}
		if _, err := parseDuration(s); err != nil {
			return err
		}
	case ParamStrings:
		list, ok := v.([]string)
		if !ok {
			return fmt.Errorf("must be a list of strings, not %T", v)
		}
		for _, s := range list {
			if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
				return fmt.Errorf("%q is not one of %s", s, quoteList(p.Enum))
			}
		}
	}
	return nil
}

// Lookup returns the action called name.
func (r *Registry) Lookup(name string) (*Action, bool) {
	i := slices.IndexFunc(r.actions, func(a Action) bool { return a.Name == name })
	if i < 0 {
		return nil, false
	}
	return &r.actions[i], true
}

// Actions lists the actions, sorted by name.
func (r *Registry) Actions() []Action { return slices.Clone(r.actions) }

// Names lists the action names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, len(r.actions))
	for i, a := range r.actions {
		names[i] = a.Name
	}
	return names
}

// DefaultRegistry is the registry of DefaultActions.
func DefaultRegistry() *Registry {
	r, err := NewRegistry(DefaultActions()...)
	if err != nil {
		panic("playbooks: the built-in actions are invalid: " + err.Error()) // a test keeps this from happening
	}
	return r
}

// DefaultActions are the containment actions breachd knows out of the
// box. Each is a fresh value, so a caller may change its copy.
func DefaultActions() []Action {
	account := Param{Name: "account", Type: ParamString, Required: true, Doc: "the account, as the identity provider names it"}
	provider := Param{Name: "provider", Type: ParamString, Doc: "which identity provider or cloud holds it, when the actuator serves several"}
	reason := Param{Name: "reason", Type: ParamString, Doc: "recorded with the change at the provider"}
	return []Action{
		{
			Name: "revoke_credentials", Touches: "identity provider", Reversible: false,
			Doc:     "Revoke an account's credentials: API keys, access tokens, sessions, or all of them.",
			Params:  []Param{account, provider, {Name: "credentials", Type: ParamStrings, Doc: "which credentials (default all)", Enum: []string{"all", "api_keys", "access_tokens", "sessions", "passwords"}}, reason},
			Example: map[string]any{"account": "svc-deploy", "provider": "okta", "credentials": []string{"api_keys", "sessions"}, "reason": "INC-2026-0042: key published on a public repository"},
		},
		{
			Name: "force_password_reset", Touches: "identity provider", Reversible: false,
			Doc:     "Require a new password at the account's next sign-in and end its sessions.",
			Params:  []Param{account, provider},
			Example: map[string]any{"account": "j.doe@example.com", "provider": "entra"},
		},
		{
			Name: "disable_account", Touches: "identity provider", Reversible: true,
			Doc:     "Disable an account so that it can no longer sign in.",
			Params:  []Param{account, provider, reason},
			Example: map[string]any{"account": "j.doe@example.com", "reason": "INC-2026-0042: bulk export outside working hours"},
		},
		{
			Name: "isolate_host", Touches: "endpoint agent or network", Reversible: true,
			Doc: "Cut a host off the network except for the management and forensic channels.",
			Params: []Param{{Name: "host", Type: ParamString, Required: true, Doc: "host name or agent id"},
				{Name: "mode", Type: ParamString, Doc: "full cuts everything but management; selective keeps the allow list", Enum: []string{"full", "selective"}},
				{Name: "allow", Type: ParamStrings, Doc: "addresses still reachable in selective mode"}},
			Example: map[string]any{"host": "fs-paris-02", "mode": "full"},
		},
		{
			Name: "block_address", Touches: "firewall or WAF", Reversible: true,
			Doc: "Block an IP address or CIDR range, for a while or until unblocked.",
			Params: []Param{{Name: "address", Type: ParamString, Required: true, Doc: "IPv4 or IPv6 address or CIDR range"},
				{Name: "direction", Type: ParamString, Doc: "default both", Enum: []string{"inbound", "outbound", "both"}},
				{Name: "duration", Type: ParamDuration, Doc: "how long; empty blocks until unblocked"}},
			Example: map[string]any{"address": "203.0.113.7", "direction": "both", "duration": "72h"},
		},
		{
			Name: "rotate_key", Touches: "key management service", Reversible: false,
			Doc: "Create a new version of a key or secret and retire the exposed one.",
			Params: []Param{{Name: "key", Type: ParamString, Required: true, Doc: "key or secret id"}, provider,
				{Name: "disable_old", Type: ParamBool, Doc: "disable the old version at once rather than after the grace period"}},
			Example: map[string]any{"key": "arn:aws:kms:eu-west-1:123456789012:key/1f2e", "disable_old": true},
		},
		{
			Name: "snapshot_evidence", Touches: "storage of the affected system", Reversible: true,
			Doc: "Preserve evidence before anything changes: a disk or memory image, or a copy of logs, kept read-only.",
			Params: []Param{{Name: "target", Type: ParamString, Required: true, Doc: "host, volume, bucket or log source"},
				{Name: "kind", Type: ParamString, Required: true, Doc: "what to preserve", Enum: []string{"disk", "memory", "access_logs", "mailbox", "audit_log"}},
				{Name: "retention", Type: ParamDuration, Doc: "how long to keep it (default the organisation's evidence policy)"}},
			Example: map[string]any{"target": "s3://customer-exports", "kind": "access_logs", "retention": "2160h"},
		},
		{
			Name: "make_bucket_private", Touches: "object storage", Reversible: true,
			Doc: "Remove public access from a storage bucket (policy, ACLs and public access block).",
			Params: []Param{{Name: "bucket", Type: ParamString, Required: true, Doc: "bucket URI, e.g. s3://name or gs://name"}, provider,
				{Name: "revoke_presigned", Type: ParamBool, Doc: "also invalidate pre-signed URLs by rotating the signing credentials"}},
			Example: map[string]any{"bucket": "s3://customer-exports"},
		},
		{
			Name: "recall_message", Touches: "mail system", Reversible: false,
			Doc: "Recall or purge a sent e-mail from recipients' mailboxes where the mail system allows it.",
			Params: []Param{{Name: "message_id", Type: ParamString, Required: true, Doc: "the Message-ID header"},
				{Name: "recipients", Type: ParamStrings, Doc: "mailboxes to purge it from (default every recipient)"}},
			Example: map[string]any{"message_id": "<20261123.1234@mail.example.com>", "recipients": []string{"buyer@customer-b.example"}},
		},
		{
			Name: "revoke_share", Touches: "file sharing or export service", Reversible: true,
			Doc: "Revoke a shared link or an export's access for its recipients.",
			Params: []Param{{Name: "resource", Type: ParamString, Required: true, Doc: "the shared file, export or link"},
				{Name: "recipient", Type: ParamString, Doc: "only this recipient (default everyone)"}},
			Example: map[string]any{"resource": "exports/2026-11-23/customers.csv", "recipient": "ops@customer-b.example"},
		},
		{
			Name: "end_sessions", Touches: "identity provider and applications", Reversible: false,
			Doc:     "Sign an account out of every session and application.",
			Params:  []Param{account, provider},
			Example: map[string]any{"account": "j.doe@example.com"},
		},
	}
}
