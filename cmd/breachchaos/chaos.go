package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"time"

	"github.com/breachd/breachd/client"
)

// chaos runs breachd, publishes the alerts while disrupting it o.cycles
// times, and checks the outcome. The report is nil only when the run could
// not begin; the error is the reason it failed.
func chaos(ctx context.Context, o options, progress io.Writer) (rep *report, err error) {
	began := time.Now()
	rep = &report{mode: o.mode, alerts: o.alerts}
	d, err := newDaemon(o.breachd, o.dataDir, o.log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := d.close(); cerr != nil {
			fmt.Fprintf(progress, "breachchaos: stopping breachd at the end: %v\n", cerr)
		}
	}()
	if err := d.start(); err != nil {
		return nil, err
	}
	if err := d.waitReady(ctx, o.timeout); err != nil {
		return nil, fmt.Errorf("first start: %w", err)
	}
	fmt.Fprintf(progress, "breachd up: API %s, NATS %s, log %s\n", d.apiURL(), d.natsURL(), o.log)
	// breachd generated the producer's seed at its first start.
	nc, err := connect(d.natsURL(), filepath.Join(o.dataDir, "nats", "producer.nk"))
	if err != nil {
		return nil, err
	}
	defer nc.Close()

	pub := &publisher{n: o.alerts, fingerprints: o.fingerprints, interval: spread(o) / time.Duration(o.alerts)}
	pctx, cancelPub := context.WithCancel(ctx)
	published := make(chan error, 1)
	go func() { published <- pub.run(pctx, nc) }()
	pubRunning := true
	defer func() {
		if pubRunning {
			cancelPub()
			<-published
		}
		cancelPub()
	}()
	finish := func(failure error) (*report, error) {
		rep.restarts = d.starts - 1
		rep.acked, rep.retries = pub.counts()
		rep.elapsed = time.Since(began)
		rep.failure = failure
		return rep, failure
	}

	for c := 1; c <= o.cycles; c++ {
		select {
		case <-ctx.Done():
			return finish(ctx.Err())
		case <-time.After(o.every):
		}
		line, err := disrupt(ctx, o, d, pub)
		rep.cycles = c
		acked, retries := pub.counts()
		fmt.Fprintf(progress, "cycle %d/%d: %s; %d/%d alerts acknowledged, %d publishes tried again\n",
			c, o.cycles, line, acked, o.alerts, retries)
		if err != nil {
			return finish(fmt.Errorf("cycle %d: %w", c, err))
		}
	}

	// The daemon is up: let the publisher finish.
	select {
	case err := <-published:
		pubRunning = false
		if err != nil {
			return finish(fmt.Errorf("publisher: %w", err))
		}
	case <-time.After(o.timeout):
		acked, _ := pub.counts()
		return finish(fmt.Errorf("publisher: %d of %d alerts acknowledged after waiting %s (last error: %v); breachd's /readyz: %s",
			acked, o.alerts, o.timeout, pub.lastError(), d.readyz(ctx)))
	case <-ctx.Done():
		return finish(ctx.Err())
	}
	acked, _ := pub.counts()
	fmt.Fprintf(progress, "all %d alerts acknowledged; waiting for breachd to count them\n", acked)

	cl, err := client.New(client.Options{URL: d.apiURL(), UserAgent: "breachchaos"})
	if err != nil {
		return finish(err)
	}
	incs, err := waitCounted(ctx, cl, int64(acked), o.timeout)
	if err != nil {
		return finish(fmt.Errorf("read the incidents: %w", err))
	}
	rep.checked, rep.counted, rep.incs = true, counted(incs), len(incs)
	if err := checkCounts(incs, acked, o.fingerprints); err != nil {
		return finish(err)
	}
	if err := verifyTimelines(ctx, cl, incs); err != nil {
		return finish(fmt.Errorf("verify: %w", err))
	}
	return finish(nil)
}

// spread is how long the publishing should take: one cycle longer than
// the disruptions, so that alerts are in flight at each of them and after
// the last.
func spread(o options) time.Duration {
	per := o.every
	if o.mode == modeDiskFull {
		per += o.hold
	}
	return time.Duration(o.cycles+1) * per
}

// disrupt carries out one cycle of the mode on d and brings it back, and
// says in a few words what happened.
func disrupt(ctx context.Context, o options, d *daemon, pub *publisher) (string, error) {
	switch o.mode {
	case modeKill, modeTerm:
		sig, name := syscall.SIGKILL, "SIGKILL"
		if o.mode == modeTerm {
			sig, name = syscall.SIGTERM, "SIGTERM"
		}
		t := time.Now()
		if err := d.stop(sig); err != nil {
			return "stop failed", err
		}
		stopped := time.Since(t)
		if err := d.start(); err != nil {
			return "restart failed", err
		}
		t = time.Now()
		if err := d.waitReady(ctx, o.timeout); err != nil {
			return "not ready after restart", fmt.Errorf("after restart %d: %w", d.starts-1, err)
		}
		return fmt.Sprintf("%s, exited in %s, ready again in %s", name, round(stopped), round(time.Since(t))), nil
	case modeDiskFull:
		return fillHoldFree(ctx, o, d, pub)
	}
	return "", errors.New("unknown mode " + o.mode)
}

// fillHoldFree fills the disk, holds it full, frees it and waits for
// breachd to recover: /readyz answers 200 and the stream acknowledges
// alerts again.
func fillHoldFree(ctx context.Context, o options, d *daemon, pub *publisher) (string, error) {
	path, size, err := fillDisk(o.dataDir)
	if err != nil {
		if path != "" {
			err = errors.Join(err, freeDisk(path))
		}
		return "fill failed", err
	}
	select {
	case <-ctx.Done():
		return "interrupted", errors.Join(ctx.Err(), freeDisk(path))
	case <-time.After(o.hold):
	}
	full := d.readyz(ctx)
	if err := freeDisk(path); err != nil {
		return "free failed", err
	}
	freed := time.Now()
	line := fmt.Sprintf("disk full (%d MiB of ballast) for %s, /readyz then: %s", size>>20, o.hold, full)
	if err := d.waitReady(ctx, o.timeout); err != nil {
		return line, fmt.Errorf("breachd did not recover once the disk was freed: %w", err)
	}
	ready := time.Since(freed)
	if err := pub.waitAck(ctx, time.Until(freed.Add(o.timeout))); err != nil {
		return line, fmt.Errorf("breachd did not recover once the disk was freed: /readyz answers %s, but %w", d.readyz(ctx), err)
	}
	return line + fmt.Sprintf("; ready again %s and acknowledging alerts %s after the disk was freed",
		round(ready), round(time.Since(freed))), nil
}

func round(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }
