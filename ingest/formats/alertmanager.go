package formats

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// AlertmanagerWebhook is the payload Prometheus Alertmanager posts to a
// webhook receiver (version "4"): a group of alerts, firing or resolved.
type AlertmanagerWebhook struct {
	Version           string              `json:"version"`
	GroupKey          string              `json:"groupKey"`
	TruncatedAlerts   int                 `json:"truncatedAlerts"`
	Status            string              `json:"status"`
	Receiver          string              `json:"receiver"`
	GroupLabels       map[string]string   `json:"groupLabels"`
	CommonLabels      map[string]string   `json:"commonLabels"`
	CommonAnnotations map[string]string   `json:"commonAnnotations"`
	ExternalURL       string              `json:"externalURL"`
	Alerts            []AlertmanagerAlert `json:"alerts"`
}

// AlertmanagerAlert is one alert of a webhook payload.
type AlertmanagerAlert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
}

// alertmanagerAssets are the labels that name what an alert is about, in the
// order they are looked for, with the asset type each one gives.
var alertmanagerAssets = []struct{ label, typ string }{
	{"asset", ""}, {"instance", "instance"}, {"pod", "k8s-pod"}, {"bucket", "bucket"}, {"host", "host"},
	{"hostname", "host"}, {"node", "node"}, {"resource", "resource"}, {"service", "service"}, {"job", "service"},
}

// ParseAlertmanager decodes a webhook payload and checks its envelope; it
// does not look at the alerts. It applies no size limit: a webhook posted
// over HTTP may group more alerts than one message may hold, and Single
// splits it.
func ParseAlertmanager(data []byte) (*AlertmanagerWebhook, error) {
	if !isUTF8(data) {
		return nil, reject(ReasonInvalidUTF8, "message is not valid UTF-8")
	}
	var w AlertmanagerWebhook
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, classifyJSON(err, Alertmanager.Title(), "")
	}
	switch {
	case w.Version == "":
		return nil, missing(Alertmanager, "version", `knowing the payload's shape (version "4")`)
	case w.Version != "4":
		return nil, reject(ReasonInvalidField, `Alertmanager webhook version %q is not supported (want "4")`, text.Truncate(w.Version, 32))
	case len(w.Alerts) == 0:
		return nil, missing(Alertmanager, "alerts", "at least one alert")
	}
	return &w, nil
}

// Single returns the payload with only its i-th alert: what breachd
// publishes to its stream for each alert of a webhook.
func (w *AlertmanagerWebhook) Single(i int) ([]byte, error) {
	one := *w
	one.Alerts = w.Alerts[i : i+1]
	if st := w.Alerts[i].Status; st != "" {
		one.Status = st
	}
	return json.Marshal(&one, jsontext.EscapeForHTML(false), json.Deterministic(true))
}

// Alert maps the i-th alert of the payload, reading its severity label
// through sev (nil: DefaultSeverities).
func (w *AlertmanagerWebhook) Alert(i int, sev Severities) (Decoded, error) {
	am := &w.Alerts[i]
	labels := func(name string) string { return first(am.Labels[name], w.CommonLabels[name]) }
	ann := func(name string) string { return first(am.Annotations[name], w.CommonAnnotations[name]) }
	at := func(field string) string { return "alerts[" + strconv.Itoa(i) + "]." + field }

	name := labels("alertname")
	if name == "" {
		return Decoded{}, missing(Alertmanager, at("labels.alertname"), "the alert's kind")
	}
	if am.StartsAt.IsZero() {
		return Decoded{}, missing(Alertmanager, at("startsAt"), "the alert's time")
	}
	sevLabel := labels("severity")
	if sevLabel == "" {
		return Decoded{}, missing(Alertmanager, at("labels.severity"), "the severity")
	}
	severity, ok := sev.Lookup(sevLabel)
	if !ok {
		return Decoded{}, reject(ReasonInvalidField, "Alertmanager %s %q is not a known severity (%s; more spellings can be added with severity_map)", at("labels.severity"), text.Truncate(sevLabel, 64), sev.Spellings())
	}
	status := first(am.Status, w.Status)
	if status != "firing" && status != "resolved" {
		return Decoded{}, reject(ReasonInvalidField, "Alertmanager %s %q is neither firing nor resolved", at("status"), text.Truncate(status, 32))
	}
	resolved := status == "resolved"

	var b builder
	for _, c := range alertmanagerAssets {
		if v := labels(c.label); v != "" {
			b.a.Asset = incident.Asset{ID: v, Type: first(c.typ, labels("asset_type"), "asset")}
			if c.label == "pod" && labels("namespace") != "" {
				b.a.Asset.ID = labels("namespace") + "/" + v
			}
			break
		}
	}
	if b.a.Asset.ID == "" {
		return Decoded{}, missing(Alertmanager, at("labels.instance (or asset, pod, bucket, host, node, resource, service, job)"), "the asset the alert is about")
	}
	b.a.Asset.Tenant = labels("tenant")

	// Alertmanager's fingerprint is a hash of the alert's labels: the same
	// alert, however often it is resent. startsAt tells its episodes apart.
	amfp := first(am.Fingerprint, digest(sortedLabels(am.Labels)...))
	b.a.ID = "am-" + amfp + "@" + am.StartsAt.UTC().Format(time.RFC3339)
	b.a.Fingerprint = fingerprint(Alertmanager, amfp)
	b.a.Source = first(labels("source"), "alertmanager")
	b.a.Kind = name
	b.a.Time = am.StartsAt.UTC()
	b.a.Severity = severity
	b.a.Title = first(ann("summary"), ann("title"), name)
	b.a.Description = first(ann("description"), ann("message"))
	if resolved {
		b.a.ID += "/resolved"
		b.a.Title = "Resolved: " + b.a.Title
		if !am.EndsAt.IsZero() && am.EndsAt.After(am.StartsAt) {
			b.a.Time = am.EndsAt.UTC()
		}
	}
	if dc := labels("data_class"); dc != "" {
		b.a.PersonalData = &incident.PersonalData{Categories: []string{dc}}
	}
	b.label("alertmanager.status", status)
	b.label("alertmanager.receiver", w.Receiver)
	b.label("generator_url", am.GeneratorURL)
	for _, k := range slices.Sorted(maps.Keys(am.Labels)) {
		b.label(k, am.Labels[k])
	}
	a, err := b.finish(Alertmanager)
	if err != nil {
		return Decoded{}, err
	}
	return Decoded{Alert: a, Resolved: resolved}, nil
}

func decodeAlertmanager(data []byte, sev Severities) ([]Decoded, error) {
	w, err := ParseAlertmanager(data)
	if err != nil {
		return nil, err
	}
	out := make([]Decoded, len(w.Alerts))
	for i := range w.Alerts {
		if out[i], err = w.Alert(i, sev); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sortedLabels lists name=value pairs in name order, to hash a label set.
func sortedLabels(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, k+"="+m[k])
	}
	return out
}
