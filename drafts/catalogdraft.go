package drafts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/breachd/breachd/internal/text"
)

// Regime is a regime's catalog entry as a draft needs it. A regime without
// a builder of its own (most US States, most countries) is drafted from it:
// a section per content entry the catalog lists, filled from the input
// where the entry asks for something the input holds, marked missing
// otherwise. The caller fills it from the catalog (respond does).
type Regime struct {
	ID            string
	Name          string
	Jurisdiction  string
	Recipient     string
	RecipientKind string
	Basis         string
	// Zone is the zone that dates the draft (the regime's clock zone);
	// empty is UTC.
	Zone    string
	Content []string
}

// Draftable reports whether r is a notice with a content list to draft
// from: not an internal record, and the catalog lists what it must hold.
func (r Regime) Draftable() bool {
	return r.RecipientKind != "internal" && r.RecipientKind != "" && len(r.Content) > 0
}

// HasDraft reports whether a draft can be rendered for r: it has a builder
// of its own or is Draftable.
func HasDraft(r Regime) bool {
	_, ok := builders[r.ID]
	return ok || r.Draftable()
}

// builder is the generic builder of r.
func (r Regime) builder() builder {
	return builder{jurisdiction: r.Jurisdiction, zone: r.Zone, regulator: r.Recipient, build: r.build}
}

// build writes the draft: a letter to the people affected, or a report to
// whoever else the law names, with one section per content entry.
func (r Regime) build(c *rendering) *doc {
	ref := r.Basis
	sections := make([]section, 0, len(r.Content))
	for i, want := range r.Content {
		key := ElementKey(r.ID, i+1)
		items := c.fill(want, r)
		if a := strings.TrimSpace(c.in.Answers[key]); a != "" {
			items = []item{{Text: a}}
		}
		// A gap says which narrative key answers it.
		for j := range items {
			if items[j].Missing != "" {
				items[j].Missing += " (narrative key " + key + ")"
			}
		}
		sections = append(sections, sec(heading(want), ref, want, items...))
	}
	var d *doc
	switch r.RecipientKind {
	case "individuals":
		d = c.letter("Notice of Data Breach", noReasons(ref),
			"We are writing to tell you about a data breach that involves your personal information, what we are doing about it, and what you can do.",
			sections...)
	case "customer":
		d = c.report(r.Name, "Processor", noReasons(ref), c.customer(ref))
		d.Sections = sections
	default:
		d = c.report(r.Name, "Organization", noReasons(ref), c.authority(r.Recipient, ref))
		d.Sections = sections
	}
	d.note("Drafted from the catalog's content list for " + ref + ": read it against the text of the law before sending.")
	return d.note("Record a law-enforcement delay in holds.")
}

// heading is a content entry as a section heading: without a leading
// citation ("Art. 12(3): …"), capitalised, at most 80 bytes.
func heading(content string) string {
	h := content
	if i := strings.Index(h, ": "); i > 0 && i < 40 && strings.ContainsAny(h[:i], "0123456789") {
		h = h[i+2:]
	}
	if r, n := utf8.DecodeRuneInString(h); n > 0 {
		h = string(unicode.ToUpper(r)) + h[n:]
	}
	return text.Truncate(h, 80)
}

// fill answers one content entry from the input: by what the entry asks
// for, in the words statutes use. An entry the input cannot answer is
// marked missing with the entry's own words.
func (c *rendering) fill(want string, r Regime) []item {
	ref, n := r.Basis, c.in.Narrative
	w := strings.ToLower(want)
	has := func(words ...string) bool {
		for _, word := range words {
			if strings.Contains(w, word) {
				return true
			}
		}
		return false
	}
	switch {
	case has("copy of the notice", "sample", "template of the notice"):
		return []item{c.need("", n.IndividualsNotice, want, ref)}
	case has("consumer reporting agenc", "credit reporting agenc", "credit bureau", "federal trade commission", "attorney general"):
		// Someone else's numbers and addresses: not ours to fill in.
		return []item{c.gap("", want, ref)}
	case has("contact", "telephone", "toll-free", "for more information"):
		return c.contact("", "how to reach us: "+want, ref, true)
	case has("number of") && strings.HasPrefix(r.Jurisdiction, "US-"):
		return []item{c.need("", c.residents(r.Jurisdiction), want, ref)}
	case has("number of", "how many"):
		return []item{c.need("", c.subjects(""), want, ref)}
	case has("police report"):
		// The consumer's right to a police report (M.G.L. c. 93H, s. 3(b)
		// and the like) is no statement that law enforcement is
		// investigating: the organisation writes it.
		return []item{c.gap("", want, ref)}
	case has("mitigation services"):
		// Services to be provided to the people affected (M.G.L. c. 93H,
		// s. 3(b)), not what was done about the breach.
		return []item{c.need("", n.ServicesOffered, want, ref)}
	case has("what you can do", "advice", "steps individuals", "protect themselves", "recommend"):
		return []item{c.need("", n.AdviceToIndividuals, want, ref)}
	case has("measures", "what we are doing", "steps taken", "remedial", "mitigat", "action taken"):
		return []item{c.need("", n.MeasuresTaken, want, ref)}
	case has("consequence", "risk", "harm"):
		return []item{c.need("", n.LikelyConsequences, want, ref)}
	case has("law enforcement", "police"):
		return []item{c.need("", n.LawEnforcement, want, ref)}
	case has("credit monitoring", "services offered", "identity theft protection"):
		return []item{c.need("", n.ServicesOffered, want, ref)}
	case has("information involved", "categories", "type of personal", "types of personal", "personal information", "personal data", "elements"):
		return []item{c.need("", c.categories(), want, ref)}
	case has("date", "when"):
		items := []item{c.need("Date of the breach", n.OccurredOn, want, ref)}
		return optional(items, "Date we discovered it", c.discoveredDay())
	case has("description", "what happened", "nature", "circumstances", "synopsis", "general"):
		return optional([]item{c.need("", c.nature(), want, ref)}, "How it happened", c.how())
	}
	return []item{c.gap("", want, ref)}
}
