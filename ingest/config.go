package ingest

import (
	"errors"
	"fmt"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest/formats"
)

// Config is the ingest section of breachd's configuration: how alerts fold
// into incidents, what is redacted from them, and the ALERTS stream and
// its consumer. Each field is a key of the config file, a flag and an
// environment variable.
type Config struct {
	DedupWindow       time.Duration `yaml:"dedup_window"`
	CorrelationWindow time.Duration `yaml:"correlation_window"`
	CorrelateBy       []string      `yaml:"correlate_by"`
	// CorrelationRules override correlate_by and correlation_window for
	// the sources and kinds they match.
	CorrelationRules []incident.CorrelationRule `yaml:"correlation_rules"`
	MaxFutureSkew    time.Duration              `yaml:"max_future_skew"`
	FloodThreshold   int                        `yaml:"flood_threshold"`
	// Redact names the patterns of personal data and secrets replaced in
	// alert text (built-in names or name=regexp); RedactFields the alert
	// fields replaced whole.
	Redact       []string `yaml:"redact"`
	RedactFields []string `yaml:"redact_fields"`
	// SeverityMap adds spellings of severity labels to the built-in table
	// (spelling → critical, high, medium, low or info).
	SeverityMap map[string]string `yaml:"severity_map"`

	// FalcoSubjects are the subjects Falcosidekick publishes on; the
	// alert stream captures them and decodes them as Falco events.
	FalcoSubjects []string `yaml:"falco_subjects"`

	StreamMaxAge    time.Duration `yaml:"stream_max_age"`
	DuplicateWindow time.Duration `yaml:"duplicate_window"`
	StreamReplicas  int           `yaml:"stream_replicas"`
	BatchSize       int           `yaml:"batch_size"`
	MaxAckPending   int           `yaml:"max_ack_pending"`
	MaxDeliver      int           `yaml:"max_deliver"`
	AckWait         time.Duration `yaml:"ack_wait"`
}

// DefaultConfig is the ingest section of a first run: DefaultOptions, and
// the default redaction of alert text.
func DefaultConfig() Config {
	o := DefaultOptions()
	return Config{
		DedupWindow:       o.Policy.DedupWindow,
		CorrelationWindow: o.Policy.CorrelationWindow,
		CorrelateBy:       o.Policy.CorrelateBy,
		CorrelationRules:  o.Policy.CorrelationRules,
		MaxFutureSkew:     o.MaxFutureSkew,
		FloodThreshold:    o.Policy.FloodThreshold,
		Redact:            incident.DefaultRedactPatterns(),
		FalcoSubjects:     o.FalcoSubjects,
		StreamMaxAge:      o.MaxAge,
		DuplicateWindow:   o.DuplicateWindow,
		StreamReplicas:    o.Replicas,
		BatchSize:         o.BatchSize,
		MaxAckPending:     o.MaxAckPending,
		MaxDeliver:        o.MaxDeliver,
		AckWait:           o.AckWait,
	}
}

// Options are DefaultOptions with c's settings. The caller adds what is
// only known at start: the hooks, the clock, the obligations, the data map
// and the redactor (Redactor, keyed by the store).
func (c *Config) Options() Options {
	o := DefaultOptions()
	o.Policy.DedupWindow = c.DedupWindow
	o.Policy.CorrelationWindow = c.CorrelationWindow
	o.Policy.CorrelateBy = c.CorrelateBy
	o.Policy.CorrelationRules = c.CorrelationRules
	o.Policy.FloodThreshold = c.FloodThreshold
	o.MaxFutureSkew = c.MaxFutureSkew
	o.FalcoSubjects = c.FalcoSubjects
	o.MaxAge = c.StreamMaxAge
	o.DuplicateWindow = c.DuplicateWindow
	o.Replicas = c.StreamReplicas
	o.BatchSize = c.BatchSize
	o.MaxAckPending = c.MaxAckPending
	o.MaxDeliver = c.MaxDeliver
	o.AckWait = c.AckWait
	// An invalid table is Validate's to report; until then the built-in
	// one applies.
	o.Severities, _ = formats.WithSeverities(c.SeverityMap)
	return o
}

// Redactor builds the redaction of alert text with key, or nil when
// nothing is to be redacted.
func (c *Config) Redactor(key []byte) (*incident.Redactor, error) {
	if len(c.Redact) == 0 && len(c.RedactFields) == 0 {
		return nil, nil
	}
	return incident.NewRedactor(c.Redact, c.RedactFields, key)
}

// Validate checks the settings and names the key of each problem; the
// triage policy's problems say which part of it is wrong.
func (c *Config) Validate() error {
	var errs []error
	o := c.Options()
	for _, p := range o.settingProblems() {
		errs = append(errs, fmt.Errorf("%s: %s", p.key, p.problem))
	}
	if err := o.Policy.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("triage: %w", err))
	}
	if _, err := formats.WithSeverities(c.SeverityMap); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.Redactor(make([]byte, 32)); err != nil {
		errs = append(errs, fmt.Errorf("redact, redact_fields: %w", err))
	}
	return errors.Join(errs...)
}
