package console

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
)

// The deadline picture's geometry, in SVG user units.
const (
	picWidth   = 1000
	picLabel   = 230 // the regime names' column
	picRight   = 20
	picRowH    = 26
	picTop     = 34
	picBottom  = 34
	picMaxRows = 40
)

// picture draws the incident's deadlines as an inline SVG: awareness on
// the left, one row per obligation with a deadline (a bar from awareness to
// its deadline, the submission as a dot), and now as a dashed line. Every
// mark also says what it is in words (a label or a title), so colour is
// never the only signal. Without a deadline it is empty.
func picture(inc *incident.Incident, obs []incident.Obligation, now time.Time) template.HTML {
	aware := inc.FirstSeen
	if inc.Facts != nil && !inc.Facts.AwareAt.IsZero() {
		aware = inc.Facts.AwareAt
	}
	var rows []incident.Obligation
	for _, o := range obs {
		if o.DueAt != nil && len(rows) < picMaxRows {
			rows = append(rows, o)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	start, end := aware, now
	for _, o := range rows {
		for _, t := range []*time.Time{o.DueAt, o.SubmittedAt} {
			if t == nil {
				continue
			}
			if t.After(end) {
				end = *t
			}
			if t.Before(start) {
				start = *t
			}
		}
	}
	if now.Before(start) {
		start = now
	}
	span := end.Sub(start)
	if span < time.Hour {
		span = time.Hour
	}
	pad := span / 20
	start, end = start.Add(-pad), end.Add(pad)
	plot := float64(picWidth - picLabel - picRight)
	x := func(t time.Time) float64 {
		return float64(picLabel) + plot*float64(t.Sub(start))/float64(end.Sub(start))
	}
	height := picTop + len(rows)*picRowH + picBottom
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="pic-title pic-desc">`, picWidth, height)
	fmt.Fprintf(&b, `<title id="pic-title">Deadlines of %s</title>`, esc(inc.ID))
	fmt.Fprintf(&b, `<desc id="pic-desc">Awareness %s, now %s, %d deadlines.</desc>`, isoUTC(aware), isoUTC(now), len(rows))
	// The time axis: five ticks.
	axisY := height - picBottom + 6
	for i := 0; i <= 4; i++ {
		t := start.Add(time.Duration(int64(end.Sub(start)) * int64(i) / 4))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#d0d7de"/>`, x(t), picTop-6, x(t), axisY)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#57606a">%s</text>`, x(t), axisY+14, t.UTC().Format("Jan 2 15:04"))
	}
	// The two labels sit on either side of their lines, so that they stay
	// readable when awareness and now are close.
	line := func(t time.Time, label, colour, dash, anchor string, dx int) {
		fmt.Fprintf(&b, `<g><title>%s %s</title><line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="2"%s/>`,
			esc(label), isoUTC(t), x(t), picTop-14, x(t), height-picBottom, colour, dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" text-anchor="%s" fill="%s">%s</text></g>`, x(t)+float64(dx), picTop-18, anchor, colour, esc(label))
	}
	line(aware, "aware", "#14213d", "", "end", -4)
	line(now, "now", "#8a5a00", ` stroke-dasharray="5 4"`, "start", 4)
	for i, o := range rows {
		y := picTop + i*picRowH + picRowH/2
		overdue := o.Status != incident.ObligationFulfilled && o.DueAt.Before(now)
		colour, state := "#0b5cad", ""
		switch {
		case overdue:
			colour, state = "#b3261e", " OVERDUE"
		case o.Status == incident.ObligationFulfilled && o.Late:
			colour, state = "#b3261e", " filed late"
		case o.Status == incident.ObligationFulfilled:
			colour, state = "#1a7f37", " filed"
		}
		fmt.Fprintf(&b, `<g class="row"><title>%s: due %s%s</title>`, esc(o.Regime), isoUTC(o.DueAt), state)
		fmt.Fprintf(&b, `<text x="4" y="%d" font-size="12" fill="#1b1f24">%s%s</text>`, y+4, esc(truncate(o.Regime, 26)), esc(state))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="4" stroke-opacity="0.35"/>`, x(aware), y, x(*o.DueAt), y, colour)
		dx := x(*o.DueAt)
		fmt.Fprintf(&b, `<path d="M%.1f %d l6 6 l-6 6 l-6 -6 z" fill="%s"/>`, dx, y-6, colour)
		if o.SubmittedAt != nil {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="5" fill="#fff" stroke="%s" stroke-width="2"><title>submitted %s</title></circle>`,
				x(*o.SubmittedAt), y, colour, isoUTC(o.SubmittedAt))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	// Every text in it was escaped above.
	return template.HTML(b.String())
}

// truncate cuts s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
