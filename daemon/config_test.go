package daemon

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The defaults are a contract: a config file that says nothing keeps
// meaning what it meant.
func TestTheDefaultsAreUnchanged(t *testing.T) {
	want := map[string]string{
		"data-dir":                        "./data",
		"http-addr":                       "127.0.0.1:8080",
		"api-token-file":                  "",
		"nats-listen":                     "127.0.0.1:4222",
		"nats-listen-tls-cert":            "",
		"nats-listen-tls-key":             "",
		"nats-url":                        "",
		"nats-creds":                      "",
		"nats-nkey":                       "",
		"nats-tls-ca":                     "",
		"nats-tls-cert":                   "",
		"nats-tls-key":                    "",
		"nats-server-name":                "",
		"nats-cluster-listen":             "",
		"nats-routes":                     "",
		"nats-cluster-name":               "breachd",
		"nats-cluster-tls-cert":           "",
		"nats-cluster-tls-key":            "",
		"nats-cluster-tls-ca":             "",
		"nats-sync":                       "interval",
		"log-level":                       "info",
		"log-format":                      "console",
		"memory-limit-mib":                "192",
		"dedup-window":                    "24h0m0s",
		"correlation-window":              "1h0m0s",
		"correlate-by":                    "asset.id,asset.tenant",
		"flood-threshold":                 "100",
		"redact":                          "email,card,iban,ssn,nric,nino,aws_key,jwt,bearer,slack_token,github_token",
		"redact-fields":                   "",
		"correlation-rules":               "null",
		"severity-map":                    "null",
		"max-future-skew":                 "5m0s",
		"falco-subjects":                  "falco.>",
		"stream-max-age":                  "720h0m0s",
		"duplicate-window":                "2m0s",
		"stream-replicas":                 "1",
		"batch-size":                      "4096",
		"max-ack-pending":                 "16384",
		"ack-wait":                        "30s",
		"max-deliver":                     "10",
		"reminder-offsets":                "24h0m0s,4h0m0s,1h0m0s",
		"reminder-interval":               "5s",
		"checkpoint-interval":             "5m0s",
		"lease-ttl":                       "6s",
		"snapshot-every-records":          "10000",
		"snapshot-interval":               "10m0s",
		"api-url":                         "",
		"console-oidc-client-id":          "",
		"console-oidc-client-secret-file": "",
		"console-oidc-groups-claim":       "",
		"console-oidc-issuer":             "",
		"console-oidc-redirect-url":       "",
		"console-oidc-roles":              "",
		"console-secure-cookies":          "false",
		"console-trusted-proxies":         "",
		"console-users-file":              "",
		"catalog-file":                    "",
		"calendars-file":                  "",
		"data-map-file":                   "",
		"playbooks":                       "",
		"example-actuator":                "false",
		"organisation-file":               "",
		"slack-bot-token":                 "",
		"slack-app-token":                 "",
		"slack-signing-secret":            "",
		"slack-api-url":                   "",
		"slack-channel":                   "",
		"slack-responders":                "",
		"slack-oncall-group":              "",
		"slack-escalation-group":          "",
		"slack-severity-channels":         "",
		"slack-playbook-channels":         "",
		"slack-incident-channels":         "",
		"slack-redact":                    "email,phone,ip",
	}
	def := Default()
	got := map[string]string{}
	for _, s := range settings() {
		got[s.name] = s.get(&def)
	}
	require.Equal(t, want, got)
}

