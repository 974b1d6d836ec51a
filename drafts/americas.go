package drafts

import "strings"

// This file holds the notices of Brazil (LGPD, ANPD Resolution 15/2024),
// Canada (PIPEDA s.10.1) and the US States.

// lgpdLate is the reviewer's note on a late LGPD communication.
const lgpdLate = "The communication must state the reasons for the delay (Resolution CD/ANPD 15/2024); see that section."

// lgpdANPD is the communication of a security incident to the ANPD.
func lgpdANPD(c *rendering) *doc {
	const ref = "Res. CD/ANPD 15/2024 Art. 6"
	n := c.in.Narrative
	d := c.report("Communication of a security incident to the ANPD (LGPD Art. 48; Resolution CD/ANPD 15/2024)", "Controller", lgpdLate,
		c.authority("Autoridade Nacional de Proteção de Dados", "LGPD Art. 48"))
	d.note("Attach the document that appoints the encarregado and states their powers. Information that is confidential may be marked as such.")
	known := c.f.PersonalDataKnownAt
	if known == nil {
		known = c.awareAt()
	}
	delay := item{Text: "None: this communication is made within the period of Resolution CD/ANPD 15/2024."}
	if c.late() {
		delay = c.need("", c.in.DelayReason, "the reasons for the delay", ref)
	}
	dpo := append(c.contact("name of the data protection officer (encarregado)", "the encarregado's contact details (e-mail or telephone)", ref, false),
		item{Label: "Proof of appointment and powers", Text: "attached"})
	d.Sections = []section{
		sec("Nature and categories of the data and of the data subjects", ref, "the nature and categories of the personal data and of the data subjects affected, flagging children, adolescents and the elderly",
			c.need("What happened", c.nature(), "the nature of the incident", ref),
			c.need("Personal data affected", c.categories(), "the categories of personal data affected", ref),
			c.need("Data subjects affected", n.SubjectCategories, "the categories of data subjects affected, flagging children, adolescents and the elderly", ref)),
		sec("Number of data subjects affected", ref, "the number of data subjects affected", c.need("", c.subjects("BR"), "the number of data subjects affected", ref)),
		sec("Technical and security measures", ref, "the technical and security measures used to protect the data",
			c.need("", c.safeguards(), "the technical and security measures used to protect the data", ref)),
		sec("Risks and likely consequences", ref, "the risks and likely consequences for data subjects",
			c.need("", n.LikelyConsequences, "the risks and likely consequences for the data subjects", ref)),
		sec("Reasons for any delay", ref, "the reasons for any delay", delay),
		sec("Measures to reverse or mitigate the effects", ref, "the measures taken or to be taken to reverse or mitigate the effects",
			c.need("", n.MeasuresTaken, "the measures taken or to be taken to reverse or mitigate the effects", ref)),
		sec("Dates of the incident and of knowledge", ref, "the date of the incident and the date the controller learnt of it",
			c.need("Date of the incident", n.OccurredOn, "the date of the incident", ref),
			c.need("Date the controller learnt of it", c.stamp(known), "the date the controller learnt of the incident", ref)),
		sec("Data protection officer (encarregado)", ref, "the data protection officer's (encarregado) details, with proof of appointment and powers", dpo...),
	}
	return d
}

// lgpdLetter is the communication to the data subjects.
func lgpdLetter(c *rendering) *doc {
	const ref = "Res. CD/ANPD 15/2024 Art. 9"
	n := c.in.Narrative
	what := optional([]item{c.need("Your personal data affected", c.categories(), "a description of the nature of the personal data affected", ref)}, "What happened", c.nature())
	measures := optional([]item{c.need("What we have done", n.MeasuresTaken, "the measures taken to mitigate the effects", ref)}, "What you can do", n.AdviceToIndividuals)
	return c.letter("Communication of a security incident involving your personal data", noReasons("Resolution CD/ANPD 15/2024 Art. 9"),
		"We are writing to tell you about a security incident involving your personal data, the risks it brings, and what is being done about it.",
		sec("Your personal data affected", ref, "a description of the nature of the affected personal data", what...),
		sec("Risks and likely consequences for you", ref, "the risks and likely consequences for the data subjects",
			c.need("", n.LikelyConsequences, "the risks and likely consequences for you", ref)),
		sec("What is being done", ref, "the measures taken or recommended to mitigate the effects", measures...),
		sec("How to contact us", ref, "the controller's and DPO's contact details",
			c.contact("name of our data protection officer (encarregado)", "our and our data protection officer's contact details", ref, false)...),
		c.noticeMethod(ref, "individually where possible (letter, e-mail, phone, message); otherwise a public notice kept for at least 90 days on the website, apps, social networks or service channels",
			"how this communication is given: individually where possible, otherwise a public notice kept for at least 90 days"))
}

