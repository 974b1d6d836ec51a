package drafts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the regulators' zones must load on any host

	"github.com/breachd/breachd/incident"
)

// doc is a draft independent of its format: the Markdown and the HTML
// templates render the same doc, so the two cannot disagree on content.
// Its JSON (format JSON) is what a client prints as a PDF with a font of
// its own.
type doc struct {
	Title      string    `json:"title"`
	Internal   []item    `json:"internal,omitempty"` // the reviewer's header, removed before sending
	To         []item    `json:"to,omitempty"`
	From       []item    `json:"from,omitempty"`
	Salutation string    `json:"salutation,omitempty"`
	Intro      []item    `json:"intro,omitempty"`
	Sections   []section `json:"sections,omitempty"`
	Closing    []item    `json:"closing,omitempty"`
	Signature  []item    `json:"signature,omitempty"`
	// Words are the frame's own words in the draft's language; empty is
	// English.
	Words Words `json:"words,omitzero"`
	// Lang is the draft's language (ISO 639-1) when not English.
	Lang string `json:"lang,omitempty"`
}

// HTMLLang is the language of the HTML document, for its lang attribute.
func (d *doc) HTMLLang() string { return orWord(d.Lang, "en") }

// Words are the words of a draft's frame that its templates write.
type Words struct {
	To   string `json:"to,omitempty"`
	From string `json:"from,omitempty"`
}

// ToWord and FromWord head the recipient and sender blocks.
func (d *doc) ToWord() string   { return orWord(d.Words.To, "To") }
func (d *doc) FromWord() string { return orWord(d.Words.From, "From") }

func orWord(w, english string) string {
	if w == "" {
		return english
	}
	return w
}

// section is one part of the draft. Content is the catalog content entry it
// fulfils, or empty for a section the law does not list; a test checks that
// every entry of the catalog has its section.
type section struct {
	Heading string `json:"heading"`
	Ref     string `json:"ref,omitempty"`
	Content string `json:"content,omitempty"`
	Items   []item `json:"items,omitempty"`
}

// item is one line: Label and Text, a bulleted List, or, when Missing is
// set, the visible missing marker in place of the text.
type item struct {
	Label   string   `json:"label,omitempty"`
	Text    string   `json:"text,omitempty"`
	Missing string   `json:"missing,omitempty"`
	List    []string `json:"list,omitempty"`
}

// builder is one regime's draft: the jurisdiction code whose facts
// timezones entry and zone date it (empty: UTC only), the recipient fixed by
// law, and the function that writes the doc.
type builder struct {
	jurisdiction string
	zone         string
	regulator    string
	abbr         string // the zone's abbreviation where tzdata has none
	build        func(*rendering) *doc
}

// rendering carries one rendering: the input, the zone its dates are shown in,
// and the missing fields so far, in order.
type rendering struct {
	regime  string
	b       builder
	in      Input
	f       *incident.Facts
	loc     *time.Location
	missing []string
	// words is the translation of the draft's language (nil: English),
	// for the values the rendering puts into words itself (the data
	// categories).
	words map[string]string
}

func newRendering(regime string, b builder, in Input) *rendering {
	c := &rendering{regime: regime, b: b, in: in, f: in.Facts, loc: time.UTC}
	if b.zone != "" {
		name := b.zone
		// The entity's own zone from the facts wins, as in Evaluate.
		if z, ok := in.Facts.Timezones[b.jurisdiction]; ok && z != "" {
			name = z
		}
		if loc, err := time.LoadLocation(name); err == nil {
			c.loc = loc
		}
	}
	return c
}

// need is the line label: v, or the missing marker for what, citing ref,
// recorded for the statement of information not available.
func (c *rendering) need(label, v, what, ref string) item {
	v = strings.TrimSpace(v)
	if v != "" {
		return item{Label: label, Text: v}
	}
	return c.gap(label, what, ref)
}

// gap is the missing marker for what, citing ref.
func (c *rendering) gap(label, what, ref string) item {
	c.missing = append(c.missing, what)
	m := what
	if ref != "" {
		m += " (" + ref + ")"
	}
	return item{Label: label, Missing: m}
}