// everyKey sets every config key to something other than its default.
const everyKey = `
data_dir: state
http_addr: 127.0.0.1:9000
api_token_file: token
nats_listen: none
nats_listen_tls_cert: listen.pem
nats_listen_tls_key: listen.key
nats_url: nats://nats-1:4222,nats://nats-2:4222
nats_creds: nats.creds
nats_tls_ca: /etc/ca.pem
nats_tls_cert: cert.pem
nats_tls_key: key.pem
nats_server_name: node-2
nats_cluster_listen: 10.0.0.2:6222
nats_routes: [nats-route://10.0.0.1:6222, nats-route://10.0.0.3:6222]
nats_cluster_name: breach-eu
nats_cluster_tls_cert: route.pem
nats_cluster_tls_key: route.key
nats_cluster_tls_ca: /etc/route-ca.pem
nats_sync: always
log_level: debug
log_format: json
memory_limit_mib: 512
dedup_window: 12h
correlation_window: 30m
correlate_by: [asset.id, source]
correlation_rules:
  - {source: falco, correlate_by: [asset.id], window: 10m}
max_future_skew: 1m
severity_map: {P3: high, urgent: critical}
flood_threshold: 7
redact: [email, ip]
redact_fields: [title]
falco_subjects: [falco.events.>]
stream_max_age: 48h
duplicate_window: 5m
stream_replicas: 3
batch_size: 100
max_ack_pending: 1000
max_deliver: 5
ack_wait: 10s
reminder_offsets: [48h, 2h]
reminder_interval: 1s
checkpoint_interval: 2m
lease_ttl: 9s
snapshot_every_records: 500
snapshot_interval: 1m
api_url: https://node-2.example:8443
catalog_file: catalog.yaml
calendars_file: calendars.yaml
data_map_file: data-map.yaml
organisation_file: organisation.yaml
playbooks: playbooks
example_actuator: true
slack_bot_token: xoxb-1
slack_app_token: xapp-1
slack_signing_secret: s3cret
slack_api_url: http://slack.test/api/
slack_channel: C1
slack_responders: [U1, S2]
slack_oncall_group: S3
slack_escalation_group: S4
slack_redact: [title]
slack_severity_channels: [critical=C2]
slack_playbook_channels: [ransomware-host=C3]
slack_incident_channels: high
console_users_file: users.yaml
console_oidc_issuer: https://id.example.com
console_oidc_client_id: breachd
console_oidc_client_secret_file: oidc.secret
console_oidc_redirect_url: https://breachd.example.com/console/oidc/callback
console_oidc_groups_claim: roles
console_oidc_roles: [dpo=privacy, soc=responder]
console_secure_cookies: true
console_trusted_proxies: [10.0.0.0/8, 192.0.2.7]
`

