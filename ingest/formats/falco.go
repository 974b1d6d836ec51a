package formats

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// falcoEvent is a Falco event as Falcosidekick forwards it (its
// types.FalcoPayload). Falcosidekick adds uuid; Falco's own json_output has
// the rest.
type falcoEvent struct {
	UUID         string                    `json:"uuid"`
	Output       string                    `json:"output"`
	Priority     string                    `json:"priority"`
	Rule         string                    `json:"rule"`
	Time         string                    `json:"time"`
	Source       string                    `json:"source"`
	Hostname     string                    `json:"hostname"`
	Tags         []string                  `json:"tags"`
	OutputFields map[string]jsontext.Value `json:"output_fields"`
}

// falcoSeverity maps Falco's priorities (syslog's levels), case-insensitively.
func falcoSeverity(p string) (incident.Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "emergency", "alert", "critical":
		return incident.SeverityCritical, true
	case "error":
		return incident.SeverityHigh, true
	case "warning":
		return incident.SeverityMedium, true
	case "notice":
		return incident.SeverityLow, true
	case "informational", "info", "debug":
		return incident.SeverityInfo, true
	}
	return 0, false
}

// falcoLabels are the output fields copied into labels: where it happened
// and who did it. Other fields stay in the output text.
var falcoLabels = []string{"container.id", "container.name", "container.image.repository", "k8s.ns.name",
	"k8s.pod.name", "user.name", "user.loginuid", "ka.user.name", "proc.name", "fd.name"}

func decodeFalco(data []byte) ([]Decoded, error) {
	var e falcoEvent
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, classifyJSON(err, Falco.Title(), "")
	}
	a, err := mapFalco(&e)
	if err != nil {
		return nil, err
	}
	return []Decoded{{Alert: a}}, nil
}

func mapFalco(e *falcoEvent) (*incident.Alert, error) {
	if strings.TrimSpace(e.Rule) == "" {
		return nil, missing(Falco, "rule", "the alert's kind and title")
	}
	if e.Priority == "" {
		return nil, missing(Falco, "priority", "the severity")
	}
	sev, ok := falcoSeverity(e.Priority)
	if !ok {
		return nil, reject(ReasonInvalidField, "Falco priority %q is not one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug", text.Truncate(e.Priority, 64))
	}
	if e.Time == "" {
		return nil, missing(Falco, "time", "the alert's time")
	}
	t, err := time.Parse(time.RFC3339Nano, e.Time)
	if err != nil {
		return nil, reject(ReasonInvalidField, "Falco time %q is not an RFC 3339 timestamp", text.Truncate(e.Time, 64))
	}
	field := func(name string) string { return falcoField(e.OutputFields[name]) }
	pod, ns, container := field("k8s.pod.name"), field("k8s.ns.name"), field("container.id")

	var b builder
	switch {
	case pod != "":
		b.a.Asset = incident.Asset{ID: strings.TrimPrefix(ns+"/"+pod, "/"), Type: "k8s-pod"}
	case container != "" && container != "host":
		b.a.Asset = incident.Asset{ID: container, Type: "container"}
	case e.Hostname != "":
		b.a.Asset = incident.Asset{ID: e.Hostname, Type: "host"}
	default:
		return nil, missing(Falco, `hostname (or output_fields "k8s.pod.name", "container.id")`, "the asset the alert is about")
	}
	// Falcosidekick's customfields arrive among the output fields; a
	// "tenant" one names the tenant, otherwise the namespace does.
	b.a.Asset.Tenant = first(field("tenant"), ns)

	// Falcosidekick gives each event a fresh uuid, and publishes to core
	// NATS without a message id: the uuid, or else a hash of the event,
	// is the alert's stable id.
	b.a.ID = "falco-" + firstID(e.UUID, digest(e.Time, e.Rule, e.Hostname, e.Output))
	b.a.Source = "falco"
	b.a.Kind = first(slug(e.Rule), "falco-rule")
	b.a.Time = t
	b.a.Severity = sev
	b.a.Title = e.Rule
	b.a.Description = e.Output
	// The same rule firing for the same workload on the same node is one
	// finding, however often it fires.
	b.a.Fingerprint = fingerprint(Falco, e.Rule, e.Hostname, pod, container)
	b.label("host", e.Hostname)
	b.label("falco.source", e.Source)
	b.label("falco.priority", e.Priority)
	b.label("falco.tags", strings.Join(e.Tags, ","))
	for _, name := range falcoLabels {
		b.label(name, field(name))
	}
	return b.finish(Falco)
}

// falcoField renders an output field's value: strings as they are, numbers
// and booleans as written, null as nothing.
func falcoField(v jsontext.Value) string {
	switch v.Kind() {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case '0', 't', 'f':
		return string(v)
	case 'n', 0:
		return ""
	}
	return fmt.Sprintf("%.256s", v)
}
