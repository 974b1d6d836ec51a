package drafts

import (
	"maps"
	"slices"
	"strings"
)

// This file holds the HIPAA breach notices (45 CFR 164.404-410). The notice
// to individuals, the media notice and the business associate's notice all
// carry the content of 164.404(c)(1); hipaaContent writes it once.

// hipaaWho is who a 164.404(c)(1) content speaks to or of: the heading and
// wording of the steps the individuals can take and of what we do.
type hipaaWho struct {
	can, canWhat, doingWhat string
}

// hipaaLateNote is the reviewer's note on a late HIPAA notice.
func hipaaLateNote(rule string) string {
	return rule + " asks for no statement of reasons in the notice; record them in the breach register, and any law-enforcement delay (164.412) in holds."
}

// hipaaContent are the sections of 164.404(c)(1)(A)-(E); cite maps each
// 164.404 content entry to the one the regime's catalog entry lists.
func (c *rendering) hipaaContent(cite func(string) string, who hipaaWho) []section {
	doing := []item{c.need("", c.in.Narrative.MeasuresTaken, who.doingWhat, "164.404(c)(1)(D)")}
	return []section{
		{Heading: "What happened", Ref: "164.404(c)(1)(A)", Content: cite("what happened, including the date of the breach and the date of discovery"), Items: []item{
			c.need("", c.nature(), "a brief description of what happened", "164.404(c)(1)(A)"),
			c.need("Date of the breach", c.in.Narrative.OccurredOn, "the date of the breach", "164.404(c)(1)(A)"),
			c.need("Date we discovered it", c.discoveredDay(), "the date of discovery", "164.404(c)(1)(A)"),
		}},
		{Heading: "What information was involved", Ref: "164.404(c)(1)(B)", Content: cite("the types of unsecured PHI involved"), Items: []item{
			c.need("", c.categories(), "the types of unsecured protected health information involved (such as name, Social Security number, date of birth, diagnosis)", "164.404(c)(1)(B)"),
		}},
		{Heading: who.can, Ref: "164.404(c)(1)(C)", Content: cite("steps individuals should take to protect themselves"), Items: []item{
			c.need("", c.in.Narrative.AdviceToIndividuals, who.canWhat, "164.404(c)(1)(C)"),
		}},
		{Heading: "What we are doing", Ref: "164.404(c)(1)(D)", Content: cite("what the covered entity is doing to investigate, mitigate and protect against further breaches"), Items: doing},
		{Heading: "For more information", Ref: "164.404(c)(1)(E)", Content: cite("contact procedures (toll-free number, email address, website or postal address)"),
			Items: c.hipaaContact()},
	}
}

// hipaaContact is the contact procedures of 164.404(c)(1)(E), "which shall
// include a toll-free telephone number, an e-mail address, Web site, or
// postal address". The sentence reads either as one of the four or as the
// toll-free number and one of the other three; the draft takes the
// stricter reading (REGULATIONS.md convention 7): the telephone number is
// required, with an e-mail or postal address beside it. Whether the
// number is toll-free the organisation's details do not say, so the line
// is labelled a telephone number and the reviewer's note asks for the
// check: the draft does not assert what nobody recorded.
func (c *rendering) hipaaContact() []item {
	const ref = "164.404(c)(1)(E)"
	o := c.in.Org
	items := optional(nil, "Name", o.ContactName)
	items = append(items, c.need("Telephone", o.Phone, "a toll-free telephone number", ref))
	items = optional(items, "E-mail", o.Email)
	items = optional(items, "Postal address", o.Address)
	if o.Email == "" && o.Address == "" {
		items = append(items, c.gap("Contact details", "an e-mail address, website or postal address beside the toll-free number", ref))
	}
	return items
}

// hipaaTollFree is the reviewer's note on the telephone number a HIPAA
// notice gives as toll-free.
func hipaaTollFree(d *doc, c *rendering) *doc {
	if c.in.Org.Phone == "" {
		return d
	}
	return d.note("164.404(c)(1)(E) asks for a toll-free telephone number: check that " + c.in.Org.Phone + " is one before sending.")
}

// hipaaLetter is the 164.404 notice to an individual, with the content of
// 164.404(c)(1) in plain language.
func hipaaLetter(c *rendering) *doc {
	sections := c.hipaaContent(same, hipaaWho{
		can:       "What you can do",
		canWhat:   "steps you should take to protect yourself from potential harm",
		doingWhat: "what we are doing to investigate the breach, to mitigate harm to you and to protect against further breaches",
	})
	d := c.letter("Notice of a breach of your health information", hipaaLateNote("164.404"),
		"We are writing to tell you about a breach that involves your health information, what we are doing about it, and what you can do.", sections...)
	d.Closing = []item{{Text: "Sincerely,"}}
	return hipaaTollFree(d, c)
}