// A config file keeps its flat keys, whatever section of Config holds
// them; relative paths in it are relative to the file.
func TestAFileSettingEveryKeyLoadsEverySetting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "breachd.yaml")
	require.NoError(t, os.WriteFile(path, []byte(everyKey), 0o600))
	cfg := Default()
	require.NoError(t, cfg.LoadFile(path))
	want := map[string]string{
		"data-dir":                        filepath.Join(dir, "state"),
		"http-addr":                       "127.0.0.1:9000",
		"api-token-file":                  filepath.Join(dir, "token"),
		"nats-listen":                     "none",
		"nats-listen-tls-cert":            filepath.Join(dir, "listen.pem"),
		"nats-listen-tls-key":             filepath.Join(dir, "listen.key"),
		"nats-url":                        "nats://nats-1:4222,nats://nats-2:4222",
		"nats-creds":                      filepath.Join(dir, "nats.creds"),
		"nats-nkey":                       "",
		"nats-tls-ca":                     "/etc/ca.pem",
		"nats-tls-cert":                   filepath.Join(dir, "cert.pem"),
		"nats-tls-key":                    filepath.Join(dir, "key.pem"),
		"nats-server-name":                "node-2",
		"nats-cluster-listen":             "10.0.0.2:6222",
		"nats-routes":                     "nats-route://10.0.0.1:6222,nats-route://10.0.0.3:6222",
		"nats-cluster-name":               "breach-eu",
		"nats-cluster-tls-cert":           filepath.Join(dir, "route.pem"),
		"nats-cluster-tls-key":            filepath.Join(dir, "route.key"),
		"nats-cluster-tls-ca":             "/etc/route-ca.pem",
		"nats-sync":                       "always",
		"log-level":                       "debug",
		"log-format":                      "json",
		"memory-limit-mib":                "512",
		"dedup-window":                    "12h0m0s",
		"correlation-window":              "30m0s",
		"correlate-by":                    "asset.id,source",
		"flood-threshold":                 "7",
		"redact":                          "email,ip",
		"redact-fields":                   "title",
		"correlation-rules":               `[{"source":"falco","correlate_by":["asset.id"],"window":"10m"}]`,
		"severity-map":                    `{"P3":"high","urgent":"critical"}`,
		"max-future-skew":                 "1m0s",
		"falco-subjects":                  "falco.events.>",
		"stream-max-age":                  "48h0m0s",
		"duplicate-window":                "5m0s",
		"stream-replicas":                 "3",
		"batch-size":                      "100",
		"max-ack-pending":                 "1000",
		"ack-wait":                        "10s",
		"max-deliver":                     "5",
		"reminder-offsets":                "48h0m0s,2h0m0s",
		"reminder-interval":               "1s",
		"checkpoint-interval":             "2m0s",
		"lease-ttl":                       "9s",
		"snapshot-every-records":          "500",
		"snapshot-interval":               "1m0s",
		"api-url":                         "https://node-2.example:8443",
		"console-oidc-client-id":          "breachd",
		"console-oidc-client-secret-file": filepath.Join(dir, "oidc.secret"),
		"console-oidc-groups-claim":       "roles",
		"console-oidc-issuer":             "https://id.example.com",
		"console-oidc-redirect-url":       "https://breachd.example.com/console/oidc/callback",
		"console-oidc-roles":              "dpo=privacy,soc=responder",
		"console-secure-cookies":          "true",
		"console-trusted-proxies":         "10.0.0.0/8,192.0.2.7",
		"console-users-file":              filepath.Join(dir, "users.yaml"),
		"catalog-file":                    filepath.Join(dir, "catalog.yaml"),
		"calendars-file":                  filepath.Join(dir, "calendars.yaml"),
		"data-map-file":                   filepath.Join(dir, "data-map.yaml"),
		"playbooks":                       filepath.Join(dir, "playbooks"),
		"example-actuator":                "true",
		"organisation-file":               filepath.Join(dir, "organisation.yaml"),
		"slack-bot-token":                 "xoxb-1",
		"slack-app-token":                 "xapp-1",
		"slack-signing-secret":            "s3cret",
		"slack-api-url":                   "http://slack.test/api/",
		"slack-channel":                   "C1",
		"slack-responders":                "U1,S2",
		"slack-oncall-group":              "S3",
		"slack-escalation-group":          "S4",
		"slack-severity-channels":         "critical=C2",
		"slack-playbook-channels":         "ransomware-host=C3",
		"slack-incident-channels":         "high",
		"slack-redact":                    "title",
	}
	got := map[string]string{}
	for _, s := range settings() {
		got[s.name] = s.get(&cfg)
	}
	require.Equal(t, want, got)
	require.Equal(t, filepath.Join(dir, "catalog.yaml"), cfg.Regulatory.CatalogFile, "the regulatory files are the regulatory section's")
	require.Equal(t, filepath.Join(dir, "playbooks"), cfg.Runs.Playbooks, "the playbooks' keys are the runs section's")
	require.Equal(t, "xoxb-1", cfg.Slack.BotToken, "the slack_ keys are the Slack section's")
	require.Equal(t, "json", cfg.Log.Format, "the log_ keys are the log section's")
	require.Equal(t, filepath.Join(dir, "token"), cfg.API.TokenFile, "the API's keys are the API section's")
	require.Equal(t, filepath.Join(dir, "nats.creds"), cfg.NATS.Creds, "the nats_ keys are the NATS section's")
	require.Equal(t, 100, cfg.Ingest.BatchSize, "the stream's and triage's keys are the ingest section's")

	require.NoError(t, cfg.Validate(), "every value is valid, and Validate reads no file")
	_, err := cfg.validateAndLoad()
	require.ErrorContains(t, err, "catalog_file, calendars_file: ", "the files are read when they are loaded")
}

// A relative path the file does not name is left as it was: the default
// data directory stays relative to the working directory.
func TestOnlyThePathsTheFileNamesAreRelativeToIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "breachd.yaml")
	require.NoError(t, os.WriteFile(path, []byte("log_level: warn\n"), 0o600))
	cfg := Default()
	require.NoError(t, cfg.LoadFile(path))
	require.Equal(t, "./data", cfg.DataDir)
}