// pipedaOPC is the report to the Privacy Commissioner.
func pipedaOPC(c *rendering) *doc {
	const ref = "SOR/2018-64 s.2"
	n := c.in.Narrative
	d := c.report("Report of a breach of security safeguards (PIPEDA s.10.1(1))", "Organization", noReasons("PIPEDA s.10.1"),
		c.authority("Office of the Privacy Commissioner of Canada", "PIPEDA s.10.1(1)"))
	d.note("Also notify any other organization or government institution that may be able to reduce the risk of harm (s.10.2).")
	circumstances := optional([]item{c.need("", c.nature(), "a description of the circumstances of the breach", ref)}, "Cause", c.how())
	d.Sections = []section{
		sec("Circumstances of the breach", ref, "a description of the circumstances of the breach and, if known, its cause", circumstances...),
		sec("When the breach occurred", ref, "the day on which, or the period during which, the breach occurred",
			c.need("", n.OccurredOn, "the day on which, or the period during which, the breach occurred", ref)),
		sec("Personal information involved", ref, "the personal information that is the subject of the breach",
			c.need("", c.categories(), "the personal information that is the subject of the breach", ref)),
		sec("Individuals affected", ref, "the number of individuals affected, or an approximation",
			c.need("", c.subjects("CA"), "the number of individuals affected, or an approximation", ref)),
		sec("Steps taken to reduce the risk of harm", ref, "the steps taken to reduce the risk of harm or to mitigate it",
			c.need("", n.MeasuresTaken, "the steps taken to reduce the risk of harm or to mitigate it", ref)),
		sec("Notification of affected individuals", ref, "the steps taken or intended to notify affected individuals",
			c.need("", c.individualsNotice("ca_pipeda_10_1_individuals"), "the steps taken or intended to notify the affected individuals", ref)),
		sec("Contact person", ref, "the name and contact information of a person who can answer questions",
			c.contact("name of a person who can answer the Commissioner's questions", "their contact information", ref, false)...),
	}
	return d
}

// pipedaLetter is the notification of an individual.
func pipedaLetter(c *rendering) *doc {
	const ref = "SOR/2018-64 s.3"
	n := c.in.Narrative
	return c.letter("Notice of a breach of security safeguards involving your personal information", noReasons("PIPEDA s.10.1"),
		"We are writing to tell you about a breach of security safeguards involving your personal information that creates a real risk of significant harm to you.",
		sec("What happened", ref, "a description of the circumstances of the breach", c.need("", c.nature(), "a description of the circumstances of the breach", ref)),
		sec("When it happened", ref, "the day on which, or the period during which, the breach occurred",
			c.need("", n.OccurredOn, "the day on which, or the period during which, the breach occurred", ref)),
		sec("Your personal information involved", ref, "the personal information that is the subject of the breach",
			c.need("", c.categories(), "the personal information that is the subject of the breach", ref)),
		sec("What we have done", ref, "the steps taken to reduce the risk of harm", c.need("", n.MeasuresTaken, "the steps we have taken to reduce the risk of harm to you", ref)),
		sec("What you can do", ref, "the steps individuals can take to reduce the risk of harm",
			c.need("", n.AdviceToIndividuals, "the steps you can take to reduce the risk of harm", ref)),
		sec("For more information", ref, "a toll-free number or email address for further information",
			c.contact("", "a toll-free number or e-mail address for further information", ref, false)...),
		sec("Your right to complain", ref, "the individual's right to complain to the Privacy Commissioner",
			item{Text: "You have the right to complain to the Office of the Privacy Commissioner of Canada about our handling of your personal information."}))
}

