package daemon

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/internal/lograte"
)

// NATSConfig is the NATS section of the configuration: the embedded
// server, or the external server or cluster to use instead.
type NATSConfig struct {
	// Listen is the embedded server's client address; port 0 picks a
	// free one, "none" serves in-process only.
	Listen string `yaml:"nats_listen"`
	// ListenTLSCert and ListenTLSKey, when set, make the embedded server
	// require TLS of every client with this certificate; then Listen may
	// be an address other hosts reach.
	ListenTLSCert string `yaml:"nats_listen_tls_cert"`
	ListenTLSKey  string `yaml:"nats_listen_tls_key"`
	// URL, when set, is the external server or cluster (comma-separated
	// URLs), reached with Creds (or the nkey seed file NKey) and the TLS
	// files.
	URL     string `yaml:"nats_url"`
	Creds   string `yaml:"nats_creds"`
	NKey    string `yaml:"nats_nkey"`
	TLSCA   string `yaml:"nats_tls_ca"`
	TLSCert string `yaml:"nats_tls_cert"`
	TLSKey  string `yaml:"nats_tls_key"`
	// Sync is the embedded JetStream's fsync policy: interval or always.
	Sync string `yaml:"nats_sync"`
	// ServerName names this node: the embedded server in its cluster,
	// and the node in the lease; the host's name when empty.
	ServerName string `yaml:"nats_server_name"`
	// Cluster makes the embedded server one of a cluster.
	Cluster NATSClusterConfig `yaml:",inline"`
}

// DefaultNATSConfig is an embedded server on loopback that syncs at an
// interval.
func DefaultNATSConfig() NATSConfig {
	return NATSConfig{Listen: "127.0.0.1:4222", Sync: "interval", Cluster: NATSClusterConfig{Name: DefaultClusterName}}
}

// Validate checks the settings and names the key of each problem.
func (c *NATSConfig) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.URL == "" && c.Listen != "" && c.Listen != "none" {
		if host, err := splitHostPort(c.Listen); err != nil {
			bad("nats_listen", "%v (or \"none\" for an in-process server only)", err)
		} else if !isLoopback(host) && c.ListenTLSCert == "" {
			bad("nats_listen", "%s is not a loopback address, and the embedded NATS server has no TLS: "+
				"its identities are no substitute for TLS on a network. Set nats_listen_tls_cert and nats_listen_tls_key "+
				"to serve other hosts over TLS, use 127.0.0.1, ::1 or localhost, "+
				"or run a NATS server or cluster with TLS and accounts and point nats_url at it "+
				"(docs/operators.md: \"An external NATS server\")", c.Listen)
		}
	}
	if (c.ListenTLSCert == "") != (c.ListenTLSKey == "") {
		bad("nats_listen_tls_cert", "nats_listen_tls_cert and nats_listen_tls_key go together")
	}
	if c.ListenTLSCert != "" && c.URL == "" && (c.Listen == "" || c.Listen == "none") {
		bad("nats_listen_tls_cert", "TLS is for the embedded server's listen address: set nats_listen to an address (it is none)")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("nats_tls_cert", "nats_tls_cert and nats_tls_key go together")
	}
	if c.URL == "" && (c.Creds != "" || c.NKey != "" || c.TLSCA != "" || c.TLSCert != "") {
		bad("nats_url", "nats_creds, nats_nkey and nats_tls_* apply to an external server: set nats_url too "+
			"(the embedded server's identities are generated into <data_dir>/nats)")
	}
	if c.Creds != "" && c.NKey != "" {
		bad("nats_nkey", "nats_creds and nats_nkey are two ways to authenticate: set one")
	}
	if c.Sync != "interval" && c.Sync != "always" {
		bad("nats_sync", "%q (want interval or always)", c.Sync)
	}
	c.validateCluster(bad)
	return errors.Join(errs...)
}

