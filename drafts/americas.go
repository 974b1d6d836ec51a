package drafts

import (
	"slices"
	"strings"

	"github.com/breachd/breachd/incident"
)

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
		c.need("Proof of appointment and powers", n.AppointmentProof, "the document that appoints the encarregado and states their powers, to attach", ref))
	desc := []item{
		c.need("What happened", c.nature(), "a description of the incident", ref+" §2 XI"),
		c.need("Main cause", c.rootCause(), "the main cause of the incident, if it has been identified", ref+" §2 XI"),
	}
	d.Sections = []section{
		sec("Description of the incident and its main cause", ref+" §2 XI", lgpdCause, desc...),
		sec("Nature and categories of the data and of the data subjects", ref, "the nature and categories of the personal data and of the data subjects affected, flagging children, adolescents and the elderly",
			c.need("Personal data affected", c.categories(), "the categories of personal data affected", ref),
			c.need("Data subjects affected", n.SubjectCategories, "the categories of data subjects affected, flagging children, adolescents and the elderly", ref)),
		sec("Number of data subjects affected", ref, "the number of data subjects affected", c.need("", c.subjects("BR"), "the number of data subjects affected", ref)),
		sec("Total number of data subjects in the affected processing", ref+" §2 XII", lgpdTotal,
			c.need("", n.ProcessingDataSubjects, "the total number of data subjects whose data are processed in the processing activities the incident affected", ref+" §2 XII")),
		sec("Technical and security measures, before and after the incident", ref, lgpdMeasures,
			c.need("Before the incident", c.safeguards(), "the technical and security measures that protected the data before the incident", ref),
			c.need("After the incident", n.MeasuresTaken, "the technical and security measures adopted after the incident", ref)),
		sec("Risks and likely consequences", ref, "the risks and likely consequences for data subjects",
			c.need("", n.LikelyConsequences, "the risks and likely consequences for the data subjects", ref)),
		sec("Reasons for any delay", ref, "the reasons for any delay", delay),
		sec("Measures to reverse or mitigate the effects", ref, "the measures taken or to be taken to reverse or mitigate the effects",
			c.need("", n.MeasuresTaken, "the measures taken or to be taken to reverse or mitigate the effects", ref)),
		sec("Dates of the incident and of knowledge", ref, "the date of the incident and the date the controller learnt of it",
			c.need("Date of the incident", n.OccurredOn, "the date of the incident", ref),
			c.need("Date the controller learnt of it", c.stamp(known), "the date the controller learnt of the incident", ref)),
		sec("Data protection officer (encarregado)", ref, "the data protection officer's (encarregado) details, with proof of appointment and powers", dpo...),
		sec("Small processing agent", ref+" §2 IX", lgpdSmallAgent, c.smallAgent(ref+" §2 IX")),
		sec("Operator (processor)", ref+" §2 X", lgpdOperator, c.operator(ref+" §2 X")),
	}
	return d
}

// The content entries of the ANPD communication that Art. 6 §2 IX to XII
// add, as catalog.yaml words them.
const (
	lgpdSmallAgent = "the declaration that the controller is a small processing agent, where it is one (Art. 6 §2 IX)"
	lgpdOperator   = "the identification of the operator (processor), where there is one (Art. 6 §2 X)"
	lgpdCause      = "a description of the incident, including its main cause, where it can be identified (Art. 6 §2 XI)"
	lgpdTotal      = "the total number of data subjects whose data are processed in the processing activities affected by the incident (Art. 6 §2 XII)"
	lgpdMeasures   = "the technical and security measures used to protect the data, before and after the incident"
)

// smallAgent is the declaration of a small processing agent (Resolution
// CD/ANPD 2/2022), as the facts record it.
func (c *rendering) smallAgent(ref string) item {
	switch s := c.f.SmallProcessingAgent; {
	case s == nil:
		return c.gap("", "whether the controller declares itself a small processing agent (Resolution CD/ANPD 2/2022)", ref)
	case *s:
		return item{Text: "The controller declares that it is a small processing agent under Resolution CD/ANPD 2/2022."}
	}
	return item{Text: "The controller is not a small processing agent under Resolution CD/ANPD 2/2022."}
}

