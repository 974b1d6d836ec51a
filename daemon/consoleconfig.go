package daemon

import (
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"

	"github.com/breachd/breachd/signin"
)

// ConsoleConfig is how people sign in to the web console: a local users
// file, the organisation's OpenID Connect provider, or neither (then the
// console is read-only and served on loopback only).
type ConsoleConfig struct {
	// UsersFile lists local users with their password hashes and roles
	// (breachctl console hash-password makes a hash).
	UsersFile string `yaml:"console_users_file"`
	// The OpenID Connect provider: its issuer URL, breachd's client id and
	// secret (a file, or BREACHD_CONSOLE_OIDC_CLIENT_SECRET), the redirect
	// URL registered with it (https://HOST/console/oidc/callback), the
	// claim that lists a person's groups, and which group gives which
	// role (GROUP=ROLE, ROLE one of viewer, responder, privacy, admin).
	OIDCIssuer           string   `yaml:"console_oidc_issuer"`
	OIDCClientID         string   `yaml:"console_oidc_client_id"`
	OIDCClientSecretFile string   `yaml:"console_oidc_client_secret_file"`
	OIDCRedirectURL      string   `yaml:"console_oidc_redirect_url"`
	OIDCGroupsClaim      string   `yaml:"console_oidc_groups_claim"`
	OIDCRoles            []string `yaml:"console_oidc_roles"`
	// SecureCookies marks the session cookies Secure: the console is
	// reached over HTTPS (a proxy in front of breachd). Required to serve
	// it on an address other hosts reach.
	SecureCookies bool `yaml:"console_secure_cookies"`
	// TrustedProxies are the reverse proxies in front of the console
	// (addresses or CIDR prefixes): a request from one is counted, for the
	// password failure limit and the log, as from the address it gives in
	// X-Forwarded-For.
	TrustedProxies []string `yaml:"console_trusted_proxies"`
}

// consoleSecretEnv is the variable the OIDC client secret may come from.
const consoleSecretEnv = "BREACHD_CONSOLE_OIDC_CLIENT_SECRET"

// Validate checks the settings and names the key of each problem.
func (c *ConsoleConfig) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	oidc := c.OIDCIssuer != "" || c.OIDCClientID != "" || c.OIDCRedirectURL != "" || len(c.OIDCRoles) > 0 || c.OIDCClientSecretFile != ""
	if oidc {
		for key, v := range map[string]string{"console_oidc_issuer": c.OIDCIssuer, "console_oidc_client_id": c.OIDCClientID, "console_oidc_redirect_url": c.OIDCRedirectURL} {
			if v == "" {
				bad(key, "is required with an OpenID Connect provider")
			}
		}
		if len(c.OIDCRoles) == 0 {
			bad("console_oidc_roles", "is required with an OpenID Connect provider: which group gives which role (GROUP=ROLE)")
		}
	}
	if _, err := c.groups(); err != nil {
		bad("console_oidc_roles", "%v", err)
	}
	if _, err := c.proxies(); err != nil {
		bad("console_trusted_proxies", "%v", err)
	}
	return errors.Join(errs...)
}

// groups parses OIDCRoles.
func (c *ConsoleConfig) groups() (map[string]signin.Role, error) {
	groups := map[string]signin.Role{}
	for _, entry := range c.OIDCRoles {
		group, name, ok := strings.Cut(entry, "=")
		if !ok || strings.TrimSpace(group) == "" {
			return nil, fmt.Errorf("%q is not GROUP=ROLE", entry)
		}
		role, err := signin.ParseRole(strings.TrimSpace(name))
		if err != nil {
			return nil, fmt.Errorf("%q: %w", entry, err)
		}
		groups[strings.TrimSpace(group)] = role
	}
	return groups, nil
}

// proxies parses TrustedProxies: an address is a prefix of its own.
func (c *ConsoleConfig) proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range c.TrustedProxies {
		if p, err := netip.ParsePrefix(v); err == nil {
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR prefix", v)
		}
		out = append(out, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
	}
	return out, nil
}

// ResolvePaths makes the relative paths relative to dir, the config
// file's directory.
func (c *ConsoleConfig) ResolvePaths(dir string) {
	resolvePaths(dir, &c.UsersFile, &c.OIDCClientSecretFile)
}

// signinConfig is the sign-in package's configuration, its session key
// kept in the data directory.
func (c *ConsoleConfig) signinConfig(dataDir string) (signin.Config, error) {
	proxies, err := c.proxies()
	if err != nil {
		return signin.Config{}, err
	}
	cfg := signin.Config{
		UsersFile:      c.UsersFile,
		KeyFile:        filepath.Join(dataDir, "console.key"),
		SecureCookies:  c.SecureCookies,
		TrustedProxies: proxies,
	}
	if c.OIDCIssuer == "" {
		return cfg, nil
	}
	groups, err := c.groups()
	if err != nil {
		return cfg, err
	}
	cfg.OIDC = &signin.OIDCConfig{
		Issuer:       c.OIDCIssuer,
		ClientID:     c.OIDCClientID,
		RedirectURL:  c.OIDCRedirectURL,
		GroupsClaim:  c.OIDCGroupsClaim,
		Groups:       groups,
		ProviderName: "your organisation",
	}
	if c.OIDCClientSecretFile != "" {
		cfg.OIDC.ClientSecretFile = c.OIDCClientSecretFile
	} else {
		cfg.OIDC.ClientSecretEnv = consoleSecretEnv
	}
	return cfg, nil
}