// ResolvePaths makes the relative paths of the credentials and TLS files
// relative to dir, the config file's directory.
func (c *NATSConfig) ResolvePaths(dir string) {
	resolvePaths(dir, &c.Creds, &c.NKey, &c.TLSCA, &c.TLSCert, &c.TLSKey, &c.ListenTLSCert, &c.ListenTLSKey,
		&c.Cluster.TLSCert, &c.Cluster.TLSKey, &c.Cluster.TLSCA)
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

// listenAddr is the host and the port a server listens on for addr
// (host:port); port 0 is the server's pick.
func listenAddr(addr string) (string, int, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("%q is not host:port", addr)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 {
		return "", 0, fmt.Errorf("%q: bad port", addr)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	return host, port, nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
// An empty host (":4222") is every interface.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// startEmbeddedNATS starts the in-process NATS server with JetStream on the
// data directory. It listens on cfg.NATS.Listen ("none": in-process only)
// and lets in only the identities ids.
// maxStatePayload is the largest message the embedded servers of a cluster
// take, for the state log's records.
const maxStatePayload = 8 << 20

func startEmbeddedNATS(cfg *Config, ids *natsIdentities, writeErrs chan<- string, log zerolog.Logger) (*server.Server, error) {
	opts := &server.Options{
		ServerName: cfg.NATS.NodeName(),
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.DataDir, "jetstream"),
		// The daemon owns the signals.
		NoSigs: true,
		// No HTTP monitoring port.
		SyncAlways: cfg.NATS.Sync == "always",
	}
	if cfg.clustered() {
		// A write transaction's change record is one message of the
		// state log: a batch of new incidents with their obligations
		// takes more than the default megabyte.
		opts.MaxPayload = maxStatePayload
	}
	ids.configure(opts, ingest.DefaultOptions().Stream, cfg.Ingest.FalcoSubjects)
	if cfg.NATS.clustered() {
		if err := configureCluster(opts, &cfg.NATS, ids.routePassword); err != nil {
			return nil, err
		}
	}
	if cfg.NATS.Listen == "" || cfg.NATS.Listen == "none" {
		opts.DontListen = true
	} else {
		host, port, err := listenAddr(cfg.NATS.Listen)
		if err != nil {
			return nil, fmt.Errorf("nats_listen: %w", err)
		}
		opts.Host, opts.Port = host, port
		if cfg.NATS.ListenTLSCert != "" {
			tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: cfg.NATS.ListenTLSCert, KeyFile: cfg.NATS.ListenTLSKey})
			if err != nil {
				return nil, fmt.Errorf("nats_listen_tls_cert, nats_listen_tls_key: %w", err)
			}
			// Every client over the network speaks TLS; breachd's own
			// in-process connections need none.
			opts.TLSConfig, opts.TLS, opts.TLSTimeout = tc, true, 2
		}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded NATS server: %w", err)
	}
	fatal := make(chan string, 1)
	ns.SetLoggerV2(natsLogger{log: log, fatal: fatal, writeErrs: writeErrs,
		storeFailed: lograte.New(time.Second, 5)}, false, false, false)
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

// MinNATSServer is the oldest nats-server breachd runs on: 2.9, the oldest
// still shipped by distributions (Debian 12 has 2.9.10). It has every
// JetStream feature breachd uses (consumer back-off, Nak with a delay,
// Term with a reason, the duplicate window).
const MinNATSServer = "2.9.0"

// Back-off between attempts to reach an external server at start.
const (
	firstConnectRetry = 500 * time.Millisecond
	maxConnectRetry   = 30 * time.Second
)

// connectExternal connects to the external server, retrying with a growing
// delay while it is unreachable, logging each attempt and saying what it
// waits for through status, until ctx ends. A server that answers but
// refuses (bad credentials, TLS) or is too old is an error at once:
// waiting would not fix it.
func connectExternal(ctx context.Context, cfg *Config, log zerolog.Logger, status func(string)) (*nats.Conn, error) {
	where := redactURLs(cfg.NATS.URL)
	delay := firstConnectRetry
	for attempt := 1; ; attempt++ {
		nc, err := nats.Connect(cfg.NATS.URL, connectOptions(cfg, log)...)
		if err == nil {
			if err := checkServerVersion(nc.ConnectedServerVersion()); err != nil {
				nc.Close()
				return nil, fmt.Errorf("NATS at %s: %w", where, err)
			}
			if attempt > 1 {
				log.Info().Str("nats", nc.ConnectedUrlRedacted()).Int("attempts", attempt).Msg("nats reachable")
			}
			return nc, nil
		}
		if !unreachable(err) {
			return nil, fmt.Errorf("connect to NATS at %s: %w", where, err)
		}
		status(fmt.Sprintf("waiting for NATS at %s (attempt %d: %v; next in %s)", where, attempt, err, delay))
		log.Warn().Err(err).Str("nats", where).Int("attempt", attempt).Dur("retry_in", delay).
			Msg("nats not reachable; retrying (/readyz answers 503 until it is)")
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connect to NATS at %s: gave up after %d attempts: %w", where, attempt, err)
		case <-time.After(delay):
		}
		delay = min(2*delay, maxConnectRetry)
	}
}