// operator is the operator (processor) of the affected processing: our
// organisation when we process the data for the customer, else missing,
// since the facts do not name the controller's processors.
func (c *rendering) operator(ref string) item {
	if c.f.Role == incident.RoleProcessor {
		return c.need("", c.in.Org.Name, "the name of the operator (processor)", ref)
	}
	return c.need("", c.in.Narrative.Operator, "the identification of the operator (processor) that processed the data for the controller, or that there was none", ref)
}

// lgpdLetter is the communication to the data subjects.
func lgpdLetter(c *rendering) *doc {
	const ref = "Res. CD/ANPD 15/2024 Art. 9"
	n := c.in.Narrative
	what := optional([]item{c.need("Your personal data affected", c.categories(), "a description of the nature of the personal data affected", ref)}, "What happened", c.nature())
	measures := optional([]item{c.need("What we have done", n.MeasuresTaken, "the measures taken to mitigate the effects", ref)}, "What you can do", n.AdviceToIndividuals)
	d := c.letter("Communication of a security incident involving your personal data", noReasons("Resolution CD/ANPD 15/2024 Art. 9"),
		"We are writing to tell you about a security incident involving your personal data, the risks it brings, and what is being done about it.",
		sec("Your personal data affected", ref, "a description of the nature of the affected personal data", what...),
		sec("Risks and likely consequences for you", ref, "the risks and likely consequences for the data subjects",
			c.need("", n.LikelyConsequences, "the risks and likely consequences for you", ref)),
		sec("What is being done", ref, "the measures taken or recommended to mitigate the effects", measures...),
		sec("How to contact us", ref, "the controller's and DPO's contact details",
			c.contact("name of our data protection officer (encarregado)", "our and our data protection officer's contact details", ref, false)...),
		c.lgpdNoticeMethod(ref))
	d.note("Where individual communication is not possible, keep a public notice for at least three months on the website, apps, social networks or service channels (Art. 9 §3).")
	return d.note("Within 3 working days of the end of this communication's period, declare to the ANPD that it was made (Art. 9 §4; lgpd_anpd_res15_declaration): record the communication in submitted.lgpd_anpd_res15_titulares to start that clock.")
}

// lgpdPublic is the content entry of the means of the communication to the
// data subjects (Res. CD/ANPD 15/2024 Art. 9 §2 and §3).
const lgpdPublic = "individually where possible (letter, e-mail, phone, message); otherwise a public notice kept for at least three months on the website, apps, social networks or service channels"

// lgpdNoticeMethod is how the communication reaches the data subjects; a
// public notice says that it stays published for at least three months.
func (c *rendering) lgpdNoticeMethod(ref string) section {
	s := c.noticeMethod(ref, lgpdPublic, "how this communication is given: individually where possible, otherwise a public notice kept for at least three months")
	how := strings.ToLower(c.in.Narrative.IndividualsNotice)
	if strings.Contains(how, "public") || strings.Contains(how, "público") || strings.Contains(how, "publico") {
		s.Items = append(s.Items, item{Text: "This public notice stays published for at least three months (Res. CD/ANPD 15/2024 Art. 9 §3)."})
	}
	return s
}

// pipedaOPC is the report to the Privacy Commissioner, with the content
// of SOR/2018-64 s.2(1)(a)-(g).
func pipedaOPC(c *rendering) *doc {
	const ref = "SOR/2018-64 s.2(1)"
	n := c.in.Narrative
	d := c.report("Report of a breach of security safeguards (PIPEDA s.10.1(1))", "Organization", noReasons("PIPEDA s.10.1"),
		c.authority("Office of the Privacy Commissioner of Canada", "PIPEDA s.10.1(1)"))
	d.note("Also notify any other organization or government institution that may be able to reduce the risk of harm (s.10.2).")
	d.note("New information learnt after the report may be sent to the Commissioner (SOR/2018-64 s.2(2)), by any secure means (s.2(3)).")
	circumstances := optional([]item{c.need("", c.nature(), "a description of the circumstances of the breach", ref+"(a)")}, "Cause", c.how())
	d.Sections = []section{
		sec("Circumstances of the breach", ref+"(a)", "a description of the circumstances of the breach and, if known, its cause", circumstances...),
		sec("When the breach occurred", ref+"(b)", "the day on which, or the period during which, the breach occurred",
			c.need("", n.OccurredOn, "the day on which, or the period during which, the breach occurred or, if neither is known, the approximate period", ref+"(b)")),
		sec("Personal information involved", ref+"(c)", "the personal information that is the subject of the breach",
			c.need("", c.categories(), "a description of the personal information that is the subject of the breach", ref+"(c)")),
		sec("Individuals affected", ref+"(d)", "the number of individuals affected, or an approximation",
			c.need("", c.subjects("CA"), "an estimate of the number of individuals in respect of whom the breach creates a real risk of significant harm", ref+"(d)")),
		sec("Steps taken to reduce the risk of harm", ref+"(e)", "the steps taken to reduce the risk of harm or to mitigate it",
			c.need("", n.MeasuresTaken, "the steps taken to reduce the risk of harm or to mitigate it", ref+"(e)")),
		sec("Notification of affected individuals", ref+"(f)", "the steps taken or intended to notify affected individuals",
			c.need("", c.individualsNotice("ca_pipeda_10_1_individuals"), "the steps taken or intended to notify the affected individuals", ref+"(f)")),
		sec("Contact person", ref+"(g)", "the name and contact information of a person who can answer questions",
			c.contact("name of a person who can answer the Commissioner's questions on behalf of the organization", "their contact information", ref+"(g)", false)...),
	}
	return d
}

