package daemon

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/runs"
)

// Config is everything breachd can be told. Each setting is a key of the
// YAML config file, a command-line flag and a BREACHD_ environment
// variable; the table in settings.go maps them. The keys are flat: each
// section is inline, and holds the keys of one component, with its
// defaults, its validation and the paths it resolves against the config
// file.
type Config struct {
	// DataDir holds the database and the embedded NATS store.
	DataDir string `yaml:"data_dir"`
	// MemoryLimitMiB is the Go runtime's soft memory limit; the collector
	// works harder as the heap nears it. 0 leaves it unset. GOMEMLIMIT,
	// when set, wins.
	MemoryLimitMiB int `yaml:"memory_limit_mib"`
	// ReminderInterval is how often due timers are looked for.
	ReminderInterval time.Duration `yaml:"reminder_interval"`
	// CheckpointInterval is how often the timeline heads that moved are
	// signed into a checkpoint (see package checkpoint); one is also
	// taken at each clean stop.
	CheckpointInterval time.Duration `yaml:"checkpoint_interval"`

	// Log is the level and the format of the log.
	Log LogConfig `yaml:",inline"`
	// API is where the API listens and the token it requires.
	API api.Config `yaml:",inline"`
	// NATS is the embedded server, or the external one to use instead.
	NATS NATSConfig `yaml:",inline"`
	// Ingest is how alerts fold into incidents, what is redacted from
	// them, and the ALERTS stream and its consumer.
	Ingest ingest.Config `yaml:",inline"`
	// Regulatory is the regulation catalog and calendars, the data map,
	// the organisation's details and the reminders before deadlines.
	Regulatory RegulatoryConfig `yaml:",inline"`
	// Runs is the playbooks that run and the example actuator.
	Runs runs.Config `yaml:",inline"`
	// Slack is off without a bot token. The tokens and the signing
	// secret are never logged; each may also come from its SLACK_*
	// variable.
	Slack slack.Config `yaml:",inline"`
	// Console is how people sign in to the web console; with nothing
	// set it is read-only and served on loopback only.
	Console ConsoleConfig `yaml:",inline"`
	// HA is how a node of a cluster leads and keeps the others up to
	// date.
	HA HAConfig `yaml:",inline"`
}

// Default returns the configuration of a first run: everything under
// ./data, the API and an embedded NATS server on loopback.
func Default() Config {
	return Config{
		DataDir:            "./data",
		MemoryLimitMiB:     192,
		ReminderInterval:   5 * time.Second,
		CheckpointInterval: 5 * time.Minute,
		Log:                DefaultLogConfig(),
		API:                api.DefaultConfig(),
		NATS:               DefaultNATSConfig(),
		Ingest:             ingest.DefaultConfig(),
		Regulatory:         DefaultRegulatoryConfig(),
		Runs:               runs.Config{},
		Slack:              slack.DefaultConfig(),
		HA:                 DefaultHAConfig(),
	}
}

// Load decodes a YAML config over c. Unknown keys are errors.
func (c *Config) Load(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	// An empty file (io.EOF) sets nothing.
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// LoadFile decodes the YAML file at path over c. Relative paths are
// relative to the file's directory: each section resolves its own
// (ResolvePaths; no section's default is a path), and data_dir is resolved
// only when the file names it, so that the default ./data stays relative
// to the working directory.
func (c *Config) LoadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	// What the file says alone: whether it names data_dir.
	var fromFile Config
	if err := fromFile.Load(data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := c.Load(data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if fromFile.DataDir != "" {
		resolvePaths(dir, &c.DataDir)
	}
	c.API.ResolvePaths(dir)
	c.NATS.ResolvePaths(dir)
	c.Regulatory.ResolvePaths(dir)
	c.Runs.ResolvePaths(dir)
	c.Console.ResolvePaths(dir)
	return nil
}

// resolvePaths makes each relative path that is set relative to dir.
func resolvePaths(dir string, paths ...*string) {
	for _, p := range paths {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}

// Validate checks every setting and names the key of each problem. It
// reads no file: the files the config names are read and checked when
// they are loaded (LoadConfig and Start do both).
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.DataDir == "" {
		bad("data_dir", "must be set")
	}
	if c.MemoryLimitMiB < 0 || c.MemoryLimitMiB > 1<<20 {
		bad("memory_limit_mib", "%d (want 0 for none, or a size in MiB)", c.MemoryLimitMiB)
	}
	if c.CheckpointInterval <= 0 {
		bad("checkpoint_interval", "must be positive, got %s", c.CheckpointInterval)
	}
	if c.ReminderInterval <= 0 {
		bad("reminder_interval", "must be positive, got %s", c.ReminderInterval)
	}
	// Replicas need as many servers: a cluster of embedded servers, or an
	// external cluster.
	if r := c.Ingest.StreamReplicas; r > 1 && c.NATS.URL == "" && c.NATS.Cluster.Listen == "" {
		bad("stream_replicas", "%d replicas need a NATS cluster of %d servers or more: set nats_cluster_listen and nats_routes "+
			"to cluster the embedded servers of %d nodes, or nats_url to use an existing cluster (the embedded server alone keeps 1)", r, r, r)
	}
	for _, section := range []interface{ Validate() error }{&c.Log, &c.API, &c.NATS, &c.Ingest, &c.Slack, &c.Console, &c.HA} {
		if err := section.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// clustered reports whether this node is one of a highly available
// cluster: its embedded server clustered with others', or an external NATS
// keeping replicas of its streams. It then leads or stands by (ha.go).
func (c *Config) clustered() bool {
	return c.NATS.clustered() || (c.NATS.URL != "" && c.Ingest.StreamReplicas > 1)
}

// validateAndLoad is Validate, and the loading of the regulatory files,
// whose problems it reports with the settings' own; a start reads those
// files once.
func (c *Config) validateAndLoad() (*regulatory, error) {
	err := c.Validate()
	rg, loadErr := c.Regulatory.load()
	if err := errors.Join(err, loadErr); err != nil {
		return nil, err
	}
	return rg, nil
}

// DBPath is the database file's path.
func (c *Config) DBPath() string { return filepath.Join(c.DataDir, "breachd.db") }