// unreachable reports whether a connection error means no server answered
// (down, starting, a network problem), which waiting may fix.
func unreachable(err error) bool {
	var netErr net.Error
	return errors.Is(err, nats.ErrNoServers) || errors.Is(err, nats.ErrTimeout) || errors.As(err, &netErr)
}

// checkServerVersion refuses a server older than MinNATSServer, naming both.
func checkServerVersion(v string) error {
	got, ok := parseVersion(v)
	if !ok {
		return fmt.Errorf("nats-server reports version %q, which breachd cannot read; it needs %s or later", v, MinNATSServer)
	}
	want, _ := parseVersion(MinNATSServer)
	for i := range got {
		if got[i] != want[i] {
			if got[i] < want[i] {
				return fmt.Errorf("nats-server %s is older than %s, the oldest breachd runs on: upgrade the server", v, MinNATSServer)
			}
			return nil
		}
	}
	return nil
}

// parseVersion reads major.minor.patch of "2.9.10", "v2.10.0-beta.1" or
// "2.11.0+build".
func parseVersion(v string) ([3]int, bool) {
	var out [3]int
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

// redactURLs is a comma-separated list of server URLs with any password
// replaced, for logs and errors.
func redactURLs(list string) string {
	urls := strings.Split(list, ",")
	for i, u := range urls {
		u = strings.TrimSpace(u)
		if p, err := url.Parse(u); err == nil && p.User != nil {
			if _, has := p.User.Password(); has {
				u = p.Redacted()
			} else {
				// A token or a user alone is a secret too.
				p.User = url.User("xxxxx")
				u = p.String()
			}
		}
		urls[i] = u
	}
	return strings.Join(urls, ",")
}

// connectOptions are breachd's client options, for the external server
// (and, with its identity, for the embedded one).
func connectOptions(cfg *Config, log zerolog.Logger) []nats.Option {
	opts := []nats.Option{
		nats.Name("breachd"),
		nats.CustomInboxPrefix(breachdInboxPrefix),
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
	if cfg.NATS.NKey != "" {
		nkey, err := nats.NkeyOptionFromSeed(cfg.NATS.NKey)
		if err != nil {
			// Connect reports it, as it reports an unreadable creds file.
			nkey = func(*nats.Options) error { return fmt.Errorf("nats_nkey: %w", err) }
		}
		opts = append(opts, nkey)
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
// summary of where everything is. A fatal line is also passed to fatal,
// and a critical write error to writeErrs (if nobody is waiting, they are
// only logged). The line of each publish a failing stream refuses is
// thinned, as breachd's own lines in a storm are.
type natsLogger struct {
	log         zerolog.Logger
	fatal       chan<- string
	writeErrs   chan<- string
	storeFailed *lograte.Limiter
}

func (l natsLogger) Noticef(format string, v ...any) { l.log.Debug().Msgf(format, v...) }
func (l natsLogger) Warnf(format string, v ...any) {
	// The producers' password is plain in the server's options: it is
	// random, kept in a 0600 file, and sent on loopback only; a bcrypt
	// hash would cost every connection (Falcosidekick connects per
	// alert) tens of milliseconds.
	if strings.HasPrefix(format, "Plaintext passwords detected") {
		l.log.Debug().Msgf(format, v...)
		return
	}
	l.log.Warn().Msgf(format, v...)
}
func (l natsLogger) Fatalf(format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	l.log.Error().Msg(msg)
	select {
	case l.fatal <- msg:
	default:
	}
}
func (l natsLogger) Errorf(format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	switch {
	case strings.HasPrefix(format, "JetStream failed to store a msg"):
		l.storeFailed.Event(time.Now(), l.log.Error()).Msg(msg)
		return
	case strings.Contains(strings.ToLower(format), "critical write error"):
		select {
		case l.writeErrs <- msg:
		default:
		}
	}
	l.log.Error().Msg(msg)
}
func (l natsLogger) Debugf(format string, v ...any) { l.log.Debug().Msgf(format, v...) }
func (l natsLogger) Tracef(format string, v ...any) { l.log.Trace().Msgf(format, v...) }