// stateLetter is a US State's notice to residents, under the headings of
// Cal. Civ. Code 1798.82(d), which the catalog names for California; the
// other States' content lists are not in REGULATIONS.md, so the reviewer's
// note asks for a check against the statute.
func stateLetter(statute, content string) func(*rendering) *doc {
	return func(c *rendering) *doc {
		n := c.in.Narrative
		what := []item{
			c.need("", c.nature(), "what happened", statute),
			c.need("Date of the breach", n.OccurredOn, "the date, or the period, of the breach", statute),
		}
		what = optional(what, "Date we discovered it", c.discoveredDay())
		d := c.letter("Notice of Data Breach", noReasons(statute),
			"We are writing to tell you about a data breach that involves your personal information, what we are doing about it, and what you can do.",
			sec("What happened", statute, content, what...),
			sec("What information was involved", statute, content, c.need("", c.categories(), "the personal information involved", statute)),
			sec("What we are doing", statute, content, c.need("", n.MeasuresTaken, "what we are doing about the breach", statute)),
			sec("What you can do", statute, content, c.need("", n.AdviceToIndividuals, "what you can do to protect yourself", statute)),
			sec("For more information", statute, content, c.contact("", "how to reach us: a telephone number, e-mail address or postal address", statute, true)...))
		if !strings.HasPrefix(statute, "Cal.") {
			d.note("The statute's own content list is not in REGULATIONS.md: check this notice against " + statute + ".")
		}
		return d.note("Record a law-enforcement delay in holds.")
	}
}

// stateReport is the frame of a report to a State authority.
func (c *rendering) stateReport(title string) *doc {
	return c.report(title, "Organization", noReasons("The statute"), c.authority("the State authority", ""))
}

// caAG is the sample copy to the California Attorney General.
func caAG(c *rendering) *doc {
	const ref = "Cal. Civ. Code 1798.82(f)"
	d := c.stateReport("Sample copy of a breach notice to the California Attorney General")
	d.Sections = []section{sec("Sample copy of the notice", ref, "a sample copy of the notice sent to residents, excluding personally identifiable information", optional([]item{
		c.need("", c.individualsNotice("us_ca_1798_82_individuals"), "the sample copy of the notice sent to residents, without personally identifiable information", ref),
	}, "California residents notified", c.residents("US-CA"))...)}
	return d
}

// txAG is the notice to the Texas Attorney General.
func txAG(c *rendering) *doc {
	const ref = "Tex. Bus. & Com. Code 521.053(i)"
	n := c.in.Narrative
	d := c.stateReport("Notice of a breach of system security to the Texas Attorney General")
	desc := optional([]item{c.need("", c.nature(), "a detailed description of the nature and circumstances of the breach", ref)}, "How it happened", c.how())
	d.Sections = []section{
		sec("Nature and circumstances of the breach", ref, "a detailed description of the nature and circumstances of the breach", desc...),
		sec("Texas residents affected", ref, "the number of Texas residents affected", c.need("", c.residents("US-TX"), "the number of Texas residents affected", ref)),
		sec("Measures taken and intended", ref, "the measures taken and intended", c.need("", n.MeasuresTaken, "the measures taken and intended to be taken", ref)),
		sec("Law enforcement", ref, "whether law enforcement is investigating", c.need("", n.LawEnforcement, "whether law enforcement is investigating the breach", ref)),
	}
	return d.note("File through the Attorney General's electronic form.")
}

// nyRegulators is the notice to the New York regulators.
func nyRegulators(c *rendering) *doc {
	const ref = "N.Y. Gen. Bus. Law 899-aa(8)"
	d := c.stateReport("Notice of a breach of the security of the system to the New York State regulators")
	if c.f.NYDFSCoveredEntity != nil && *c.f.NYDFSCoveredEntity {
		d.note("DFS is a recipient too for a DFS-regulated entity; its 72-hour notice under 23 NYCRR 500.17 is its own draft.")
	}
	d.Sections = []section{
		sec("Timing, content and distribution of the notices", ref, "the timing, content and distribution of the notices",
			c.need("", c.individualsNotice("us_ny_899aa_individuals"), "the timing, content and distribution of the notices to residents", ref)),
		sec("Persons affected", ref, "the approximate number of affected persons", c.need("", c.residents("US-NY"), "the approximate number of affected persons", ref)),
	}
	return d
}