// pipedaComplaint is the content entry of SOR/2018-64 s.3(g), as the
// catalog words it.
const pipedaComplaint = "information about the organization's internal complaint process and about the individual's right to file a complaint with the Privacy Commissioner (SOR/2018-64 s.3(g))"

// pipedaLetter is the notification of an individual, with the content of
// SOR/2018-64 s.3(a)-(g).
func pipedaLetter(c *rendering) *doc {
	const ref = "SOR/2018-64 s.3"
	n := c.in.Narrative
	d := c.letter("Notice of a breach of security safeguards involving your personal information", noReasons("PIPEDA s.10.1"),
		"We are writing to tell you about a breach of security safeguards involving your personal information that creates a real risk of significant harm to you.",
		sec("What happened", ref+"(a)", "a description of the circumstances of the breach", c.need("", c.nature(), "a description of the circumstances of the breach", ref+"(a)")),
		sec("When it happened", ref+"(b)", "the day on which, or the period during which, the breach occurred",
			c.need("", n.OccurredOn, "the day on which, or the period during which, the breach occurred or, if neither is known, the approximate period", ref+"(b)")),
		sec("Your personal information involved", ref+"(c)", "the personal information that is the subject of the breach",
			c.need("", c.categories(), "a description of the personal information that is the subject of the breach", ref+"(c)")),
		sec("What we have done", ref+"(d)", "the steps taken to reduce the risk of harm", c.need("", n.MeasuresTaken, "the steps we have taken to reduce the risk of harm to you", ref+"(d)")),
		sec("What you can do", ref+"(e)", "the steps individuals can take to reduce the risk of harm",
			c.need("", n.AdviceToIndividuals, "the steps you can take to reduce the risk of harm", ref+"(e)")),
		sec("For more information", ref+"(f)", "a toll-free number or email address for further information",
			c.contact("", "a toll-free number or e-mail address for further information", ref+"(f)", false)...),
		// s.3(g) asks for both: the organisation's own complaint
		// process, which only the organisation can describe, and the
		// right to complain to the Commissioner, which the Act gives.
		sec("How to complain", ref+"(g)", pipedaComplaint,
			c.need("Our complaint process", n.ComplaintProcess, "how you can complain to us: our internal complaint process", ref+"(g)"),
			item{Label: "The Privacy Commissioner", Text: "You have the right to file a complaint with the Office of the Privacy Commissioner of Canada about our handling of your personal information."}))
	if c.in.Org.Email == "" && c.in.Org.Phone != "" {
		d.note("SOR/2018-64 s.3(f) asks for a toll-free number or an e-mail address: check that the telephone number is toll-free, or add an e-mail address.")
	}
	return d
}

// stateLetter is a US State's notice to residents, under the headings of
// Cal. Civ. Code 1798.82(d); California's own is caLetter. The other
// States' content lists are not in REGULATIONS.md, so the reviewer's note
// asks for a check against the statute.
func stateLetter(statute, content string) func(*rendering) *doc {
	if strings.HasPrefix(statute, "Cal.") {
		return caLetter
	}
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
		d.note("The statute's own content list is not in REGULATIONS.md: check this notice against " + statute + ".")
		return d.note("Record a law-enforcement delay in holds.")
	}
}

