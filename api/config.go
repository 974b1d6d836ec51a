package api

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
)

// Config is the API section of breachd's configuration: where the API
// listens and the bearer token it requires.
type Config struct {
	// HTTPAddr is the address the API listens on.
	HTTPAddr string `yaml:"http_addr"`
	// TokenFile holds the bearer token for /api/ calls. The token may
	// also come from BREACHD_API_TOKEN; it is never a plain config key, so
	// that config files can be shared.
	TokenFile string `yaml:"api_token_file"`
	// Token is read by LoadToken, from BREACHD_API_TOKEN or TokenFile. It
	// is never printed.
	Token string `yaml:"-"`
}

// DefaultConfig listens on loopback, without a token.
func DefaultConfig() Config { return Config{HTTPAddr: "127.0.0.1:8080"} }

// Validate checks the address, and that an API served beyond loopback
// requires a token; each problem names its key.
func (c *Config) Validate() error {
	host, port, err := net.SplitHostPort(c.HTTPAddr)
	switch {
	case err != nil:
		return fmt.Errorf("http_addr: %q is not host:port", c.HTTPAddr)
	case port == "":
		return fmt.Errorf("http_addr: %q has no port", c.HTTPAddr)
	case c.Token == "" && !isLoopback(host):
		return fmt.Errorf("http_addr: %s is not a loopback address and no API token is set: set BREACHD_API_TOKEN or api_token_file, or listen on 127.0.0.1", c.HTTPAddr)
	}
	return nil
}

// ResolvePaths makes a relative token file relative to dir, the config
// file's directory.
func (c *Config) ResolvePaths(dir string) {
	if c.TokenFile != "" && !filepath.IsAbs(c.TokenFile) {
		c.TokenFile = filepath.Join(dir, c.TokenFile)
	}
}

// LoadToken sets Token: fromEnv (BREACHD_API_TOKEN) when set, else the
// content of TokenFile, else none.
func (c *Config) LoadToken(fromEnv string) error {
	if fromEnv != "" {
		c.Token = strings.TrimSpace(fromEnv)
		return nil
	}
	if c.TokenFile == "" {
		c.Token = ""
		return nil
	}
	b, err := os.ReadFile(c.TokenFile)
	if err != nil {
		return fmt.Errorf("api_token_file: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return fmt.Errorf("api_token_file: %s is empty", c.TokenFile)
	}
	c.Token = token
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