// nyDFS is the notice of a cybersecurity incident to the DFS.
func nyDFS(c *rendering) *doc {
	const (
		ref   = "23 NYCRR 500.17(a)"
		entry = "the information the DFS portal asks for about the incident"
	)
	determined := c.f.BreachDeterminedAt
	if determined == nil {
		determined = c.awareAt()
	}
	d := c.report("Notice of a cybersecurity incident to the New York Department of Financial Services (23 NYCRR 500.17)", "Covered entity", noReasons("23 NYCRR 500.17"),
		c.authority("New York Department of Financial Services", ref))
	what := []item{
		c.need("What happened", c.nature(), "a description of the cybersecurity incident", ref),
		c.need("Determined", c.stamp(determined), "when the covered entity determined that a cybersecurity incident occurred", ref),
	}
	what = optional(what, "Type", c.threat())
	what = optional(what, "Systems affected", c.in.Incident.Asset)
	d.Sections = []section{
		sec("The cybersecurity incident", ref, entry, what...),
		sec("Impact", ref, entry, c.scope([]item{c.need("", c.in.Narrative.Impact, "the impact of the incident", ref)}, "US-NY")...),
		sec("Response", ref, entry, c.need("", c.in.Narrative.MeasuresTaken, "the measures taken in response", ref)),
		sec("Other portal questions", ref, entry, c.need("", c.in.Narrative.OtherInformation, "the answers to the other questions of the DFS portal", ref)),
	}
	return d.note("File through the DFS portal; this draft gathers its answers.")
}

// coAG is the notice to the Colorado Attorney General.
func coAG(c *rendering) *doc {
	const (
		ref   = "C.R.S. 6-1-716(2)(f)"
		entry = "the notice to the Attorney General as the statute requires it"
	)
	d := c.stateReport("Notice of a security breach to the Colorado Attorney General")
	d.note("The statute's own content list is not in REGULATIONS.md: check this notice against " + ref + ".")
	d.Sections = []section{
		sec("The security breach", ref, entry, c.need("", c.nature(), "a description of the security breach", ref)),
		sec("Colorado residents affected", ref, entry, c.need("", c.residents("US-CO"), "the number of Colorado residents affected", ref)),
		sec("Notice to residents", ref, entry, c.need("", c.individualsNotice("us_co_6_1_716_individuals"), "when and how the residents were notified", ref)),
	}
	return d
}

// flDLA is the notice to the Florida Department of Legal Affairs.
func flDLA(c *rendering) *doc {
	const ref = "Fla. Stat. 501.171(3)"
	n := c.in.Narrative
	d := c.stateReport("Notice of a breach of security to the Florida Department of Legal Affairs")
	d.note("15 more days for good cause, given in writing to the Department within the 30 days, are recorded in holds.")
	d.Sections = []section{
		sec("Synopsis of the events", ref, "a synopsis of the events surrounding the breach", c.need("", c.nature(), "a synopsis of the events surrounding the breach", ref)),
		sec("Individuals in Florida affected", ref, "the number of individuals in Florida affected",
			c.need("", c.residents("US-FL"), "the number of individuals in Florida affected", ref)),
		sec("Services offered to individuals", ref, "services offered to individuals",
			c.need("", n.ServicesOffered, "the services offered to the individuals, or that none are", ref)),
		sec("Copy of the notice to individuals", ref, "a copy of the notice to individuals",
			c.need("", c.individualsNotice("us_fl_501_171_individuals"), "a copy of the notice to the individuals", ref)),
		sec("Contact", ref, "the name and contact details of an employee or agent to contact",
			c.contact("name of an employee or agent to contact", "their contact details", ref, false)...),
	}
	return d
}
