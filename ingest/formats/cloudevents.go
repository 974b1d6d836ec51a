package formats

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// cloudEvent is a CloudEvents 1.0 event: the context attributes breachd
// reads, the tenant extension, and the data.
type cloudEvent struct {
	SpecVersion     string         `json:"specversion"`
	ID              string         `json:"id"`
	Source          string         `json:"source"`
	Type            string         `json:"type"`
	Subject         string         `json:"subject"`
	Time            string         `json:"time"`
	DataContentType string         `json:"datacontenttype"`
	DataSchema      string         `json:"dataschema"`
	Tenant          string         `json:"tenant"`
	Data            jsontext.Value `json:"data"`
	DataBase64      string         `json:"data_base64"`
}

// CloudEventsHeaderPrefix starts the NATS headers that carry an event's
// attributes in binary mode: ce-specversion, ce-id, ce-source, ce-type …
const CloudEventsHeaderPrefix = "ce-"

// decodeCloudEvent decodes an event in structured mode: the message is the
// event as JSON.
func (d Decoder) decodeCloudEvent(data []byte, depth int) ([]Decoded, error) {
	var ev cloudEvent
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, classifyJSON(err, CloudEvents.Title(), "")
	}
	var payload []byte
	switch {
	case ev.DataBase64 != "":
		var err error
		if payload, err = base64.StdEncoding.DecodeString(ev.DataBase64); err != nil {
			return nil, reject(ReasonInvalidField, "CloudEvent data_base64 is not base64: %v", err)
		}
	case ev.Data.Kind() == '"':
		// A string is the data itself, JSON written as text.
		var s string
		if err := json.Unmarshal(ev.Data, &s); err != nil {
			return nil, reject(ReasonInvalidField, "CloudEvent data: %v", err)
		}
		payload = []byte(s)
	default:
		payload = ev.Data
	}
	return ev.unwrap(d, payload, depth)
}

// DecodeCloudEventBinary decodes an event in the NATS binary mode with the
// default settings; see Decoder.DecodeCloudEventBinary.
func DecodeCloudEventBinary(header map[string][]string, data []byte) ([]Decoded, error) {
	return Decoder{}.DecodeCloudEventBinary(header, data)
}

// DecodeCloudEventBinary decodes an event in the NATS binary mode: the
// attributes are ce- headers (values percent-encoded) and the payload is
// the data.
func (d Decoder) DecodeCloudEventBinary(header map[string][]string, data []byte) ([]Decoded, error) {
	if err := checkBytes(data); err != nil {
		return nil, err
	}
	var ev cloudEvent
	attrs := map[string]*string{"specversion": &ev.SpecVersion, "id": &ev.ID, "source": &ev.Source,
		"type": &ev.Type, "subject": &ev.Subject, "time": &ev.Time, "dataschema": &ev.DataSchema,
		"tenant": &ev.Tenant, "datacontenttype": &ev.DataContentType}
	for k, vs := range header {
		if len(k) <= len(CloudEventsHeaderPrefix) || !strings.EqualFold(k[:len(CloudEventsHeaderPrefix)], CloudEventsHeaderPrefix) || len(vs) == 0 {
			continue
		}
		if p, ok := attrs[strings.ToLower(k[len(CloudEventsHeaderPrefix):])]; ok {
			// A header, unlike a JSON string, may carry any bytes, and
			// percent-decoding may make any: what is not text is refused
			// here, before it reaches a label or the tenant.
			if *p = unescape(vs[0]); !utf8.ValidString(*p) {
				return nil, reject(ReasonInvalidUTF8, "CloudEvent header %s is not valid UTF-8", k)
			}
		}
	}
	if ev.DataContentType == "" {
		for k, vs := range header {
			if strings.EqualFold(k, "Content-Type") && len(vs) > 0 {
				ev.DataContentType = vs[0]
			}
		}
	}
	return ev.unwrap(d, data, 1)
}

