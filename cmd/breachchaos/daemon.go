package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// stopTimeout bounds how long a SIGTERM'd daemon may take to exit before it
// is killed and the run fails.
const stopTimeout = 30 * time.Second

// daemon is the breachd child process, restarted on the same data
// directory and ports each cycle.
type daemon struct {
	bin, dataDir       string
	httpAddr, natsAddr string
	log                *os.File // the child's stdout and stderr, all runs appended
	cmd                *exec.Cmd
	exited             chan struct{} // closed when cmd has been waited for
	exitErr            error
	starts             int
}

// newDaemon picks two free loopback ports and opens the log file.
func newDaemon(bin, dataDir, logPath string) (*daemon, error) {
	httpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	natsAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("breachd log: %w", err)
	}
	return &daemon{bin: bin, dataDir: dataDir, httpAddr: httpAddr, natsAddr: natsAddr, log: log}, nil
}

// freeAddr asks the kernel for a free loopback port. The port is free
// again when breachd takes it; another process could take it first, which
// the start then reports.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (d *daemon) apiURL() string  { return "http://" + d.httpAddr }
func (d *daemon) natsURL() string { return "nats://" + d.natsAddr }

// start runs breachd. The environment's BREACHD_* variables are left out,
// so that an operator's settings (a token, a config file) do not change
// what is tested; --ack-wait is short so that the alerts a killed daemon
// had not acknowledged come back within seconds.
func (d *daemon) start() error {
	cmd := exec.Command(d.bin,
		"--data-dir", d.dataDir,
		"--http-addr", d.httpAddr,
		"--nats-listen", d.natsAddr,
		"--ack-wait", "2s",
		"--log-format", "json",
	)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BREACHD_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Stdout, cmd.Stderr = d.log, d.log
	fmt.Fprintf(d.log, "=== breachchaos: start %d at %s\n", d.starts+1, time.Now().Format(time.RFC3339Nano))
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start breachd: %w", err)
	}
	d.cmd, d.exited, d.exitErr = cmd, make(chan struct{}), nil
	d.starts++
	go func() {
		d.exitErr = cmd.Wait()
		close(d.exited)
	}()
	return nil
}

// waitReady polls /readyz until it answers 200, breachd exits, or timeout
// passes; the error then carries the last answer.
func (d *daemon) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last := "no answer"
	for {
		status, body, err := d.get(ctx, "/readyz")
		switch {
		case err == nil && status == http.StatusOK:
			return nil
		case err == nil:
			last = fmt.Sprintf("HTTP %d %s", status, strings.Join(strings.Fields(body), " "))
		default:
			last = err.Error()
		}
		select {
		case <-d.exited:
			return fmt.Errorf("breachd exited before it was ready (%v); see %s", d.exitErr, d.log.Name())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("/readyz not ready after %s: %s", timeout, last)
		}
	}
}

// get fetches path from the API.
func (d *daemon) get(ctx context.Context, path string) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.apiURL()+path, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, string(b), err
}

// readyz says in one line what /readyz answers.
func (d *daemon) readyz(ctx context.Context) string {
	status, body, err := d.get(ctx, "/readyz")
	if err != nil {
		return "no answer (" + err.Error() + ")"
	}
	return fmt.Sprintf("HTTP %d %s", status, strings.Join(strings.Fields(body), " "))
}

// stop sends sig and waits for breachd to exit. A SIGTERM that does not
// stop it within stopTimeout is an error (it is killed then).
func (d *daemon) stop(sig syscall.Signal) error {
	if d.cmd == nil {
		return nil
	}
	select {
	case <-d.exited:
		return fmt.Errorf("breachd had exited on its own (%v); see %s", d.exitErr, d.log.Name())
	default:
	}
	if err := d.cmd.Process.Signal(sig); err != nil {
		return fmt.Errorf("signal breachd: %w", err)
	}
	select {
	case <-d.exited:
	case <-time.After(stopTimeout):
		_ = d.cmd.Process.Kill()
		<-d.exited
		return fmt.Errorf("breachd did not exit within %s of %s; killed", stopTimeout, sig)
	}
	if sig == syscall.SIGTERM && d.exitErr != nil {
		return fmt.Errorf("breachd stopped on SIGTERM with %v; see %s", d.exitErr, d.log.Name())
	}
	return nil
}

// close stops a running breachd cleanly (killing it if it will not) and
// closes the log.
func (d *daemon) close() error {
	var err error
	if d.cmd != nil {
		select {
		case <-d.exited:
		default:
			err = d.stop(syscall.SIGTERM)
		}
	}
	return errors.Join(err, d.log.Close())
}
