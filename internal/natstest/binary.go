package natstest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ProgramsEnv lists the nats-server programs tests run as external
// brokers, comma-separated (say Debian's 2.9 and a 2.10); without it, the
// nats-server on PATH (Debian's package: apt-get install nats-server) is
// the one.
const ProgramsEnv = "BREACHD_TEST_NATS_SERVERS"

// Programs are the nats-server programs to test against. The test is
// skipped, saying how to run it, when there is none.
func Programs(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, p := range strings.Split(os.Getenv(ProgramsEnv), ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		if p, err := exec.LookPath("nats-server"); err == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Skipf("no nats-server program: install one (apt-get install nats-server) or list some in %s", ProgramsEnv)
	}
	return out
}

// Binary is a nats-server program running as its own process, as users
// run it: the behaviour of that release, not of the library version this
// module embeds.
type Binary struct {
	URL     string
	Version string // as the program prints it: "v2.9.10"
}

// Version is what the program says its version is: "v2.9.10".
func Version(t testing.TB, path string) string {
	t.Helper()
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		t.Fatalf("%s --version: %v", path, err)
	}
	// "nats-server: v2.9.10"
	version := strings.TrimSpace(string(out))
	if _, v, ok := strings.Cut(version, ": "); ok {
		version = v
	}
	return version
}

// StartBinary runs the nats-server program at path with JetStream on a
// loopback port and a store in t.TempDir(), and stops it when the test
// ends.
func StartBinary(t testing.TB, path string) *Binary {
	t.Helper()
	return StartBinaryWith(t, path, "")
}

// StartBinaryWith is StartBinary with a server configuration file holding
// config (accounts, users and permissions, say); the address, JetStream
// and its store are given on the command line.
func StartBinaryWith(t testing.TB, path, config string) *Binary {
	t.Helper()
	version := Version(t, path)
	port := FreePort(t)
	var logs bytes.Buffer
	args := []string{"-js", "-sd", t.TempDir(), "-a", "127.0.0.1", "-p", strconv.Itoa(port)}
	if config != "" {
		conf := filepath.Join(t.TempDir(), "nats-server.conf")
		if err := os.WriteFile(conf, []byte(config), 0o600); err != nil {
			t.Fatalf("nats-server config: %v", err)
		}
		args = append(args, "-c", conf)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("nats-server %s log:\n%s", version, logs.String())
		}
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats-server %s did not listen on %s in 10s", version, addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return &Binary{URL: "nats://" + addr, Version: version}
}
