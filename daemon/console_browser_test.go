package daemon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/browsertest"
	"github.com/breachd/breachd/signin"
)

// fullShot saves the whole page, not only the window, as dir/name.png
// (quality 100 is what makes chromedp write PNG rather than JPEG).
func fullShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

// submit clicks the button sel selects and waits, up to 10 s, for the page
// the form's POST redirects to, loaded, with an element that wait selects.
// Waiting on wait alone would see the page the form was on.
func submit(t *testing.T, ctx context.Context, sel, wait string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.breachdBeforeSubmit = true`))
	require.NoError(t, err)
	browsertest.Click(t, ctx, sel)
	check := `window.breachdBeforeSubmit !== true && document.readyState === "complete" && document.querySelector(` + strconvQuote(wait) + `) !== null`
	require.Eventually(t, func() bool {
		// Errors are expected while the page changes.
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](check))
		return err == nil && done
	}, 10*time.Second, 50*time.Millisecond, "after clicking %s, no page with %s", sel, wait)
}

// obligationRow is the text of the incident page's obligations row of
// regime.
func obligationRow(t *testing.T, ctx context.Context, regime string) string {
	t.Helper()
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
  for (const tr of document.querySelectorAll("#obligations tbody tr")) {
    if (tr.cells[0].textContent.trim().startsWith(`+strconvQuote(regime)+`)) { return tr.innerText; }
  }
  return "";
})()`))
	require.NoError(t, err)
	return row
}