func TestTheNATSSectionNamesTheKeyOfEachProblem(t *testing.T) {
	for _, tc := range []struct {
		change func(*NATSConfig)
		says   string
	}{
		{func(c *NATSConfig) { c.Listen = "4222" }, `nats_listen: "4222" is not host:port (or "none" for an in-process server only)`},
		{func(c *NATSConfig) { c.Listen = "0.0.0.0:4222" }, "nats_listen: 0.0.0.0:4222 is not a loopback address"},
		{func(c *NATSConfig) { c.Listen = ":4222" }, "nats_listen: :4222 is not a loopback address"},
		{func(c *NATSConfig) { c.Listen = "10.1.2.3:4222" }, "point nats_url at it"},
		{func(c *NATSConfig) { c.URL, c.TLSCert = "nats://n:4222", "c.pem" }, "nats_tls_cert: nats_tls_cert and nats_tls_key go together"},
		{func(c *NATSConfig) { c.Creds = "x.creds" }, "nats_url: nats_creds, nats_nkey and nats_tls_* apply to an external server"},
		{func(c *NATSConfig) { c.NKey = "breachd.nk" }, "nats_url: nats_creds, nats_nkey and nats_tls_* apply to an external server"},
		{func(c *NATSConfig) { c.URL, c.Creds, c.NKey = "nats://n:4222", "b.creds", "b.nk" }, "nats_nkey: nats_creds and nats_nkey are two ways"},
		{func(c *NATSConfig) { c.Sync = "sometimes" }, `nats_sync: "sometimes" (want interval or always)`},
	} {
		c := DefaultNATSConfig()
		require.NoError(t, c.Validate())
		tc.change(&c)
		require.ErrorContains(t, c.Validate(), tc.says)
	}
}

func TestTheEmbeddedNATSServerListensOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:4222", "[::1]:4222", "localhost:0", "none"} {
		c := DefaultNATSConfig()
		c.Listen = addr
		require.NoError(t, c.Validate(), addr)
	}
	c := DefaultNATSConfig()
	c.Listen, c.URL = "0.0.0.0:4222", "nats://nats-1:4222"
	require.NoError(t, c.Validate(), "nats_listen means nothing with an external server")

	c = DefaultNATSConfig()
	c.Listen = "0.0.0.0:4222"
	require.ErrorContains(t, c.Validate(), "nats_listen: 0.0.0.0:4222 is not a loopback address, and the embedded NATS server has no TLS")
	require.ErrorContains(t, c.Validate(), "Set nats_listen_tls_cert and nats_listen_tls_key")
	c.ListenTLSCert, c.ListenTLSKey = "cert.pem", "key.pem"
	require.NoError(t, c.Validate(), "with TLS, other hosts may be served")
	c.ListenTLSKey = ""
	require.ErrorContains(t, c.Validate(), "nats_listen_tls_cert: nats_listen_tls_cert and nats_listen_tls_key go together")
	c.ListenTLSKey, c.Listen = "key.pem", "none"
	require.ErrorContains(t, c.Validate(), "nats_listen_tls_cert: TLS is for the embedded server's listen address: set nats_listen to an address (it is none)")
}

func TestTheLogSectionNamesTheKeyOfEachProblem(t *testing.T) {
	c := DefaultLogConfig()
	require.NoError(t, c.Validate())
	c.Level, c.Format = "loud", "xml"
	err := c.Validate()
	require.ErrorContains(t, err, `log_level: "loud" (want trace, debug, info, warn or error)`)
	require.ErrorContains(t, err, `log_format: "xml" (want json or console)`)
}

func TestTheConsoleSectionNamesTheKeyOfEachProblem(t *testing.T) {
	c := ConsoleConfig{TrustedProxies: []string{"10.0.0.0/8", "proxy.internal"}, OIDCIssuer: "https://id.example.com", OIDCRoles: []string{"dpo=owner"}}
	err := c.Validate()
	require.ErrorContains(t, err, `console_trusted_proxies: "proxy.internal" is neither an IP address nor a CIDR prefix`)
	require.ErrorContains(t, err, "console_oidc_client_id: is required with an OpenID Connect provider")
	require.ErrorContains(t, err, "console_oidc_redirect_url: is required")
	require.ErrorContains(t, err, `console_oidc_roles: "dpo=owner": unknown role`)
	c = ConsoleConfig{TrustedProxies: []string{"10.1.2.3", "::ffff:192.0.2.1", "fd00::/8"}}
	require.NoError(t, c.Validate())
}