// unescape undoes percent-encoding, leaving a value that is not validly
// encoded as it is.
func unescape(v string) string {
	if !strings.Contains(v, "%") {
		return v
	}
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// unwrap checks the required attributes, decodes the data by the format
// the event's type, schema or content names, and lends the event's
// attributes to what the data leaves empty.
func (ev *cloudEvent) unwrap(d Decoder, payload []byte, depth int) ([]Decoded, error) {
	switch {
	case ev.SpecVersion == "":
		return nil, missing(CloudEvents, "specversion", "recognising a CloudEvent")
	case ev.SpecVersion != "1.0":
		return nil, reject(ReasonInvalidField, `CloudEvent specversion %q is not supported (want "1.0")`, text.Truncate(ev.SpecVersion, 32))
	case ev.ID == "":
		return nil, missing(CloudEvents, "id", "the alert's id")
	case ev.Source == "":
		return nil, missing(CloudEvents, "source", "the alert's source")
	case ev.Type == "":
		return nil, missing(CloudEvents, "type", "choosing the decoder of its data")
	case len(bytes.TrimSpace(payload)) == 0:
		return nil, missing(CloudEvents, "data", "the alert itself")
	}
	ct := strings.ToLower(ev.DataContentType)
	if ct != "" && !strings.Contains(ct, "json") {
		return nil, reject(ReasonInvalidField, "CloudEvent datacontenttype %q is not JSON", text.Truncate(ev.DataContentType, 64))
	}
	var evTime time.Time
	if ev.Time != "" {
		t, err := time.Parse(time.RFC3339Nano, ev.Time)
		if err != nil {
			return nil, reject(ReasonInvalidField, "CloudEvent time %q is not an RFC 3339 timestamp", text.Truncate(ev.Time, 64))
		}
		evTime = t
	}
	inner := ev.innerFormat(payload)
	var (
		out []Decoded
		err error
	)
	if inner == Native {
		// A native alert inside an event may leave to the envelope what
		// the envelope already says.
		var a *incident.Alert
		a, err = decodeNative(payload, func(a *incident.Alert) {
			if a.ID == "" {
				// The alert's own id is checked as any native id is;
				// the envelope's is the source's and kept distinct.
				a.ID = cleanID(ev.ID)
			}
			a.Source = first(a.Source, ev.Source)
			a.Kind = first(a.Kind, ev.Type)
			if a.Time.IsZero() {
				a.Time = evTime
			}
		})
		out = []Decoded{{Alert: a}}
	} else {
		out, err = d.decode(inner, payload, depth)
	}
	if err != nil {
		var rej *RejectError
		if asReject(err, &rej) {
			return nil, &RejectError{Reason: rej.Reason, Err: prefixErr("CloudEvent data ("+inner.Title()+"): ", rej.Err)}
		}
		return nil, err
	}
	for _, d := range out {
		if d.Alert.Asset.Tenant == "" && len(ev.Tenant) <= incident.MaxNameLen {
			d.Alert.Asset.Tenant = ev.Tenant
		}
		b := builder{a: *d.Alert}
		b.label("cloudevents.source", ev.Source)
		b.label("cloudevents.type", ev.Type)
		*d.Alert = b.a
	}
	return out, nil
}

// innerFormat chooses the decoder of an event's data: by its type (Falco's
// falco.rule.output.v1, types naming OCSF, Alertmanager, AWS or Wazuh) or
// its dataschema, else by the data's content.
func (ev *cloudEvent) innerFormat(payload []byte) Format {
	t := strings.ToLower(ev.Type + " " + ev.DataSchema)
	switch {
	case strings.Contains(t, "falco"):
		return Falco
	case strings.Contains(t, "ocsf"):
		return OCSF
	case strings.Contains(t, "alertmanager"):
		return Alertmanager
	case strings.Contains(t, "guardduty"), strings.Contains(t, "securityhub"), strings.Contains(t, "aws."):
		return AWS
	case strings.Contains(t, "wazuh"):
		return Wazuh
	}
	return Sniff(payload)
}
