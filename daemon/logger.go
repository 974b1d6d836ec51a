package daemon

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
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
		// Colours only on a terminal: a file or a journal gets plain text.
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly, NoColor: !terminal(w)}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

// LogProblems logs err at error level under msg, one line per problem: an
// error that lists several (every invalid playbook key, every bad setting)
// is one line each, not one line with newlines in it.
func LogProblems(ev func() *zerolog.Event, err error, msg string) {
	lines := strings.Split(strings.TrimSpace(err.Error()), "\n")
	if len(lines) == 1 {
		ev().Err(err).Msg(msg)
		return
	}
	ev().Int("problems", len(lines)).Msg(msg)
	for _, l := range lines {
		ev().Str("problem", l).Msg(msg)
	}
}

// terminal reports whether w is a terminal (a file descriptor a TTY is
// attached to).
func terminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
