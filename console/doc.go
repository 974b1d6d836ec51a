// Package console is the privacy office's web console: server-rendered
// pages over the same store reads the HTTP API uses (the deadlines, the
// incidents, one incident whole, the breach register) and plain HTML forms
// that change an incident through the same use cases (package respond).
//
// The pages are html/template files and the styles, the countdown script
// and the vendored htmx are embedded, so the daemon serves the console from
// its own binary with no build step and no network. Every form is a plain
// POST answered with a redirect back to the page (POST-redirect-GET); htmx
// only spares the full page load.
//
// Who may do what comes from Options.Viewer, which the sign-in plugs into;
// without one every visitor is a read-only viewer.
package console
