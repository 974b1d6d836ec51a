package drafts

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the pieces the drafts share: the shapes of a report and
// of a letter, and the values read from the input that more than one regime
// asks for. A value is "" when the input does not hold it, for need.

// sec is a section fulfilling the catalog content entry content ("" for a
// section the catalog does not list).
func sec(heading, ref, content string, items ...item) section {
	return section{Heading: heading, Ref: ref, Content: content, Items: items}
}

// report is the frame of a report to an authority: the reviewer's header,
// the recipient block and the sender, under fromLabel ("Entity",
// "Financial entity"). The sender's name is required; its address and
// contact point are shown when given, since the reports go through forms
// that ask for them beside the content the law lists.
func (c *rendering) report(title, fromLabel, lateNote string, to []item) *doc {
	o := c.in.Org
	from := []item{c.need(fromLabel, o.Name, "name of the "+strings.ToLower(fromLabel), "")}
	from = optional(from, "Address", o.Address)
	from = optional(from, "Contact", o.ContactName)
	from = optional(from, "E-mail", o.Email)
	from = optional(from, "Telephone", o.Phone)
	return &doc{Title: title, Internal: c.internal(lateNote), To: to, From: from}
}

// letter is the frame of a letter to a person affected: our name and
// address, the mail-merge salutation, intro, the sections and a signature.
func (c *rendering) letter(title, lateNote, intro string, sections ...section) *doc {
	o := c.in.Org
	return &doc{
		Title:      title,
		Internal:   c.internal(lateNote),
		From:       []item{c.need("", o.Name, "our organisation's name", ""), c.need("", o.Address, "our postal address", "")},
		Salutation: letterName,
		Intro:      []item{{Text: intro}},
		Sections:   sections,
		Closing:    []item{{Text: "Yours sincerely,"}},
		Signature:  []item{c.need("", o.Name, "our organisation's name", "")},
	}
}

// noReasons is the reviewer's note on a late draft whose law asks for no
// statement of reasons.
func noReasons(law string) string {
	return law + " asks for no statement of reasons in the notice; record them in the breach register."
}

// note adds a line to the reviewer's header.
func (d *doc) note(text string) *doc {
	d.Internal = append(d.Internal, item{Label: "Note", Text: text})
	return d
}

// discovered is when the breach was discovered, else when we became aware.
func (c *rendering) discovered() *time.Time {
	if t := c.f.DiscoveredAt; t != nil && !t.IsZero() {
		return t
	}
	return c.awareAt()
}

// discoveredDay is the day of discovery, for letters.
func (c *rendering) discoveredDay() string {
	if t := c.discovered(); t != nil {
		return c.day(*t)
	}
	return ""
}

// submitted is when the report of regime was filed, as the facts record it.
func (c *rendering) submitted(regime string) string {
	t, ok := c.f.Submitted[regime]
	if !ok {
		return ""
	}
	return c.stamp(&t)
}

// threat is the type of incident and attack methods.
func (c *rendering) threat() string {
	return first(c.in.Narrative.IncidentType, c.how())
}

// rootCause is the root cause that likely triggered the incident.
func (c *rendering) rootCause() string {
	return first(c.in.Narrative.RootCause, c.how())
}

// malicious says whether unlawful or malicious acts are suspected: the
// narrative, else yes when the facts' cause is an attack or a wrongful
// purpose. Another cause says nothing either way.
func (c *rendering) malicious() string {
	if s := strings.TrimSpace(c.in.Narrative.Malicious); s != "" {
		return s
	}
	switch c.f.Cause {
	case "external_unlawful_access", "wrongful_purpose":
		return "Yes: the recorded cause is " + causes[c.f.Cause] + "."
	}
	return ""
}

