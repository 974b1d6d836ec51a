package daemon

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/agnivade/levenshtein"
)

// setting ties one Config field to its flag, environment variable and
// config key. The flag is --name, the variable BREACHD_NAME (upper case,
// dashes as underscores), the key name with underscores.
type setting struct {
	name  string
	usage string
	// boolean settings are flags that need no value.
	boolean bool
	set     func(c *Config, v string) error
	get     func(c *Config) string
	// alias is a second environment variable read when the BREACHD_ one
	// is unset (SLACK_BOT_TOKEN, as Slack's own tools name it).
	alias string
}

// withAlias gives a setting a second environment variable.
func withAlias(s setting, env string) setting {
	s.alias = env
	return s
}

// Env is the environment variable of a setting.
func (s setting) Env() string {
	return "BREACHD_" + strings.ToUpper(strings.ReplaceAll(s.name, "-", "_"))
}

// Key is the config file key of a setting.
func (s setting) Key() string { return strings.ReplaceAll(s.name, "-", "_") }

func str(name, usage string, field func(*Config) *string) setting {
	return setting{name: name, usage: usage,
		set: func(c *Config, v string) error { *field(c) = v; return nil },
		get: func(c *Config) string { return *field(c) }}
}

func dur(name, usage string, field func(*Config) *time.Duration) setting {
	return setting{name: name, usage: usage,
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%q is not a duration such as 90s, 15m or 24h", v)
			}
			*field(c) = d
			return nil
		},
		get: func(c *Config) string { return field(c).String() }}
}

func num(name, usage string, field func(*Config) *int) setting {
	return setting{name: name, usage: usage,
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("%q is not a whole number", v)
			}
			*field(c) = n
			return nil
		},
		get: func(c *Config) string { return strconv.Itoa(*field(c)) }}
}

func list(name, usage string, field func(*Config) *[]string) setting {
	return setting{name: name, usage: usage,
		set: func(c *Config, v string) error {
			var out []string
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
			*field(c) = out
			return nil
		},
		get: func(c *Config) string { return strings.Join(*field(c), ",") }}
}

func durs(name, usage string, field func(*Config) *[]time.Duration) setting {
	return setting{name: name, usage: usage,
		set: func(c *Config, v string) error {
			var out []time.Duration
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part == "" {
					continue
				}
				d, err := time.ParseDuration(part)
				if err != nil {
					return fmt.Errorf("%q is not a duration such as 24h or 30m", part)
				}
				out = append(out, d)
			}
			*field(c) = out
			return nil
		},
		get: func(c *Config) string {
			parts := make([]string, len(*field(c)))
			for i, d := range *field(c) {
				parts[i] = d.String()
			}
			return strings.Join(parts, ",")
		}}
}

// jsonValue is a structured setting: a list or an object in the YAML file,
// JSON in a flag or the environment.
func jsonValue(name, usage string, field func(*Config) any) setting {
	return setting{name: name, usage: usage,
		set: func(c *Config, v string) error {
			// Into a fresh value: a map would otherwise keep the keys an
			// earlier source (the file) set, where the later one wins.
			dst := reflect.ValueOf(field(c)).Elem()
			fresh := reflect.New(dst.Type())
			dec := json.NewDecoder(strings.NewReader(v))
			dec.DisallowUnknownFields()
			if err := dec.Decode(fresh.Interface()); err != nil {
				return fmt.Errorf("not the JSON this setting takes: %v", err)
			}
			dst.Set(fresh.Elem())
			return nil
		},
		get: func(c *Config) string {
			raw, _ := json.Marshal(field(c))
			return string(raw)
		}}
}

func boolean(name, usage string, field func(*Config) *bool) setting {
	return setting{name: name, usage: usage, boolean: true,
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			*field(c) = b
			return nil
		},
		get: func(c *Config) string { return strconv.FormatBool(*field(c)) }}
}

