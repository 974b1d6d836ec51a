package formats

import (
	"bytes"

	"github.com/go-json-experiment/json/jsontext"
)

// Format names a wire format breachd decodes.
type Format uint8

// The formats, in the order docs/producers.md lists them. Unknown is the zero value.
const (
	Unknown Format = iota
	Native
	OCSF
	Falco
	Alertmanager
	CloudEvents
	AWS
	Wazuh
)

var formatNames = [...]string{"unknown", "native", "ocsf", "falco", "alertmanager", "cloudevents", "aws", "wazuh"}

var formatTitles = [...]string{"message", "alert", "OCSF finding", "Falco event", "Alertmanager webhook",
	"CloudEvent", "AWS finding", "Wazuh alert"}

// Formats lists every known format.
func Formats() []Format { return []Format{Native, OCSF, Falco, Alertmanager, CloudEvents, AWS, Wazuh} }

// String is the format's lower-case name, as in subjects and headers.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return formatNames[Unknown]
}

// Title names a message of the format in errors: "OCSF finding".
func (f Format) Title() string {
	if int(f) < len(formatTitles) {
		return formatTitles[f]
	}
	return formatTitles[Unknown]
}

// ParseFormat returns the format of a lower-case name, or Unknown.
func ParseFormat(name string) Format {
	for _, f := range Formats() {
		if formatNames[f] == name {
			return f
		}
	}
	return Unknown
}

// Decoder decodes the formats with the settings that vary by site.
type Decoder struct {
	// Severities are the spellings of severity labels (Alertmanager's
	// severity label) and what they mean; nil is DefaultSeverities.
	Severities Severities
}

// Decode decodes data as a message of format f with the default settings;
// see Decoder.Decode.
func Decode(f Format, data []byte) ([]Decoded, error) {
	return Decoder{}.Decode(f, data)
}

// Decode decodes data as a message of format f. A CloudEvent here is in
// structured mode; DecodeCloudEventBinary takes the binary mode. Unknown
// decodes as whatever Sniff finds.
func (d Decoder) Decode(f Format, data []byte) ([]Decoded, error) {
	return d.decode(f, data, 0)
}

// maxNesting bounds envelopes inside envelopes (a CloudEvent whose data is
// a CloudEvent): one level is what producers send.
const maxNesting = 1

func (d Decoder) decode(f Format, data []byte, depth int) ([]Decoded, error) {
	if err := checkBytes(data); err != nil {
		return nil, err
	}
	if f == Unknown {
		f = Sniff(data)
	}
	switch f {
	case OCSF:
		return decodeOCSF(data)
	case Falco:
		return decodeFalco(data)
	case Alertmanager:
		return decodeAlertmanager(data, d.Severities)
	case CloudEvents:
		if depth >= maxNesting {
			return nil, reject(ReasonInvalidField, "a CloudEvent inside a CloudEvent is not taken: unwrap it first")
		}
		return d.decodeCloudEvent(data, depth+1)
	case AWS:
		return decodeAWS(data)
	case Wazuh:
		return decodeWazuh(data)
	}
	a, err := DecodeNative(data)
	if err != nil {
		return nil, err
	}
	return []Decoded{{Alert: a}}, nil
}

// Sniff guesses the format of a JSON document from the names of its top-level
// members, which no two formats share, and returns Native when nothing else
// fits (so that what fails is reported against the native schema). It reads
// only names; values are skipped.
func Sniff(data []byte) Format {
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return Native
	}
	has := make(map[string]bool, 16)
	for dec.PeekKind() == '"' {
		name, err := dec.ReadToken()
		if err != nil {
			break
		}
		has[name.String()] = true
		if dec.SkipValue() != nil {
			break
		}
	}
	switch {
	case has["specversion"]:
		return CloudEvents
	case has["class_uid"]:
		return OCSF
	case has["alerts"] && (has["version"] || has["groupKey"] || has["receiver"]):
		return Alertmanager
	case has["output_fields"] || has["rule"] && has["priority"] && has["output"]:
		return Falco
	case has["detail-type"] || has["SchemaVersion"] && has["ProductArn"] || has["Findings"] ||
		has["schemaVersion"] && has["arn"] && has["service"]:
		return AWS
	case has["rule"] && has["agent"]:
		return Wazuh
	}
	return Native
}
