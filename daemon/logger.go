package daemon

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/rs/zerolog"
)

// LogConfig is the logging section of the configuration.
type LogConfig struct {
	// Level is trace, debug, info, warn or error.
	Level string `yaml:"log_level"`
	// Format is json, or console for people.
	Format string `yaml:"log_format"`
}

// DefaultLogConfig logs at info, for people.
func DefaultLogConfig() LogConfig { return LogConfig{Level: "info", Format: "console"} }

// Validate checks the level and the format and names the key of each
// problem.
func (c *LogConfig) Validate() error {
	var errs []error
	if _, err := zerolog.ParseLevel(c.Level); err != nil || c.Level == "" {
		errs = append(errs, fmt.Errorf("log_level: %q (want trace, debug, info, warn or error)", c.Level))
	}
	if c.Format != "json" && c.Format != "console" {
		errs = append(errs, fmt.Errorf("log_format: %q (want json or console)", c.Format))
	}
	return errors.Join(errs...)
}

// NewLogger builds the root logger from the configuration. Components derive
// children with their own "component" field.
func NewLogger(cfg *Config, w io.Writer) zerolog.Logger {
	level, err := zerolog.ParseLevel(cfg.Log.Level)
	if err != nil {
		level = zerolog.InfoLevel
	}
	if cfg.Log.Format == "console" {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}