// strconvQuote quotes s as a JavaScript string.
func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// The privacy office's day in the console, in Chromium, through the whole
// daemon: sign in, the deadlines, facts that change them, the narrative, a
// draft, a submission, and an alert that arrives without a reload.
func TestBrowserThePrivacyOfficeWorksAnIncidentThroughTheDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: not with -short")
	}
	path := browsertest.Chromium(t)
	dir := browsertest.Artifacts(t)

	hash, err := signin.HashPassword("correct horse battery")
	require.NoError(t, err)
	users := filepath.Join(t.TempDir(), "users.yaml")
	require.NoError(t, os.WriteFile(users, []byte("users:\n  - name: dpo\n    password_hash: \""+hash+"\"\n    roles: [privacy, responder]\n"), 0o600))
	cfg := testConfig(t)
	cfg.Console.UsersFile = users
	d := start(t, cfg)
	base := "http://" + d.HTTPAddr()
	c := client{t, base}
	// The example alert carries its facts: EU-IE and UK, 12,000 people.
	inc := c.sendExample()
	id := inc.ID

	ctx := browsertest.Headless(t, path, 35*time.Second)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// Signed out: to the sign-in page, and from it to the Deadlines.
	browsertest.Do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`input#password`)))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	require.Contains(t, loc, signin.SigninPath)
	fullShot(t, ctx, dir, "daemon-signin")
	browsertest.Do(t, ctx,
		chromedp.SendKeys(css(`input#name`), "dpo"),
		chromedp.SendKeys(css(`input#password`), "correct horse battery"),
		chromedp.Click(css(`button[type=submit]`)),
		chromedp.WaitVisible(css(`table.deadlines`)))
	deadlines := browsertest.Text(t, ctx, `table.deadlines tbody`)
	require.Contains(t, deadlines, "gdpr_art33_sa")
	require.Contains(t, deadlines, id)
	fullShot(t, ctx, dir, "daemon-deadlines")

	// The incident: record facts through the form and see the obligations
	// change after the redirect. The example alert leaves the role and the
	// risk unknown, so the notice to the individuals waits on them.
	browsertest.Click(t, ctx, `table.deadlines a[href="/incidents/`+id+`"]`)
	browsertest.Do(t, ctx, chromedp.WaitVisible(css(`#facts`)))
	before := obligationRow(t, ctx, "gdpr_art34_individuals")
	t.Logf("gdpr_art34_individuals before: %q", before)
	fullShot(t, ctx, dir, "daemon-incident-before")
	browsertest.Do(t, ctx,
		chromedp.SetValue(css(`#f-role`), "controller"),
		chromedp.SetValue(css(`#f-high_risk`), "true")) // a high risk is a risk: risk_to_rights follows
	submit(t, ctx, `#facts button[type=submit]`, `#facts`)
	after := obligationRow(t, ctx, "gdpr_art34_individuals")
	t.Logf("gdpr_art34_individuals after: %q", after)
	require.Contains(t, before, "not yet known")
	require.NotContains(t, after, "not yet known")
	require.Contains(t, after, "due")
	fullShot(t, ctx, dir, "daemon-incident")

	// The narrative: edit what was done, and see it shown.
	const measures = "Bucket policy reverted at 09:40 UTC; access logs under review."
	browsertest.Do(t, ctx, chromedp.SetValue(css(`#n-measures_taken`), measures))
	submit(t, ctx, `#narrative button[type=submit]`, `#n-measures_taken`)
	shown, err := chromedp.Run(ctx, chromedp.Value(css(`#n-measures_taken`)))
	require.NoError(t, err)
	require.Equal(t, measures, shown)

	// A draft, downloaded with the browser's session.
	draft, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.querySelector('#drafts a[href*="/drafts/gdpr_art33_sa?format=md"]').href, {credentials: "same-origin"}).then(r => r.ok ? r.text() : "HTTP " + r.status)`,
		chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	require.Contains(t, draft, "Art. 33")
	require.Contains(t, draft, measures)

	// A submission to the supervisory authority, with its reference.
	browsertest.Do(t, ctx,
		chromedp.SetValue(css(`#obligations select[name=regime]`), "gdpr_art33_sa"),
		chromedp.SetValue(css(`#obligations input[name=ref]`), "DPC-BN-2026-0042"))
	submit(t, ctx, `#obligations form button[type=submit]`, `#obligations tr.st-fulfilled`)
	filed := obligationRow(t, ctx, "gdpr_art33_sa")
	require.Contains(t, filed, "fulfilled")
	require.Contains(t, filed, "ref DPC-BN-2026-0042", "the reference beside the filing")
	recorded, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#timeline tbody tr"))
  .filter(tr => tr.cells[3].textContent.trim() === "submission_recorded").map(tr => tr.innerText).join("\n")`))
	require.NoError(t, err)
	require.Contains(t, recorded, "gdpr_art33_sa")
	require.Contains(t, recorded, "DPC-BN-2026-0042")
	fullShot(t, ctx, dir, "daemon-incident-submitted")

	// Another alert, on another asset, opens a second incident, which
	// appears on the open Deadlines page without a reload.
	browsertest.Do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`body[data-live="ready"]`)))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.breachdNotReloaded = true`))
	require.NoError(t, err)
	var alert map[string]any
	raw, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &alert))
	alert["id"] = "gd-second-bucket"
	alert["asset"] = map[string]any{"id": "s3://hr-payroll", "type": "bucket", "tenant": "acme-eu"}
	alert["title"] = "Bucket hr-payroll is publicly readable"
	code, body := c.do("POST", "/api/v1/alerts", alert)
	require.Equal(t, http.StatusAccepted, code, string(body))
	var incs []incident.Incident
	require.Eventually(t, func() bool { incs = c.incidents(""); return len(incs) == 2 }, 10*time.Second, 10*time.Millisecond)
	second := incs[0].ID
	if second == id {
		second = incs[1].ID
	}
	browsertest.Do(t, ctx, chromedp.WaitVisible(css(`table.deadlines a[href="/incidents/`+second+`"]`)))
	notReloaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.breachdNotReloaded === true`))
	require.NoError(t, err)
	require.True(t, notReloaded, "the page was not reloaded")
	fullShot(t, ctx, dir, "daemon-deadlines-live")
	t.Logf("screenshots in %s", dir)
}
