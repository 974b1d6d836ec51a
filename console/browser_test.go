package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/console"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/browsertest"
)

// shot saves what the window shows (1280×800, or the phone's size) as
// dir/name.png.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

func TestBrowserRecordFactsFromTheDeadlines(t *testing.T) {
	path := browsertest.Chromium(t)
	dir := browsertest.Artifacts(t)
	f := newFixture(t)
	f.viewer = console.Viewer{Name: "dpo", CanPrivacy: true, CanRespond: true}
	ids := f.open(3, incident.SeverityHigh)
	f.facts(ids[0], gdprFacts)
	// Personal data, no jurisdiction yet: the deadline needs facts.
	id := ids[2]
	f.facts(id, `{"aware_at":"2026-03-10T14:20:00Z","role":"controller","personal_data_affected":true,"data_subjects":1200}`)
	ctx := browsertest.Headless(t, path, 90*time.Second)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	browsertest.Do(t, ctx, chromedp.Navigate(f.srv.URL+"/"), chromedp.WaitVisible(css(`table.deadlines`)),
		// Let the countdown script run: it follows the server's clock.
		chromedp.Sleep(1200*time.Millisecond))
	deadlines := browsertest.Text(t, ctx, `table.deadlines tbody`)
	countdown := browsertest.Text(t, ctx, `table.deadlines tr.st-due span.left[data-due]`)
	shot(t, ctx, dir, "deadlines")
	require.Contains(t, deadlines, "needs_facts")
	require.Less(t, strings.Index(deadlines, "needs_facts"), strings.Index(deadlines, "gdpr_art33_sa"), "needs_facts leads:\n%s", deadlines)
	require.Equal(t, "in 2 d 23 h", countdown)

	// Follow the row's link to the incident that needs facts and record
	// the jurisdiction through the form.
	browsertest.Click(t, ctx, `table.deadlines tr.st-needs_facts a[href="/incidents/`+id+`"]`)
	browsertest.Do(t, ctx, chromedp.WaitVisible(css(`#facts`)))
	shot(t, ctx, dir, "incident-before")
	browsertest.Do(t, ctx,
		chromedp.SetValue(css(`#f-jurisdictions`), "EU-IE"),
		chromedp.SetValue(css(`#f-risk_to_rights`), "true"),
		chromedp.Click(css(`#facts button[type=submit]`)),
		// Only the page after the change has a due obligation.
		chromedp.WaitVisible(css(`#obligations tr.st-due`)))
	obligations := browsertest.Text(t, ctx, `#obligations table`)
	shot(t, ctx, dir, "incident")
	for _, section := range []string{"summary", "obligations", "picture"} {
		png, err := chromedp.Run(ctx, chromedp.Screenshot(css("#"+section)))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "incident-"+section+".png"), png, 0o644))
	}
	require.Contains(t, obligations, "gdpr_art33_sa")
	require.Contains(t, obligations, "2026-03-13 14:20Z")

	// The deadline is on the home page now.
	browsertest.Do(t, ctx, chromedp.Navigate(f.srv.URL+"/?regime=gdpr_art33_sa"), chromedp.WaitVisible(css(`table.deadlines`)))
	deadlines = browsertest.Text(t, ctx, `table.deadlines tbody`)
	require.Contains(t, deadlines, id)

	// An invalid fact is shown beside its field.
	browsertest.Do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/incidents/"+id),
		chromedp.WaitVisible(css(`#f-data_subjects`)),
		chromedp.SetValue(css(`#f-data_subjects`), "-5"),
		chromedp.Click(css(`#facts button[type=submit]`)),
		chromedp.WaitVisible(css(`#e-data_subjects`)),
		chromedp.ScrollIntoView(css(`#e-data_subjects`)))
	require.Contains(t, browsertest.Text(t, ctx, `#e-data_subjects`), "must not be negative")
	shot(t, ctx, dir, "facts-refused")

	// A change made elsewhere appears without a reload.
	browsertest.Do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/incidents/"+id),
		chromedp.WaitVisible(css(`body[data-live="ready"]`)))
	_, err := f.rs.SetStatus(context.Background(), id, "someone-in-slack", incident.StatusContained, "db isolated")
	require.NoError(t, err)
	browsertest.Do(t, ctx, chromedp.WaitVisible(css(`dd[data-status="contained"]`)))

	// The other pages, for the record, and the home page on a phone.
	for _, p := range []struct{ path, wait, name string }{
		{"/incidents", "table.incidents", "incidents"},
		{"/register", "table.register", "register"},
		{"/about", "dl.summary", "about"},
	} {
		browsertest.Do(t, ctx, chromedp.Navigate(f.srv.URL+p.path), chromedp.WaitVisible(css(p.wait)))
		shot(t, ctx, dir, p.name)
	}
	browsertest.Do(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.srv.URL+"/"), chromedp.WaitVisible(css(`table.deadlines`)))
	shot(t, ctx, dir, "deadlines-phone")
	t.Logf("screenshots in %s", dir)
}