// memberStates are the EU Member State codes of the facts' jurisdictions.
func (c *rendering) memberStates() []string {
	var ms []string
	for _, j := range c.f.Jurisdictions {
		if code, ok := strings.CutPrefix(j, "EU-"); ok && !slices.Contains(ms, code) {
			ms = append(ms, code)
		}
	}
	slices.Sort(ms)
	return ms
}

// crossBorder is the cross-border impact: the narrative, else affected
// individuals or establishments in more than one Member State. One Member
// State alone does not show that there is none.
func (c *rendering) crossBorder() string {
	if s := strings.TrimSpace(c.in.Narrative.CrossBorder); s != "" {
		return s
	}
	if ms := c.memberStates(); len(ms) > 1 {
		return "Yes: affected individuals or establishments in " + strconv.Itoa(len(ms)) + " Member States (" + strings.Join(ms, ", ") + ")."
	}
	return ""
}

// indicators are the indicators of compromise as a list, or the marker.
func (c *rendering) indicators(ref string) item {
	if l := lines(c.in.Narrative.Indicators); len(l) > 0 {
		return item{List: l}
	}
	return c.gap("", "indicators of compromise, or a statement that none are available", ref)
}

// steps is a chronology: the given dated steps, then the narrative's lines;
// the marker for what when the narrative is empty.
func (c *rendering) steps(what, ref string, dated ...string) []item {
	var out []item
	if l := slices.Concat(dated, lines(c.in.Narrative.Chronology)); len(l) > 0 {
		out = append(out, item{List: l})
	}
	if strings.TrimSpace(c.in.Narrative.Chronology) == "" {
		out = append(out, c.gap("", what, ref))
	}
	return out
}

// dated is "when: what" for a recorded time, for steps.
func (c *rendering) dated(t *time.Time, what string) []string {
	if t == nil || t.IsZero() {
		return nil
	}
	return []string{c.when(*t) + ": " + what}
}

// individualsNotice is how the people affected were or will be notified:
// the narrative, else the notice recorded as submitted for regime.
func (c *rendering) individualsNotice(regime string) string {
	if s := strings.TrimSpace(c.in.Narrative.IndividualsNotice); s != "" {
		return s
	}
	if t, ok := c.f.Submitted[regime]; ok {
		return "Notified on " + c.day(t) + "."
	}
	return ""
}

// safeguards are the measures that protected the data: the narrative,
// else what the facts record of encryption.
func (c *rendering) safeguards() string {
	if s := strings.TrimSpace(c.in.Narrative.Safeguards); s != "" {
		return s
	}
	f := c.f
	switch {
	case f.Encrypted == nil:
		return ""
	case !*f.Encrypted:
		return "The affected data was not encrypted at rest."
	case f.EncryptionKeyCompromised != nil && *f.EncryptionKeyCompromised:
		return "The affected data was encrypted at rest, but the key was compromised."
	case f.EncryptionKeyCompromised != nil:
		return "The affected data was encrypted at rest and the key was not compromised."
	}
	return "The affected data was encrypted at rest."
}

// first is the first of vs that is not blank.
func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// residents is the number of affected residents of a US State (or of one
// jurisdiction code), or "" when unrecorded: unlike subjects, it never
// stands in the overall count for the State's.
func (c *rendering) residents(code string) string {
	if n, ok := c.f.ResidentsByState[code]; ok {
		return strconv.Itoa(n)
	}
	if n, ok := c.f.DataSubjectsByJurisdiction[code]; ok {
		return strconv.Itoa(n)
	}
	return ""
}

// noticeMethod is the section on how a notice reaches the people affected,
// for the laws that prescribe the method or a substitute for it.
func (c *rendering) noticeMethod(ref, content, what string) section {
	return sec("How this notice is given", ref, content, c.need("", c.in.Narrative.IndividualsNotice, what, ref))
}

// cited maps every content entry to one, for a regime whose catalog entry
// lists another regime's content as a whole.
func cited(entry string) func(string) string { return func(string) string { return entry } }

// same keeps a content entry as it is.
func same(s string) string { return s }