// Settings lists every setting, in the order of --help and of the
// configuration table of docs/operators.md.
func settings() []setting {
	return []setting{
		str("data-dir", "directory for the database (breachd.db) and the embedded NATS store", func(c *Config) *string { return &c.DataDir }),
		str("http-addr", "address of the HTTP API", func(c *Config) *string { return &c.API.HTTPAddr }),
		str("api-token-file", "file holding the API bearer token (or set BREACHD_API_TOKEN)", func(c *Config) *string { return &c.API.TokenFile }),
		str("nats-listen", "address of the embedded NATS server, loopback only unless --nats-listen-tls-cert is set (clients need an identity from <data-dir>/nats); port 0 picks a free one, \"none\" serves in-process only", func(c *Config) *string { return &c.NATS.Listen }),
		str("nats-listen-tls-cert", "certificate file (PEM, with its chain) of the embedded NATS server: every client must then use TLS, and --nats-listen may be an address other hosts reach", func(c *Config) *string { return &c.NATS.ListenTLSCert }),
		str("nats-listen-tls-key", "private key file (PEM) of --nats-listen-tls-cert", func(c *Config) *string { return &c.NATS.ListenTLSKey }),
		str("nats-url", "use this NATS server or cluster instead of the embedded one (comma-separated URLs)", func(c *Config) *string { return &c.NATS.URL }),
		str("nats-creds", "credentials file for --nats-url", func(c *Config) *string { return &c.NATS.Creds }),
		str("nats-nkey", "nkey seed file for --nats-url (instead of --nats-creds)", func(c *Config) *string { return &c.NATS.NKey }),
		str("nats-tls-ca", "CA certificate file to verify --nats-url", func(c *Config) *string { return &c.NATS.TLSCA }),
		str("nats-tls-cert", "client certificate file for --nats-url", func(c *Config) *string { return &c.NATS.TLSCert }),
		str("nats-tls-key", "client key file for --nats-url", func(c *Config) *string { return &c.NATS.TLSKey }),
		str("nats-server-name", "this node's name: of its embedded NATS server in the cluster, and in the lease (default: the host name)", func(c *Config) *string { return &c.NATS.ServerName }),
		str("nats-cluster-listen", "address the embedded NATS server takes routes from the other nodes' servers on (host:port), making it one of a cluster; loopback only unless --nats-cluster-tls-cert is set", func(c *Config) *string { return &c.NATS.Cluster.Listen }),
		list("nats-routes", "the cluster's route addresses, nats-route://host:port, comma-separated (this node's own may be listed: it is skipped)", func(c *Config) *[]string { return &c.NATS.Cluster.Routes }),
		str("nats-cluster-name", "the NATS cluster's name, the same on every node", func(c *Config) *string { return &c.NATS.Cluster.Name }),
		str("nats-cluster-tls-cert", "certificate file (PEM) the embedded NATS server shows its route peers; with --nats-cluster-tls-key and --nats-cluster-tls-ca every route is mutual TLS", func(c *Config) *string { return &c.NATS.Cluster.TLSCert }),
		str("nats-cluster-tls-key", "private key file (PEM) of --nats-cluster-tls-cert", func(c *Config) *string { return &c.NATS.Cluster.TLSKey }),
		str("nats-cluster-tls-ca", "CA certificate file (PEM) a route peer's certificate must be signed by", func(c *Config) *string { return &c.NATS.Cluster.TLSCA }),
		str("nats-sync", "embedded JetStream fsync policy: interval (every 2 minutes) or always (before every publish ack)", func(c *Config) *string { return &c.NATS.Sync }),
		str("log-level", "trace, debug, info, warn or error", func(c *Config) *string { return &c.Log.Level }),
		str("log-format", "json or console", func(c *Config) *string { return &c.Log.Format }),
		num("memory-limit-mib", "soft memory limit of the Go runtime in MiB (0: none; GOMEMLIMIT wins)", func(c *Config) *int { return &c.MemoryLimitMiB }),
		dur("dedup-window", "an alert folds into the open incident of its fingerprint within this window of its last alert", func(c *Config) *time.Duration { return &c.Ingest.DedupWindow }),
		dur("correlation-window", "an alert of another fingerprint joins an open incident with its correlation key within this window", func(c *Config) *time.Duration { return &c.Ingest.CorrelationWindow }),
		list("correlate-by", "alert fields making up the correlation key (asset.id, asset.type, asset.tenant, source, kind, labels.NAME); empty turns correlation off", func(c *Config) *[]string { return &c.Ingest.CorrelateBy }),
		num("flood-threshold", "duplicates a minute an incident lists on its timeline; past it they are counted only (0: list every alert)", func(c *Config) *int { return &c.Ingest.FloodThreshold }),
		list("redact", "patterns of personal data and secrets replaced in alert text before anything is stored: email, card, iban, ssn, nric, nino, aws_key, jwt, bearer, slack_token, github_token, phone, ip, or name=regexp; empty: none", func(c *Config) *[]string { return &c.Ingest.Redact }),
		list("redact-fields", "alert fields replaced whole (title, description, asset.id, asset.tenant, fingerprint, labels.NAME)", func(c *Config) *[]string { return &c.Ingest.RedactFields }),
		jsonValue("correlation-rules", "per source or kind, which fields group alerts and for how long: a list of {source, kind, correlate_by, window} (JSON in a flag or the environment)", func(c *Config) any { return &c.Ingest.CorrelationRules }),
		jsonValue("severity-map", "more spellings of severity labels (Alertmanager's severity label) and the severity each means, added to the built-in table (P0-P5, SEV0-SEV5, page, error, warning, ...): {\"urgent\": \"critical\"} (JSON in a flag or the environment)", func(c *Config) any { return &c.Ingest.SeverityMap }),
		dur("max-future-skew", "how far in the future an alert's time may lie", func(c *Config) *time.Duration { return &c.Ingest.MaxFutureSkew }),
		list("falco-subjects", "subjects Falcosidekick publishes on, captured by the ALERTS stream and decoded as Falco events (empty: none)", func(c *Config) *[]string { return &c.Ingest.FalcoSubjects }),
		dur("stream-max-age", "how long the ALERTS stream keeps alerts", func(c *Config) *time.Duration { return &c.Ingest.StreamMaxAge }),
		dur("duplicate-window", "how long the stream drops repeats of a Nats-Msg-Id", func(c *Config) *time.Duration { return &c.Ingest.DuplicateWindow }),
		num("stream-replicas", "replicas of breachd's streams and buckets: 1, or 3 on a three-node cluster (embedded or --nats-url)", func(c *Config) *int { return &c.Ingest.StreamReplicas }),
		num("batch-size", "most alerts committed in one transaction", func(c *Config) *int { return &c.Ingest.BatchSize }),
		num("max-ack-pending", "most alerts delivered and not yet acknowledged", func(c *Config) *int { return &c.Ingest.MaxAckPending }),
		dur("ack-wait", "how long NATS waits for an alert's ack before redelivering it (a crashed daemon's alerts come back after this)", func(c *Config) *time.Duration { return &c.Ingest.AckWait }),
		num("max-deliver", "deliveries of an alert whose own commit keeps failing (while others commit) before it is given up; a store that commits nothing uses none", func(c *Config) *int { return &c.Ingest.MaxDeliver }),
		durs("reminder-offsets", "how long before each notification deadline a reminder goes out (comma-separated; empty: none)", func(c *Config) *[]time.Duration { return &c.Regulatory.ReminderOffsets }),
		dur("reminder-interval", "how often due reminders and overdue marks are looked for", func(c *Config) *time.Duration { return &c.ReminderInterval }),
		dur("lease-ttl", "on a cluster: how long the leader's lease outlives its last renewal, the longest a failover waits for a vanished leader; the same on every node", func(c *Config) *time.Duration { return &c.HA.LeaseTTL }),
		num("snapshot-every-records", "on a cluster: state log records between the leader's snapshots (the log is trimmed behind them)", func(c *Config) *int { return &c.HA.SnapshotEvery }),
		dur("snapshot-interval", "on a cluster: the longest the leader goes without a snapshot while records come in", func(c *Config) *time.Duration { return &c.HA.SnapshotInterval }),
		str("api-url", "on a cluster: the URL other nodes and clients reach this node's API at, where standbys redirect writes while it leads (default http://<http-addr>)", func(c *Config) *string { return &c.HA.APIURL }),
		dur("checkpoint-interval", "how often the timeline heads that moved are signed into a checkpoint (also at each clean stop)", func(c *Config) *time.Duration { return &c.CheckpointInterval }),
		str("catalog-file", "regulation catalog YAML replacing the embedded one (start from regulations/catalog.yaml)", func(c *Config) *string { return &c.Regulatory.CatalogFile }),
		str("calendars-file", "holiday calendars YAML replacing the embedded ones (start from regulations/deadline/calendars.yaml)", func(c *Config) *string { return &c.Regulatory.CalendarsFile }),
		str("data-map-file", "YAML map of assets to the personal data they hold; seeds new incidents' breach facts", func(c *Config) *string { return &c.Regulatory.DataMapFile }),
		str("playbooks", "directory of playbook files (*.yaml) to run; empty runs the shipped examples (playbooks/examples); reloaded on SIGHUP and POST /api/v1/playbooks/reload", func(c *Config) *string { return &c.Runs.Playbooks }),
		boolean("example-actuator", "serve the example actuator in the daemon: playbook actions are answered by logging what they would do (for make run; never in production)", func(c *Config) *bool { return &c.Runs.ExampleActuator }),
		str("organisation-file", "YAML with the organisation's name, contact point and regulators, for notification drafts", func(c *Config) *string { return &c.Regulatory.OrganisationFile }),
		str("console-users-file", "YAML file of the web console's local users: name, password_hash (breachctl console hash-password), roles (viewer, responder, privacy, admin); owner-only", func(c *Config) *string { return &c.Console.UsersFile }),
		str("console-oidc-issuer", "OpenID Connect issuer URL people sign in to the console with", func(c *Config) *string { return &c.Console.OIDCIssuer }),
		str("console-oidc-client-id", "the console's client id at the OpenID Connect provider", func(c *Config) *string { return &c.Console.OIDCClientID }),
		str("console-oidc-client-secret-file", "file holding the console's OpenID Connect client secret (or set BREACHD_CONSOLE_OIDC_CLIENT_SECRET)", func(c *Config) *string { return &c.Console.OIDCClientSecretFile }),
		str("console-oidc-redirect-url", "the redirect URL registered with the provider: https://HOST/console/oidc/callback", func(c *Config) *string { return &c.Console.OIDCRedirectURL }),
		str("console-oidc-groups-claim", "the ID token claim listing a person's groups (default groups)", func(c *Config) *string { return &c.Console.OIDCGroupsClaim }),
		list("console-oidc-roles", "which provider group gives which console role: GROUP=ROLE,… (ROLE: viewer, responder, privacy, admin)", func(c *Config) *[]string { return &c.Console.OIDCRoles }),
		boolean("console-secure-cookies", "mark the console's session cookies Secure: it is reached over HTTPS (needed to serve it beyond loopback)", func(c *Config) *bool { return &c.Console.SecureCookies }),
		list("console-trusted-proxies", "reverse proxies in front of the console (IP addresses or CIDR prefixes): their requests count as from the address they give in X-Forwarded-For, for the password failure limit", func(c *Config) *[]string { return &c.Console.TrustedProxies }),
		withAlias(str("slack-bot-token", "Slack bot token (xoxb-); Slack is off without it (or set SLACK_BOT_TOKEN)", func(c *Config) *string { return &c.Slack.BotToken }), "SLACK_BOT_TOKEN"),
		withAlias(str("slack-app-token", "Slack app-level token (xapp-) for Socket Mode (or set SLACK_APP_TOKEN)", func(c *Config) *string { return &c.Slack.AppToken }), "SLACK_APP_TOKEN"),
		withAlias(str("slack-signing-secret", "Slack signing secret; serves /slack/events, /slack/interactions and /slack/commands (or set SLACK_SIGNING_SECRET)", func(c *Config) *string { return &c.Slack.SigningSecret }), "SLACK_SIGNING_SECRET"),
		withAlias(str("slack-api-url", "Slack Web API base URL (GovSlack, tests) (or set SLACK_API_URL)", func(c *Config) *string { return &c.Slack.APIURL }), "SLACK_API_URL"),
		withAlias(str("slack-channel", "Slack channel id new incidents are posted to (or set SLACK_CHANNEL)", func(c *Config) *string { return &c.Slack.Channel }), "SLACK_CHANNEL"),
		withAlias(list("slack-responders", "Slack user and user group ids allowed to change incidents from Slack (comma-separated; empty: anyone) (or set SLACK_RESPONDERS)", func(c *Config) *[]string { return &c.Slack.Responders }), "SLACK_RESPONDERS"),
		str("slack-oncall-group", "Slack user group id that deadline reminders mention", func(c *Config) *string { return &c.Slack.OnCallGroup }),
		str("slack-escalation-group", "Slack user group id also mentioned when a deadline has passed", func(c *Config) *string { return &c.Slack.EscalationGroup }),
		list("slack-severity-channels", "route new incidents by severity: severity=channel id pairs (critical=C0123456789); others go to --slack-channel", func(c *Config) *[]string { return &c.Slack.SeverityChannels }),
		list("slack-playbook-channels", "route new incidents by playbook: playbook=channel id pairs (ransomware-host=C0123456789); the first listed whose playbook runs on the incident wins, before --slack-severity-channels", func(c *Config) *[]string { return &c.Slack.PlaybookChannels }),
		str("slack-incident-channels", "lowest severity (info, low, medium, high, critical) whose incidents get a private Slack channel of their own at once; empty: only when asked for", func(c *Config) *string { return &c.Slack.IncidentChannels }),
		list("slack-redact", "what Slack messages hide: fields (title, asset.id, asset.type, asset.tenant, sources, kinds) replaced whole, and redaction patterns as --redact takes them (email, phone, ip, card…, or name=regexp)", func(c *Config) *[]string { return &c.Slack.Redact }),
	}
}