// hipaaMedia is the 164.406 notice to prominent media outlets serving each
// State with more than 500 affected residents: the 164.404(c) content, as
// a press release.
func hipaaMedia(c *rendering) *doc {
	const entry = "the same content as the notice to individuals (164.404(c))"
	var states []string
	for _, code := range slices.Sorted(maps.Keys(c.f.ResidentsByState)) {
		if c.f.ResidentsByState[code] > 500 {
			states = append(states, code)
		}
	}
	o := c.in.Org
	return hipaaTollFree(&doc{
		Title:    "Notice of a breach of unsecured protected health information",
		Internal: c.internal(hipaaLateNote("164.406")),
		To: []item{c.need("Prominent media outlets serving", strings.Join(states, ", "),
			"the States or jurisdictions with more than 500 affected residents, from residents_by_state", "164.406(a)")},
		From:  []item{c.need("", o.Name, "the covered entity's name", ""), c.need("", o.Address, "the covered entity's postal address", "")},
		Intro: []item{{Text: "This notice informs the public of a breach of unsecured protected health information involving more than 500 residents of a State or jurisdiction (45 CFR 164.406)."}},
		Sections: c.hipaaContent(cited(entry), hipaaWho{
			can:       "What affected individuals can do",
			canWhat:   "steps individuals should take to protect themselves from potential harm",
			doingWhat: "what the covered entity is doing to investigate the breach, to mitigate harm to individuals and to protect against further breaches",
		}),
	}, c)
}

// hipaaHHS is the 164.408(b) notice to the Secretary, filed through the
// HHS breach portal at the same time as the notice to individuals.
func hipaaHHS(c *rendering) *doc {
	const (
		ref   = "164.408(b)"
		entry = "the information the HHS breach portal form asks for, consistent with the notice to individuals"
	)
	n := c.in.Narrative
	d := c.report("Notice of a breach of unsecured protected health information to the Secretary of HHS (45 CFR 164.408(b))", "Covered entity",
		hipaaLateNote("164.408"), c.authority("Secretary of Health and Human Services", ref))
	d.note("File through the HHS breach portal, contemporaneously with the notice to individuals; this draft gathers its answers.")
	breach := []item{
		c.need("What happened", c.nature(), "a description of what happened", ref),
		c.need("Date of the breach", n.OccurredOn, "the date of the breach", ref),
		c.need("Date of discovery", c.discoveredDay(), "the date of discovery", ref),
		c.need("Individuals affected", c.subjects("US"), "the number of individuals affected", ref),
	}
	breach = optional(breach, "Type of breach", c.threat())
	breach = optional(breach, "Location of the information", c.in.Incident.Asset)
	actions := optional(nil, "Safeguards in place", c.safeguards())
	actions = append(actions, c.need("Actions taken", n.MeasuresTaken, "the actions taken in response to the breach", ref))
	d.Sections = []section{
		sec("The breach", ref, entry, breach...),
		sec("Protected health information involved", ref, entry,
			c.need("", c.categories(), "the types of unsecured protected health information involved", ref)),
		sec("Safeguards and actions taken", ref, entry, actions...),
		sec("Notice to individuals", ref, entry,
			c.need("", c.individualsNotice("hipaa_164_404_individuals"), "when and how the individuals were notified under 164.404", ref)),
		sec("Contact", ref, entry, c.contact("name of the contact for this report", "contact details (e-mail or telephone)", ref, false)...),
	}
	return d
}

// hipaaBA is the 164.410 notice of a business associate to the covered
// entity: the individuals affected and the 164.404(c) information the
// covered entity needs for its own notice.
func hipaaBA(c *rendering) *doc {
	const entry = "the information the covered entity needs for its notice to individuals (164.404(c))"
	o := c.in.Org
	who := []item{c.need("", c.in.Narrative.AffectedIndividuals, "the identification of each individual affected, to the extent possible", "164.410(c)(1)")}
	who = optional(who, "Number of individuals", c.subjects("US"))
	sections := []section{sec("Individuals affected", "164.410(c)(1)", "the identity of each individual affected, to the extent possible", who...)}
	sections = append(sections, c.hipaaContent(cited(entry), hipaaWho{
		can:       "Steps individuals should take",
		canWhat:   "steps individuals should take to protect themselves from potential harm",
		doingWhat: "what we are doing to investigate the breach, to mitigate harm and to protect against further breaches",
	})[:4]...)
	from := c.processorFrom()
	from = optional(from, "Contact", o.ContactName)
	from = optional(from, "E-mail", o.Email)
	from = optional(from, "Telephone", o.Phone)
	return (&doc{
		Title:    "Notice of a breach of unsecured protected health information by a business associate (45 CFR 164.410)",
		Internal: c.internal(hipaaLateNote("164.410")),
		To:       c.customer("164.410(a)"),
		From:     from,
		Intro:    []item{{Text: "As your business associate, we are notifying you of a breach of unsecured protected health information that we discovered (45 CFR 164.410). The information below is what you need for your notice to the individuals (164.404(c)), as far as it is available now; we will send more as it becomes available."}},
		Sections: sections,
	}).note("If we act as the covered entity's agent, its own 60 days may start at our discovery (HHS interim final rule commentary).")
}
