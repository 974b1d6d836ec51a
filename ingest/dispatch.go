package ingest

import (
	"errors"
	"mime"
	"strings"

	"github.com/nats-io/nats.go"

	"github.com/breachd/breachd/ingest/formats"
)

// HeaderFormat names a message's format explicitly (native, ocsf, falco,
// alertmanager, cloudevents, aws, wazuh) when its subject does not.
const HeaderFormat = "Breachd-Format"

// subjectFormats are the subject prefixes that fix a message's format: the
// first rule of dispatch. alerts.<format>.<anything>, as docs/producers.md lists.
var subjectFormats = func() []subjectFormat {
	var out []subjectFormat
	for _, f := range formats.Formats() {
		out = append(out, subjectFormat{"alerts." + f.String() + ".", f})
	}
	return out
}()

type subjectFormat struct {
	prefix string
	format formats.Format
}

// dispatcher chooses each message's decoder: by subject prefix, then by
// header, then by content, in that order.
type dispatcher struct {
	// falco are the subject patterns Falcosidekick publishes on.
	falco []string
	dec   formats.Decoder
}

// decode decodes one message into its alerts and says which format it was.
//
// A message on no format's subject and without a format header is tried as
// a native alert first: that costs a native alert nothing extra, and since
// the native schema refuses unknown members no other format can pass for
// it. Only if that fails is the content sniffed; if it looks like no other
// format, the native error stands.
func (d *dispatcher) decode(subject string, header nats.Header, data []byte) (formats.Format, []formats.Decoded, error) {
	f := d.bySubject(subject)
	if f == formats.Unknown {
		f = byHeader(header)
	}
	switch f {
	case formats.CloudEvents:
		if isBinaryCloudEvent(header) {
			ds, err := d.dec.DecodeCloudEventBinary(header, data)
			return f, ds, err
		}
	case formats.Unknown:
		a, err := formats.DecodeNative(data)
		if err == nil {
			return formats.Native, []formats.Decoded{{Alert: a}}, nil
		}
		if rej := (*RejectError)(nil); errors.As(err, &rej) && (rej.Reason == ReasonTooLarge || rej.Reason == ReasonInvalidUTF8) {
			return formats.Native, nil, err
		}
		if f = formats.Sniff(data); f == formats.Native {
			return f, nil, err
		}
	}
	ds, err := d.dec.Decode(f, data)
	return f, ds, err
}

// bySubject applies the subject prefixes and the Falco subjects.
func (d *dispatcher) bySubject(subject string) formats.Format {
	if strings.HasPrefix(subject, "alerts.") {
		for _, s := range subjectFormats {
			if strings.HasPrefix(subject, s.prefix) {
				return s.format
			}
		}
		return formats.Unknown
	}
	for _, p := range d.falco {
		if subjectMatches(p, subject) {
			return formats.Falco
		}
	}
	return formats.Unknown
}

// byHeader reads the format from the headers: Breachd-Format, a CloudEvent
// in binary mode (ce-specversion) or in structured mode (Content-Type
// application/cloudevents+json).
func byHeader(h nats.Header) formats.Format {
	if len(h) == 0 {
		return formats.Unknown
	}
	if v := h.Get(HeaderFormat); v != "" {
		return formats.ParseFormat(strings.ToLower(strings.TrimSpace(v)))
	}
	if isBinaryCloudEvent(h) {
		return formats.CloudEvents
	}
	if ct := h.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil && mt == "application/cloudevents+json" {
			return formats.CloudEvents
		}
	}
	return formats.Unknown
}

// isBinaryCloudEvent: a ce-specversion header means binary mode. NATS
// headers keep the case they were sent with.
func isBinaryCloudEvent(h nats.Header) bool {
	for k := range h {
		if strings.EqualFold(k, "ce-specversion") {
			return true
		}
	}
	return false
}

// subjectMatches reports whether a NATS subject matches a pattern with the
// wildcards * (one token) and > (one or more trailing tokens).
func subjectMatches(pattern, subject string) bool {
	for {
		pt, prest, pmore := strings.Cut(pattern, ".")
		st, srest, smore := strings.Cut(subject, ".")
		switch {
		case pt == ">":
			return st != ""
		case pt != "*" && pt != st, st == "":
			return false
		case !pmore || !smore:
			return pmore == smore
		}
		pattern, subject = prest, srest
	}
}