// flagError rewords a flag parsing error: an unknown flag names the closest
// known one.
func flagError(fs *flag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return fmt.Errorf("%w (breachd --help lists the flags)", err)
	}
	best, bestD := "", 4
	fs.VisitAll(func(f *flag.Flag) {
		if d := levenshtein.ComputeDistance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	if best == "" {
		// --playbooks-dir for --playbooks: a flag the name starts with.
		fs.VisitAll(func(f *flag.Flag) {
			if strings.HasPrefix(name, f.Name) && len(f.Name) > len(best) {
				best = f.Name
			}
		})
	}
	if best == "" {
		return fmt.Errorf("unknown flag --%s (breachd --help lists the flags)", name)
	}
	return fmt.Errorf("unknown flag --%s: did you mean --%s? (breachd --help lists the flags)", name, best)
}

// ErrHelp is returned by LoadConfig when --help was asked for.
var ErrHelp = flag.ErrHelp

// ErrVersion is returned by LoadConfig when --version was asked for: the
// caller prints the version and exits.
var ErrVersion = errors.New("version requested")

// LoadConfig builds the configuration from, in rising precedence, the
// defaults, the config file (--config or BREACHD_CONFIG), the BREACHD_
// environment variables and the flags. getenv reads the environment; usage
// receives --help.
func LoadConfig(args []string, getenv func(string) string, usage io.Writer) (Config, error) {
	all := settings()
	fs := flag.NewFlagSet("breachd", flag.ContinueOnError)
	// Errors are returned, not printed with the whole usage: only --help
	// prints it.
	fs.SetOutput(io.Discard)
	configPath := fs.String("config", getenv("BREACHD_CONFIG"), "YAML config file (env BREACHD_CONFIG)")
	showVersion := fs.Bool("version", false, "print the version, commit and date of this build, and exit")
	type given struct {
		s setting
		v string
	}
	var flags []given
	def := Default()
	for _, s := range all {
		help := fmt.Sprintf("%s (env %s, default %q)", s.usage, s.Env(), s.get(&def))
		record := func(v string) error {
			flags = append(flags, given{s, v})
			return nil
		}
		if s.boolean {
			// --name alone means true; --name=false is accepted too.
			fs.BoolFunc(s.name, help, record)
		} else {
			fs.Func(s.name, help, record)
		}
	}
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(usage, "breachd: breach incident response daemon\n\nUsage: breachd [flags]\n\nFlags:\n")
			fs.SetOutput(usage)
			fs.PrintDefaults()
			return Config{}, err
		}
		return Config{}, flagError(fs, err)
	}
	if *showVersion {
		return Config{}, ErrVersion
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q (breachd takes only flags; see --help)", fs.Arg(0))
	}

	cfg := Default()
	if *configPath != "" {
		if err := cfg.LoadFile(*configPath); err != nil {
			return Config{}, err
		}
	}
	var errs []error
	for _, s := range all {
		v := getenv(s.Env())
		if v == "" && s.alias != "" {
			v = getenv(s.alias)
		}
		if v != "" {
			if err := s.set(&cfg, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", s.Env(), err))
			}
		}
	}
	for _, g := range flags {
		if err := g.s.set(&cfg, g.v); err != nil {
			errs = append(errs, fmt.Errorf("--%s: %w", g.s.name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	if err := cfg.API.LoadToken(getenv("BREACHD_API_TOKEN")); err != nil {
		return Config{}, err
	}
	if _, err := cfg.validateAndLoad(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