// nyAgencies is the content entry of N.Y. Gen. Bus. Law 899-aa(7) that the
// other States' letters lack, as catalog/us-ny.yaml words it.
const nyAgencies = "the telephone numbers and websites of the relevant State and federal agencies that provide information regarding security breach response and identity theft prevention and protection (899-aa(7))"

// nyLetter is the New York notice to residents: the State letter, with the
// telephone numbers and websites of the State and federal agencies that
// 899-aa(7) asks every notice to give. Their numbers are not the
// organisation's to know by heart: they are written (agency_contacts) and
// marked missing until then.
func nyLetter(c *rendering) *doc {
	const ref = "N.Y. Gen. Bus. Law 899-aa(7)"
	d := stateLetter("N.Y. Gen. Bus. Law 899-aa(2)", "the notice to residents as the statute requires it")(c)
	agencies := []item{c.gap("", "the telephone numbers and websites of the relevant State and federal agencies that provide information on security breach response and identity theft prevention and protection (agency_contacts)", ref)}
	if l := lines(c.in.Narrative.AgencyContacts); len(l) > 0 {
		agencies = []item{{Text: "These State and federal agencies provide information about responding to a security breach and about preventing identity theft:"}, {List: l}}
	}
	// Before "For more information", which stays last.
	n := len(d.Sections)
	d.Sections = slices.Insert(d.Sections, n-1, sec("Agencies that can help", ref, nyAgencies, agencies...))
	return d
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

// The content entries of the notice to the Texas Attorney General, one for
// each item of 521.053(i) as amended by S.B. 768 (2023), as
// catalog/us-tx.yaml words them.
const (
	txNature   = "a detailed description of the nature and circumstances of the breach or of the use of sensitive personal information acquired as a result of it (521.053(i)(1))"
	txAffected = "the number of Texas residents affected at the time of notification (521.053(i)(2))"
	txSent     = "the number of affected residents sent a disclosure of the breach by mail or other direct method of communication at the time of notification (521.053(i)(3))"
	txMeasures = "the measures taken regarding the breach and any measures intended after the notification (521.053(i)(4), (5))"
	txPolice   = "whether law enforcement is engaged in investigating the breach (521.053(i)(6))"
)

// txAG is the notice to the Texas Attorney General, with the six items of
// Tex. Bus. & Com. Code 521.053(i).
func txAG(c *rendering) *doc {
	const ref = "Tex. Bus. & Com. Code 521.053(i)"
	n := c.in.Narrative
	d := c.stateReport("Notice of a breach of system security to the Texas Attorney General")
	desc := optional([]item{c.need("", c.nature(), "a detailed description of the nature and circumstances of the breach", ref+"(1)")}, "How it happened", c.how())
	d.Sections = []section{
		sec("Nature and circumstances of the breach", ref+"(1)", txNature, desc...),
		sec("Texas residents affected", ref+"(2)", txAffected, c.need("", c.residents("US-TX"), "the number of Texas residents affected at the time of notification", ref+"(2)")),
		sec("Residents sent a disclosure directly", ref+"(3)", txSent,
			c.need("", n.DirectlyNotified, "the number of affected residents sent a disclosure of the breach by mail or other direct method at the time of notification (directly_notified)", ref+"(3)")),
		sec("Measures taken and intended", ref+"(4), (5)", txMeasures, c.need("", n.MeasuresTaken, "the measures taken regarding the breach and any measures intended after this notification", ref+"(4), (5)")),
		sec("Law enforcement", ref+"(6)", txPolice, c.need("", n.LawEnforcement, "whether law enforcement is engaged in investigating the breach", ref+"(6)")),
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
		sec("Services offered to individuals", ref+"(b)3.", flServices,
			c.need("", n.ServicesOffered, "the services related to the breach offered or scheduled to be offered without charge, with instructions on how to use them, or that none are", ref+"(b)3.")),
		sec("Copy of the notice to individuals", ref+"(b)4.", flCopy,
			c.need("", c.individualsNotice("us_fl_501_171_individuals"), "a copy of the notice to the individuals, or an explanation of the other actions taken under 501.171(4)", ref+"(b)4.")),
		sec("Contact", ref+"(b)5.", flContact, c.flContact(ref+"(b)5.")...),
	}
	return d
}

// The content entries of the notice to the Department that 501.171(3)(b)
// words item by item, as catalog/us-fl.yaml words them.
const (
	flServices = "any services related to the breach offered or scheduled to be offered without charge to individuals, with instructions on how to use them (501.171(3)(b)3.)"
	flCopy     = "a copy of the notice to individuals, or an explanation of the other actions taken under 501.171(4) (501.171(3)(b)4.)"
	flContact  = "the name, address, telephone number and e-mail address of the employee or agent from whom additional information may be obtained (501.171(3)(b)5.)"
)

// flContact is the contact of 501.171(3)(b)5., which asks for all four of
// the name, address, telephone number and e-mail address, not one of them.
func (c *rendering) flContact(ref string) []item {
	o := c.in.Org
	return []item{
		c.need("Name", o.ContactName, "the name of the employee or agent from whom additional information may be obtained", ref),
		c.need("Address", o.Address, "their address", ref),
		c.need("Telephone", o.Phone, "their telephone number", ref),
		c.need("E-mail", o.Email, "their e-mail address", ref),
	}
}

// The content entries of the Massachusetts notice to residents, as
// catalog/us-ma.yaml words them (M.G.L. c. 93H, s. 3(b)).
const (
	maPolice   = "the right of the consumer to obtain a police report"
	maFreeze   = "how to request a security freeze and the information needed to request one"
	maNoCharge = "that no charge may be made for a security freeze"
	maServices = "mitigation services to be provided (18 months of credit monitoring where Social Security numbers are involved)"
)

// maLetter is the Massachusetts notice to residents (M.G.L. c. 93H,
// s. 3(b)). Unlike every other letter it must not describe the breach: s.
// 3(b) forbids the nature of the breach and the number of residents
// affected in it, so neither the narrative's account nor any count is
// drawn in. What it must say is what the resident can do: obtain a police
// report and place a security freeze at no charge, and the credit
// monitoring offered where Social Security numbers are involved (s. 3A).
// The freeze instructions are the organisation's to write
// (security_freeze).
func maLetter(c *rendering) *doc {
	const ref = "M.G.L. c. 93H, s. 3(b)"
	n := c.in.Narrative
	freeze := []item{{Text: "You may place a security freeze on your credit report with each of the nationwide consumer reporting agencies:"}, {List: c.creditAgencies()}}
	freeze = append(freeze, c.need("How to request it", n.SecurityFreeze, "how to request a security freeze and the information needed to request one (security_freeze)", ref))
	var services []item
	switch ssn, known := c.exposed([]string{"ssn"}); {
	case strings.TrimSpace(n.ServicesOffered) != "":
		services = []item{{Label: "Services offered to you", Text: strings.TrimSpace(n.ServicesOffered)}}
	case ssn:
		services = []item{c.gap("", "the credit monitoring services offered at no cost for not less than 18 months, since Social Security numbers are involved, and how to enrol (services_offered)", "M.G.L. c. 93H, s. 3A")}
	case known:
		services = []item{{Text: "Not applicable: the breach did not involve Social Security numbers."}}
	default:
		services = []item{c.gap("", "whether Social Security numbers are involved, which requires the offer of credit monitoring services for not less than 18 months (services_offered)", "M.G.L. c. 93H, s. 3A")}
	}
	d := c.letter("Notice of Data Breach", noReasons(ref),
		"We are writing to tell you about a breach of security that involves your personal information, and about the steps you can take to protect yourself.",
		sec("Your right to a police report", ref, maPolice, item{Text: "You have the right to obtain any police report filed about this breach of security."}),
		sec("How to request a security freeze", ref, maFreeze, freeze...),
		sec("No charge for a security freeze", ref, maNoCharge, item{Text: "No one may charge you for placing a security freeze."}),
		sec("Credit monitoring services", "M.G.L. c. 93H, s. 3A", maServices, services...))
	d.note("s. 3(b) forbids the nature of the breach and the number of Massachusetts residents affected in this notice: the draft states neither; do not add them.")
	d.note("M.G.L. c. 93H, s. 3 was not read in its own text (see the catalog's unverified list): check this notice against it, and the consumer reporting agencies' lines against their websites, before sending.")
	return d.note("Record a law-enforcement delay (s. 4) in holds.")
}

// caStatute is the paragraph of the California notice's form and content.
const caStatute = "Cal. Civ. Code 1798.82(d)"

// The content entries of the California notice to residents, as
// catalog/us-ca.yaml words them: one for each heading of 1798.82(d)(1) and
// one for each element of (d)(2) that stands apart from them.
const (
	caDate     = "the date of the notice (1798.82(d)(2)(C))"
	caHappened = "under the heading \"What Happened\": a general description of the breach incident and the date, the estimated date or the date range of the breach, if possible to determine (1798.82(d)(1), (d)(2)(C) and (E))"
	caDelay    = "whether notification was delayed as a result of a law enforcement investigation (1798.82(d)(2)(D))"
	caInvolved = "under the heading \"What Information Was Involved\": the types of personal information that were or are reasonably believed to have been the subject of the breach (1798.82(d)(1), (d)(2)(B))"
	caDoing    = "under the heading \"What We Are Doing\": what the person or business is doing about the breach (1798.82(d)(1))"
	caServices = "where the person or business was the source of the breach and it exposed a Social Security, driver's license, California identification card or other government identification number, the offer of appropriate identity theft prevention and mitigation services at no cost for not less than 12 months, with all information necessary to take it up (1798.82(d)(2)(G))"
	caCanDo    = "under the heading \"What You Can Do\": what the resident can do to protect themselves (1798.82(d)(1))"
	caAgencies = "the toll-free telephone numbers and addresses of the major credit reporting agencies, if the breach exposed a Social Security number or a driver's license or California identification card number (1798.82(d)(2)(F))"
	caMoreInfo = "under the heading \"For More Information\": the name and contact information of the person or business giving the notice (1798.82(d)(1), (d)(2)(A))"
)

// caAgencyCategories are the data categories whose exposure puts the
// credit reporting agencies in the notice (1798.82(d)(2)(F): a Social
// Security number, a driver's license or California identification card
// number); caServiceCategories those that require the offer of services
// from the source of the breach ((d)(2)(G): the data of (h)(1)(A) and (B),
// which adds the tax identification, passport, military identification and
// other government identification numbers).
var (
	caAgencyCategories  = []string{"ssn", "drivers_license", "national_id", "government_id"}
	caServiceCategories = []string{"ssn", "drivers_license", "national_id", "government_id", "tax", "passport"}
)

// creditAgencies are the nationwide credit reporting agencies, with the
// toll-free numbers and addresses of their fraud departments, as their
// fraud departments published them (Experian's and TransUnion's numbers as
// the California Attorney General listed them in 2017); numbers change, so
// the organisation file's credit_agencies replace them, and the reviewer
// checks them before filing.
var creditAgencies = []string{
	"Equifax: 1-800-525-6285, P.O. Box 105069, Atlanta, GA 30348-5069, www.equifax.com",
	"Experian: 1-888-397-3742, P.O. Box 9554, Allen, TX 75013, www.experian.com",
	"TransUnion: 1-800-680-7289, P.O. Box 2000, Chester, PA 19016, www.transunion.com",
}

// exposed says whether the facts record one of cats; known is false when
// they record no data category at all.
func (c *rendering) exposed(cats []string) (yes, known bool) {
	for _, cat := range c.f.DataCategories {
		if slices.Contains(cats, cat) {
			return true, true
		}
	}
	return false, len(c.f.DataCategories) > 0
}

// hold is the hold recorded on the regime being drafted, or nil.
func (c *rendering) hold() *incident.Hold {
	for i, h := range c.f.Holds {
		if h.Regime == c.regime {
			return &c.f.Holds[i]
		}
	}
	return nil
}

// noticeDay is the date of a notice to individuals: the day it was
// recorded as given, else the day the draft is rendered.
func (c *rendering) noticeDay() string {
	if t, ok := c.f.Submitted[c.regime]; ok {
		return c.day(t)
	}
	return c.day(c.in.Now)
}

// caLetter is the California notice to residents: titled "Notice of Data
// Breach", under the five headings of 1798.82(d)(1), with the elements of
// (d)(2).
func caLetter(c *rendering) *doc {
	const ref = caStatute
	n := c.in.Narrative
	what := []item{
		c.need("", c.nature(), "a general description of the breach incident", ref+"(2)(E)"),
		c.need("Date of the breach", n.OccurredOn, "the date, the estimated date or the date range of the breach", ref+"(2)(C)"),
	}
	what = optional(what, "Date we discovered it", c.discoveredDay())

	delay := item{Text: "This notice was not delayed as a result of a law enforcement investigation."}
	h := c.hold()
	if h != nil {
		delay = item{Text: "This notice was delayed as a result of a law enforcement investigation."}
	}

	agencies := []item{{Text: "Not applicable: the breach did not expose a Social Security number, a driver's license number or a California identification card number."}}
	switch yes, known := c.exposed(caAgencyCategories); {
	case yes:
		agencies = []item{
			{Text: "You may contact the major credit reporting agencies to place a fraud alert or a security freeze on your credit file, or to order a free credit report:"},
			{List: c.creditAgencies()},
		}
	case !known:
		agencies = []item{c.gap("", "whether the breach exposed a Social Security number or a driver's license or California identification card number, which requires the credit reporting agencies' toll-free numbers and addresses", ref+"(2)(F)")}
	}

	// The offer is owed by the source of the breach when it exposed the
	// data of (h)(1)(A) and (B); not knowing either is a gap, not a no.
	const servicesWhat = "the offer of identity theft prevention and mitigation services at no cost for not less than 12 months and how to take it up"
	var services []item
	serviceData, known := c.exposed(caServiceCategories)
	source := c.f.SourceOfBreach
	switch {
	case strings.TrimSpace(n.ServicesOffered) != "":
		services = []item{{Label: "Services offered to you", Text: strings.TrimSpace(n.ServicesOffered)}}
	case known && !serviceData:
		services = []item{{Text: "Not applicable: the breach did not expose a Social Security number, a driver's license, California identification card or other government identification number."}}
	case source != nil && !*source:
		services = []item{{Text: "Not applicable: we were not the source of the breach."}}
	case source == nil:
		services = []item{c.gap("", servicesWhat+", owed where we were the source of the breach: record source_of_breach", ref+"(2)(G)")}
	default:
		services = []item{c.gap("", servicesWhat+", owed since we were the source of the breach", ref+"(2)(G)")}
	}

	d := c.letter("Notice of Data Breach", noReasons(ref),
		"We are writing to tell you about a data breach that involves your personal information, what we are doing about it, and what you can do.",
		sec("Date of This Notice", ref+"(2)(C)", caDate, item{Text: c.noticeDay()}),
		sec("What Happened", ref+"(1)", caHappened, what...),
		sec("Law Enforcement Investigation", ref+"(2)(D)", caDelay, delay),
		sec("What Information Was Involved", ref+"(1)", caInvolved, c.need("", c.categories(), "the types of personal information involved", ref+"(2)(B)")),
		sec("What We Are Doing", ref+"(1)", caDoing, c.need("", n.MeasuresTaken, "what we are doing about the breach", ref+"(1)")),
		sec("Identity Theft Prevention and Mitigation Services", ref+"(2)(G)", caServices, services...),
		sec("What You Can Do", ref+"(1)", caCanDo, c.need("", n.AdviceToIndividuals, "what you can do to protect yourself", ref+"(1)")),
		sec("Credit Reporting Agencies", ref+"(2)(F)", caAgencies, agencies...),
		sec("For More Information", ref+"(1)", caMoreInfo,
			c.contact("", "how to reach us: a telephone number, e-mail address or postal address", ref+"(2)(A)", true)...))
	d.note("Send in plain language, the title and headings clearly and conspicuously displayed, the text no smaller than 10-point type (" + ref + "(1)); the HTML draft is set in 12-point type.")
	d.note("The date of this notice is the day it is drafted until the notice is recorded in submitted." + c.regime + ": change it to the day it is sent.")
	if h != nil {
		d.note("A hold is recorded on this regime (" + orDash(h.Reason) + "): the notice says it was delayed by a law enforcement investigation; change that if the hold was for another reason.")
	} else {
		d.note("Record a law-enforcement delay in holds: the notice then says it was delayed by a law enforcement investigation.")
	}
	if yes, _ := c.exposed(caAgencyCategories); yes {
		d.note("Check the credit reporting agencies' numbers and addresses against their websites before sending.")
	}
	if strings.TrimSpace(n.ServicesOffered) != "" && serviceData && (source == nil || *source) {
		d.note("Where we were the source of the breach, the services must be offered at no cost for not less than 12 months, with all information needed to take them up (" + ref + "(2)(G)): check the offer says so.")
	}
	return d
}

// creditAgencies are the organisation file's agency lines, or the
// built-in ones.
func (c *rendering) creditAgencies() []string {
	if len(c.in.Org.CreditAgencies) > 0 {
		return c.in.Org.CreditAgencies
	}
	return creditAgencies
}
