// Package browsertest runs the console's browser tests in a real Chromium
// (Debian's chromium, driven with chromedp): finding it or skipping the
// test saying so, starting it headless, and the steps every test takes.
package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Chromium finds Debian's chromium, or skips the test saying so.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("chromium not found: no chromium or chromium-browser on PATH, so this browser test did not run (apt-get install chromium)")
	return ""
}

// Artifacts is where the screenshots go: $BREACHD_TEST_ARTIFACTS, or a
// directory of the test's own.
func Artifacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("BREACHD_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// Headless starts the chromium at path headless, at 1280×800, for the
// test; every step of the test must be done within timeout.
func Headless(t testing.TB, path string, timeout time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 800))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// Text reads the text of the element sel selects.
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err)
	return s
}

// Do does steps in the browser, failing the test on the first error.
func Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, steps...))
}

// Click clicks the element sel selects, in one step inside the page, waiting
// up to 10 s for it to exist. The console swaps its main content when the
// server says an incident changed, so an element found by one protocol call
// may be gone by the next: a click through chromedp's node ids can fail with
// "No node with given id found" where a person's click would not.
func Click(t testing.TB, ctx context.Context, sel string) {
	t.Helper()
	quoted, err := json.Marshal(sel)
	require.NoError(t, err)
	script := `(function () { var e = document.querySelector(` + string(quoted) + `); if (!e) { return false; } e.click(); return true; })()`
	var last error
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		clicked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script))
		if err == nil && clicked {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no element %s to click within 10 s (last error: %v)", sel, last)
}