// optional is a line shown only when v is set.
func optional(items []item, label, v string) []item {
	if v = strings.TrimSpace(v); v != "" {
		items = append(items, item{Label: label, Text: v})
	}
	return items
}

// when shows t in the regime's zone and in UTC, or in UTC alone.
func (c *rendering) when(t time.Time) string {
	u := t.UTC().Format("Mon 2 Jan 2006 15:04 UTC")
	if c.loc == time.UTC {
		return u
	}
	l := t.In(c.loc)
	abbr, _ := l.Zone()
	if strings.HasPrefix(abbr, "+") || strings.HasPrefix(abbr, "-") {
		// Zones without a letter abbreviation in tzdata (Asia/Singapore
		// is "+08") use the one the law's readers know.
		abbr = c.b.abbr
	}
	return l.Format("Mon 2 Jan 2006 15:04 ") + abbr + l.Format(" (UTC-07:00)") + " = " + u
}

// day shows t's date in the regime's zone, for letters to individuals.
func (c *rendering) day(t time.Time) string {
	return t.In(c.loc).Format("2 January 2006")
}

// late reports whether the draft is rendered after the obligation's due_at.
func (c *rendering) late() bool {
	d := c.in.Obligation.DueAt
	return d != nil && c.in.Now.After(*d)
}

// nature is what happened: the narrative, else the incident description.
func (c *rendering) nature() string {
	if s := strings.TrimSpace(c.in.Narrative.Nature); s != "" {
		return s
	}
	return c.in.Incident.Description
}

// causes puts the facts' cause values into words; it is what the facts say
// about how the breach occurred, not a narrative.
var causes = map[string]string{
	"external_unlawful_access": "unauthorised access by an outside party",
	"wrongful_purpose":         "use of personal data for a wrongful purpose",
	"misdelivery":              "personal data sent to the wrong recipient",
	"loss":                     "loss of personal data or of a device holding it",
	"internal":                 "unauthorised access within the organisation",
}

// how is how the breach occurred: the narrative, else the facts' cause.
func (c *rendering) how() string {
	if s := strings.TrimSpace(c.in.Narrative.HowItHappened); s != "" {
		return s
	}
	return causes[c.f.Cause]
}

// subjects is the number of people the breach affected, as the laws that
// count "the individuals affected" count them: all of them, the number the
// catalog's thresholds test (data_subjects). Where the facts also say how
// many are in the regime's jurisdiction (prefix, summed over its codes:
// "EU" sums EU-IE, EU-DE…), the draft says so beside the total, so that it
// names the population it counts; with no total, it states the
// jurisdiction's count and that the total is not recorded. "" when neither
// is recorded.
func (c *rendering) subjects(prefix string) string {
	local, found := 0, false
	if prefix != "" {
		for code, v := range c.f.DataSubjectsByJurisdiction {
			if code == prefix || strings.HasPrefix(code, prefix+"-") {
				local, found = local+v, true
			}
		}
	}
	total := c.f.DataSubjects
	switch {
	case total != nil && found && local != *total:
		return fmt.Sprintf("%d affected individuals in all (%d of them in %s)", *total, local, prefix)
	case total != nil:
		return strconv.Itoa(*total)
	case found:
		return fmt.Sprintf("%d in %s (the total across every jurisdiction is not recorded)", local, prefix)
	}
	return ""
}

// categories is the recorded data categories in plain words, as a
// sentence list: "names, email addresses and national identity numbers".
func (c *rendering) categories() string {
	var words []string
	for _, cat := range c.f.DataCategories {
		w := categoryWord(cat)
		if t, ok := c.words[w]; ok {
			w = t
		}
		if w != "" && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	// The translation's comma and "and"; " and " with its spaces wins for
	// the languages that write none (Japanese, Chinese).
	comma, and := ", ", " and "
	if t, ok := c.words["and"]; ok {
		and = " " + t + " "
	}
	if t, ok := c.words[" and "]; ok {
		and = t
	}
	if t, ok := c.words[", "]; ok {
		comma = t
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], comma) + and + words[len(words)-1]
}

