package daemon

import (
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"
)

// startEmbeddedNATS starts the in-process NATS server with JetStream on the
// data directory. It listens on cfg.NATSListen ("none": in-process only).
func startEmbeddedNATS(cfg *Config, log zerolog.Logger) (*server.Server, error) {
	opts := &server.Options{
		ServerName: "breachd",
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.DataDir, "jetstream"),
		// The daemon owns the signals.
		NoSigs: true,
		// No HTTP monitoring port, no cluster: one embedded server.
		SyncAlways: cfg.NATSSync == "always",
	}
	if cfg.NATSListen == "" || cfg.NATSListen == "none" {
		opts.DontListen = true
	} else {
		host, portStr, err := net.SplitHostPort(cfg.NATSListen)
		if err != nil {
			return nil, fmt.Errorf("nats_listen %q: %w", cfg.NATSListen, err)
		}
		port, err := strconv.Atoi(portStr)
		if err != nil {
			return nil, fmt.Errorf("nats_listen %q: bad port", cfg.NATSListen)
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
			return nil, fmt.Errorf("embedded NATS server did not become ready in 30s (is %s in use?)", cfg.NATSListen)
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
	if cfg.NATSCreds != "" {
		opts = append(opts, nats.UserCredentials(cfg.NATSCreds))
	}
	if cfg.NATSTLSCA != "" {
		opts = append(opts, nats.RootCAs(cfg.NATSTLSCA))
	}
	if cfg.NATSTLSCert != "" {
		opts = append(opts, nats.ClientCert(cfg.NATSTLSCert, cfg.NATSTLSKey))
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
