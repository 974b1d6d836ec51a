package daemon

import (
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"
)

// NATSConfig is the NATS section of the configuration: the embedded
// server, or the external server or cluster to use instead.
type NATSConfig struct {
	// Listen is the embedded server's client address; port 0 picks a
	// free one, "none" serves in-process only.
	Listen string `yaml:"nats_listen"`
	// URL, when set, is the external server or cluster (comma-separated
	// URLs), reached with Creds and the TLS files.
	URL     string `yaml:"nats_url"`
	Creds   string `yaml:"nats_creds"`
	TLSCA   string `yaml:"nats_tls_ca"`
	TLSCert string `yaml:"nats_tls_cert"`
	TLSKey  string `yaml:"nats_tls_key"`
	// Sync is the embedded JetStream's fsync policy: interval or always.
	Sync string `yaml:"nats_sync"`
}

// DefaultNATSConfig is an embedded server on loopback that syncs at an
// interval.
func DefaultNATSConfig() NATSConfig {
	return NATSConfig{Listen: "127.0.0.1:4222", Sync: "interval"}
}

// Validate checks the settings and names the key of each problem.
func (c *NATSConfig) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.URL == "" && c.Listen != "" && c.Listen != "none" {
		if _, err := splitHostPort(c.Listen); err != nil {
			bad("nats_listen", "%v (or \"none\" for an in-process server only)", err)
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("nats_tls_cert", "nats_tls_cert and nats_tls_key go together")
	}
	if c.URL == "" && (c.Creds != "" || c.TLSCA != "" || c.TLSCert != "") {
		bad("nats_url", "nats_creds and nats_tls_* apply to an external server: set nats_url too")
	}
	if c.Sync != "interval" && c.Sync != "always" {
		bad("nats_sync", "%q (want interval or always)", c.Sync)
	}
	return errors.Join(errs...)
}

// ResolvePaths makes the relative paths of the credentials and TLS files
// relative to dir, the config file's directory.
func (c *NATSConfig) ResolvePaths(dir string) {
	resolvePaths(dir, &c.Creds, &c.TLSCA, &c.TLSCert, &c.TLSKey)
}

// splitHostPort is the host of addr, which must be host:port.
func splitHostPort(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("%q is not host:port", addr)
	}
	if port == "" {
		return "", fmt.Errorf("%q has no port", addr)
	}
	return host, nil
}

// startEmbeddedNATS starts the in-process NATS server with JetStream on the
// data directory. It listens on cfg.NATS.Listen ("none": in-process only).
func startEmbeddedNATS(cfg *Config, log zerolog.Logger) (*server.Server, error) {
	opts := &server.Options{
		ServerName: "breachd",
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.DataDir, "jetstream"),
		// The daemon owns the signals.
		NoSigs: true,
		// No HTTP monitoring port, no cluster: one embedded server.
		SyncAlways: cfg.NATS.Sync == "always",
	}
	if cfg.NATS.Listen == "" || cfg.NATS.Listen == "none" {
		opts.DontListen = true
	} else {
		host, portStr, err := net.SplitHostPort(cfg.NATS.Listen)
		if err != nil {
			return nil, fmt.Errorf("nats_listen %q: %w", cfg.NATS.Listen, err)
		}
		port, err := strconv.Atoi(portStr)
		if err != nil {
			return nil, fmt.Errorf("nats_listen %q: bad port", cfg.NATS.Listen)
		}
		if port == 0 {
			port = server.RANDOM_PORT
		}
		opts.Host, opts.Port = host, port
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded NATS server: %w", err)
	}
	fatal := make(chan string, 1)
	ns.SetLoggerV2(natsLogger{log: log, fatal: fatal}, false, false, false)
	ns.Start()
	// The server reports a failure to listen through its logger and never
	// becomes ready: watch both.
	for deadline := time.Now().Add(30 * time.Second); !ns.ReadyForConnections(100 * time.Millisecond); {
		select {
		case msg := <-fatal:
			ns.Shutdown()
			return nil, fmt.Errorf("embedded NATS server: %s (set --nats-listen to a free address, or --nats-url to use a running server)", msg)
		default:
		}
		if time.Now().After(deadline) {
			ns.Shutdown()
			return nil, fmt.Errorf("embedded NATS server did not become ready in 30s (is %s in use?)", cfg.NATS.Listen)
		}
	}
	return ns, nil
}

// connectOptions are the client options for the external server.
func connectOptions(cfg *Config, log zerolog.Logger) []nats.Option {
	opts := []nats.Option{
		nats.Name("breachd"),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			log.Warn().Err(err).Msg("nats disconnected")
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info().Str("url", nc.ConnectedUrlRedacted()).Msg("nats reconnected")
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			log.Warn().Err(err).Msg("nats")
		}),
	}
	if cfg.NATS.Creds != "" {
		opts = append(opts, nats.UserCredentials(cfg.NATS.Creds))
	}
	if cfg.NATS.TLSCA != "" {
		opts = append(opts, nats.RootCAs(cfg.NATS.TLSCA))
	}
	if cfg.NATS.TLSCert != "" {
		opts = append(opts, nats.ClientCert(cfg.NATS.TLSCert, cfg.NATS.TLSKey))
	}
	return opts
}

// natsLogger sends the embedded server's log lines to zerolog. Its notices
// (a start-up banner of a dozen lines) go to debug; breachd logs its own
// summary of where everything is. A fatal line is also passed to fatal (if
// nobody is waiting, it is only logged).
type natsLogger struct {
	log   zerolog.Logger
	fatal chan<- string
}

func (l natsLogger) Noticef(format string, v ...any) { l.log.Debug().Msgf(format, v...) }
func (l natsLogger) Warnf(format string, v ...any)   { l.log.Warn().Msgf(format, v...) }
func (l natsLogger) Fatalf(format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	l.log.Error().Msg(msg)
	select {
	case l.fatal <- msg:
	default:
	}
}
func (l natsLogger) Errorf(format string, v ...any) { l.log.Error().Msgf(format, v...) }
func (l natsLogger) Debugf(format string, v ...any) { l.log.Debug().Msgf(format, v...) }
func (l natsLogger) Tracef(format string, v ...any) { l.log.Trace().Msgf(format, v...) }