// awareAt is when the organisation became aware, or nil if unrecorded.
func (c *rendering) awareAt() *time.Time {
	if c.f.AwareAt.IsZero() {
		return nil
	}
	return &c.f.AwareAt
}

// stamp is when for a recorded time and "" for nil, for need.
func (c *rendering) stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return c.when(*t)
}

// lines splits free text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// internal is the reviewer's header every draft starts with: what is owed,
// to whom, by when, and about which incident.
func (c *rendering) internal(lateNote string) []item {
	ob, inc := c.in.Obligation, c.in.Incident
	due := "not evaluated"
	switch {
	case ob.DueAt != nil && ob.Due != "":
		due = c.when(*ob.DueAt) + " (" + ob.Due + ")"
	case ob.DueAt != nil:
		due = c.when(*ob.DueAt)
	case ob.Due != "":
		// No numeric limit, or a clock not started yet: Due says which.
		due = ob.Due
	}
	items := []item{
		{Label: "Regime", Text: c.regime},
		{Label: "Basis", Text: orDash(ob.Basis)},
		{Label: "Recipient", Text: orDash(ob.Recipient)},
		{Label: "Obligation status", Text: orDash(string(ob.Status))},
		{Label: "Due", Text: due},
		{Label: "Incident", Text: strings.TrimSpace(orDash(inc.ID) + " " + inc.Title)},
	}
	if !inc.OpenedAt.IsZero() {
		items = append(items, item{Label: "Incident opened", Text: c.when(inc.OpenedAt)})
	}
	items = optional(items, "Asset", inc.Asset)
	items = optional(items, "Incident status", inc.Status)
	items = append(items, item{Label: "Drafted", Text: c.when(c.in.Now)})
	// What the draft was rendered from, so that a filed copy traces back.
	items = optional(items, "Catalog version", c.in.CatalogVersion)
	items = optional(items, "Timeline head", inc.TimelineHead)
	switch {
	case ob.Reason == "":
	case ob.Status == incident.ObligationDue:
		items = append(items, item{Label: "Evaluation notes", Text: ob.Reason})
	default:
		items = append(items, item{Label: "Why this status", Text: ob.Reason})
	}
	if c.late() {
		items = append(items, item{Label: "Deadline passed", Text: fmt.Sprintf("the deadline was %s. %s", c.when(*ob.DueAt), lateNote)})
	}
	return items
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// regulator is the recipient block: the configured regulator, else the one
// the law names, else missing. The address is required only where the law
// leaves the authority to be determined (the lead SA); a fixed regulator
// takes its notice through its own portal.
func (c *rendering) regulator(what, ref string) []item {
	items := c.authority(what, ref)
	if c.b.regulator == "" && strings.TrimSpace(c.in.Org.RegulatorAddress) == "" {
		items = append(items, c.gap("", "address of the "+what, ""))
	}
	return items
}

// authority is the recipient block of a report filed through the
// authority's own form or portal: the configured name, else the one the law
// names, else missing; the address only when configured.
func (c *rendering) authority(what, ref string) []item {
	name := c.in.Org.RegulatorName
	if name == "" {
		name = c.b.regulator
	}
	return optional([]item{c.need("", name, what, ref)}, "", c.in.Org.RegulatorAddress)
}

// contact is the contact-point lines: a name, and at least one of e-mail,
// telephone (and, where postal counts, address).
func (c *rendering) contact(nameWhat, detailsWhat, ref string, postal bool) []item {
	o := c.in.Org
	var items []item
	if nameWhat == "" {
		items = optional(items, "Name", o.ContactName)
	} else {
		items = append(items, c.need("Name", o.ContactName, nameWhat, ref))
	}
	items = optional(items, "E-mail", o.Email)
	items = optional(items, "Telephone", o.Phone)
	if postal {
		items = optional(items, "Postal address", o.Address)
	}
	if o.Email == "" && o.Phone == "" && (!postal || o.Address == "") {
		items = append(items, c.gap("Contact details", detailsWhat, ref))
	}
	return items
}
