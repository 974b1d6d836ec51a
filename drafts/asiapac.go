package drafts

// This file holds the notices of Australia (Privacy Act Part IIIC), Japan
// (APPI Art. 26), Korea (PIPA Art. 34) and India (DPDP Rule 7 and the
// CERT-In Directions).

// auSections are the s.26WK(3) contents of the statement, which the
// notice to individuals repeats (s.26WL).
func (c *rendering) auSections(cite func(string) string) []section {
	who := []item{c.need("Entity", c.in.Org.Name, "the identity of the entity", "s.26WK(3)(a)")}
	who = append(who, c.contact("", "the contact details of the entity", "s.26WK(3)(a)", true)...)
	what := []item{c.need("", c.nature(), "a description of the eligible data breach", "s.26WK(3)(b)")}
	what = optional(what, "How it happened", c.how())
	what = optional(what, "When it happened", c.in.Narrative.OccurredOn)
	return []section{
		sec("Who we are and how to contact us", "s.26WK(3)(a)", cite("s.26WK(3)(a): the identity and contact details of the entity"), who...),
		sec("What happened", "s.26WK(3)(b)", cite("s.26WK(3)(b): a description of the eligible data breach"), what...),
		sec("The kinds of information concerned", "s.26WK(3)(c)", cite("s.26WK(3)(c): the kinds of information concerned"),
			c.need("", c.categories(), "the kinds of information concerned", "s.26WK(3)(c)")),
		sec("What we recommend you do", "s.26WK(3)(d)", cite("s.26WK(3)(d): recommendations about the steps individuals should take in response"),
			c.need("", c.in.Narrative.AdviceToIndividuals, "recommendations about the steps individuals should take in response to the breach", "s.26WK(3)(d)")),
	}
}

// auStatement is the s.26WK statement to the Commissioner.
func auStatement(c *rendering) *doc {
	d := c.report("Statement about an eligible data breach (Privacy Act 1988 s.26WK)", "Entity", noReasons("s.26WK"),
		c.authority("Office of the Australian Information Commissioner", "s.26WK(2)"))
	d.Sections = c.auSections(same)
	return d
}

// auLetter is the s.26WL notification of an individual: the statement's
// contents, and how it is given.
func auLetter(c *rendering) *doc {
	sections := append(c.auSections(cited("the contents of the statement (s.26WK(3)(a)-(d))")),
		c.noticeMethod("s.26WL(2)", "if notifying individuals is not practicable: publish the statement on the website and take reasonable steps to publicise it (s.26WL(2)(c))",
			"how this notice is given: to each individual, to those at risk, or, where neither is practicable, by publishing the statement on our website and publicising it (s.26WL(2)(c))"))
	return c.letter("Notification of an eligible data breach", noReasons("s.26WL"),
		"We are writing to tell you about a data breach that is likely to result in serious harm, and what we recommend you do.", sections...)
}

// appiOutline is the outline, the personal data and the cause the PPC
// reports and the notice to principals share.
func (c *rendering) appiOutline(cite func(string) string, ref string, count bool) []section {
	outline := []item{c.need("What happened", c.nature(), "an outline of the situation", ref)}
	outline = optional(outline, "Became aware", c.stamp(c.awareAt()))
	outline = optional(outline, "When it happened", c.in.Narrative.OccurredOn)
	data, entry := []item{c.need("Personal data involved", c.categories(), "the personal data involved", ref)}, "the personal data involved"
	if count {
		data = append(data, c.need("Principals affected", c.subjects("JP"), "the number of principals affected", ref))
		entry = "the personal data involved and the number of principals affected"
	}
	return []section{
		sec("Outline of the situation", ref, cite("an outline of the situation"), outline...),
		sec("Personal data involved", ref, cite(entry), data...),
		sec("Cause", ref, cite("the cause"), c.need("", c.how(), "the cause", ref)),
		sec("Secondary damage", ref, cite("whether there is secondary damage or a risk of it"),
			c.need("", c.in.Narrative.LikelyConsequences, "whether there is secondary damage or a risk of it", ref)),
	}
}

// The content entries of the report that Rules Art. 8(1) items 7 and 9
// add (公表の実施状況, その他参考となる事項), as catalog.yaml words them.
const (
	appiPublic = "the status of the public announcement (Rules Art. 8(1) item 7)"
	appiOther  = "other matters for reference (Rules Art. 8(1) item 9)"
)

// appiReport is the report to the PPC: preliminary, or final with the same
// items complete. The items are the nine of Rules Art. 8(1): the outline
// (1), the personal data (2) and number of principals (3), the cause (4),
// secondary damage (5), the response to principals (6), the public
// announcement (7), the preventive measures (8) and other matters (9).
func appiReport(final bool) func(*rendering) *doc {
	return func(c *rendering) *doc {
		const ref = "Rules Art. 8(1)"
		title, cite := "Preliminary report (速報) of a personal data breach (APPI Art. 26(1))", same
		if final {
			title, cite = "Final report (確報) of a personal data breach (APPI Art. 26(1))", cited("the items of the preliminary report, complete")
		}
		n := c.in.Narrative
		d := c.report(title, "Business operator", noReasons("APPI Art. 26"), c.authority("Personal Information Protection Commission", "APPI Art. 26(1)"))
		d.Sections = append(c.appiOutline(cite, ref, true),
			sec("Measures taken and response to principals", ref, cite("the measures taken and the response to principals"),
				c.need("Measures taken", n.MeasuresTaken, "the measures taken", ref),
				c.need("Response to principals", c.individualsNotice("jp_appi_26_individuals"), "the response to the principals (notice or substitute measures)", ref)),
			sec("Public announcement", ref, cite(appiPublic), c.need("", n.PublicAnnouncement, "the status of the public announcement, or that none is made", ref)),
			sec("Preventive measures", ref, cite("the preventive measures"), c.need("", n.Prevention, "the measures to prevent a recurrence", ref)),
			sec("Other matters for reference", ref, cite(appiOther), c.need("", n.OtherInformation, "other matters for reference, or that there are none", ref)))
		if !final {
			d.note("Report what is known now; the final report (確報) gives every item.")
		}
		return d
	}
}

// appiLetter is the notice to a principal (Art. 26(2), Rules Art. 10).
func appiLetter(c *rendering) *doc {
	const ref = "Rules Art. 10"
	other := []item{c.need("What you can do", c.in.Narrative.AdviceToIndividuals, "what the principal can do, and other matters for reference", ref)}
	other = append(other, c.contact("", "a contact point for enquiries", ref, false)...)
	sections := append(c.appiOutline(same, ref, false),
		sec("Other matters for reference", ref, "other matters for reference", other...),
		c.noticeMethod(ref, "where notification is difficult: substitute measures (public announcement, contact point) to protect the principals' rights",
			"how this notice is given, or the substitute measures (public announcement, contact point) where notifying is difficult"))
	return c.letter("Notice of a personal data breach", noReasons("APPI Art. 26(2)"),
		"We are writing to tell you about a leak of personal data that may involve yours.", sections...)
}

// pipaSections are the Art. 34(1) items of the notice to data subjects.
func (c *rendering) pipaSections(cite func(string) string) []section {
	const ref = "PIPA Art. 34(1)"
	n := c.in.Narrative
	return []section{
		sec("Personal information leaked", ref, cite("the items of personal information leaked"),
			c.need("", c.categories(), "the items of personal information leaked", ref)),
		sec("When and how the leak occurred", ref, cite("when and how the leak occurred"),
			c.need("When", n.OccurredOn, "when the leak occurred", ref),
			c.need("How", c.how(), "how the leak occurred", ref)),
		sec("What data subjects can do to minimise the damage", ref, cite("what the data subject can do to minimise the damage"),
			c.need("", n.AdviceToIndividuals, "what the data subject can do to minimise the damage", ref)),
		sec("Response measures and remedial procedures", ref, cite("the controller's response measures and remedial procedures"),
			c.need("", n.MeasuresTaken, "the controller's response measures and remedial procedures", ref)),
		sec("Where to report damage", ref, cite("the department and contact to report damage to"),
			c.contact("the department and person to report damage to", "how to reach them (telephone or e-mail)", ref, false)...),
	}
}

// pipaLetter is the Art. 34(1)-(2) notice to data subjects.
func pipaLetter(c *rendering) *doc {
	sections := append(c.pipaSections(same), c.noticeMethod("Decree Art. 40", "substitute notice: where contacts are unknown, a website posting for at least 30 days",
		"how this notice is given, or a website posting for at least 30 days where contacts are unknown"))
	d := c.letter("Notice of a personal information leak", "A delay is allowed only for urgent containment or force majeure, with the notice immediately once the reason ends (PIPA Art. 34); record the reason in the breach register.",
		"We are writing to tell you that your personal information has, or may have, leaked. Where some facts are not yet confirmed, we tell you what we know now and the rest as soon as it is confirmed.", sections...)
	return d
}

// pipaReport is the Art. 34(3) report to the PIPC or KISA: the items of
// the notice to data subjects, with the time and method of that notice.
func pipaReport(c *rendering) *doc {
	const entry = "the items of notice to data subjects, with the time and method of that notice"
	d := c.report("Report of a personal information leak (PIPA Art. 34(3))", "Controller", noReasons("PIPA Art. 34"),
		c.authority("Personal Information Protection Commission or KISA", "PIPA Art. 34(3)"))
	d.Sections = append(c.pipaSections(cited(entry)),
		sec("Notice to the data subjects", "PIPA Art. 34(3)", entry, optional([]item{
			c.need("Time and method", c.individualsNotice("kr_pipa_34_notify_subjects"), "the time and method of the notice to the data subjects", "PIPA Art. 34(3)"),
		}, "Data subjects affected", c.subjects("KR"))...))
	return d
}

// dpdpDescription is the description of Rule 7: nature, extent, timing and
// location. The Board reads the affected asset as the location; a Data
// Principal is told "in a concise, clear and plain manner" (Rule 7(1)), so
// her letter takes the location only as written in words (location), never
// the asset's name (billing-db-prod).
func (c *rendering) dpdpDescription(ref string, principal bool) []item {
	where, whereWhat := first(c.in.Narrative.Location, c.in.Incident.Asset), "the location of the breach (the system or place)"
	if principal {
		where, whereWhat = c.in.Narrative.Location, "where the breach occurred, in plain words (the service, system or place: location)"
	}
	return optional([]item{
		c.need("What happened", c.nature(), "the nature of the breach", ref),
		c.need("Extent", c.categories(), "the extent of the breach (the personal data affected)", ref),
		c.need("When", c.in.Narrative.OccurredOn, "the timing of the breach", ref),
		c.need("Where", where, whereWhat, ref),
	}, "Data Principals affected", c.subjects("IN"))
}

// dpdpLetter is the Rule 7(1) intimation to each affected Data Principal.
func dpdpLetter(c *rendering) *doc {
	n := c.in.Narrative
	return c.letter("Intimation of a personal data breach", noReasons("DPDP Rule 7(1)"),
		"We are writing to tell you about a breach of personal data that affects yours, what it may mean for you, and what you can do.",
		sec("What happened", "Rule 7(1)(a)", "(a) a description of the breach, including its nature, extent, timing and location", c.dpdpDescription("Rule 7(1)(a)", true)...),
		sec("What this may mean for you", "Rule 7(1)(b)", "(b) the likely consequences",
			c.need("", n.LikelyConsequences, "the consequences relevant to you that are likely to arise from the breach", "Rule 7(1)(b)")),
		sec("What we have done", "Rule 7(1)(c)", "(c) the mitigation measures taken or being taken",
			c.need("", n.MeasuresTaken, "the measures we have taken or are taking to mitigate the risk", "Rule 7(1)(c)")),
		sec("What you can do", "Rule 7(1)(d)", "(d) the safety measures the Data Principal may take",
			c.need("", n.AdviceToIndividuals, "the safety measures you may take to protect your interests", "Rule 7(1)(d)")),
		sec("Who can answer your questions", "Rule 7(1)(e)", "(e) business contact information of a person who can answer questions",
			c.contact("name of a person who can answer questions on our behalf", "their business contact information", "Rule 7(1)(e)", false)...))
}

// dpdpBoard is the frame of a report to the Data Protection Board.
func (c *rendering) dpdpBoard(title string) *doc {
	return c.report(title, "Data Fiduciary", noReasons("DPDP Rule 7(2)"), c.authority("Data Protection Board of India", "Rule 7(2)"))
}

// dpdpBoardInitial is the Rule 7(2)(a) intimation to the Board.
func dpdpBoardInitial(c *rendering) *doc {
	const ref = "Rule 7(2)(a)"
	d := c.dpdpBoard("Intimation of a personal data breach to the Data Protection Board (DPDP Rule 7(2)(a))")
	d.Sections = []section{
		sec("Description of the breach", ref, "a description of the breach, including its nature, extent, timing and location", c.dpdpDescription(ref, false)...),
		sec("Likely impact", ref, "the likely impact", c.need("", first(c.in.Narrative.Impact, c.in.Narrative.LikelyConsequences), "the likely impact of the breach", ref)),
	}
	return d.note("The detailed report is due within 72 hours of becoming aware (Rule 7(2)(b)).")
}

// dpdpBoardDetailed is the Rule 7(2)(b) report to the Board.
func dpdpBoardDetailed(c *rendering) *doc {
	const ref = "Rule 7(2)(b)"
	n := c.in.Narrative
	d := c.dpdpBoard("Detailed report of a personal data breach to the Data Protection Board (DPDP Rule 7(2)(b))")
	d.Sections = []section{
		sec("Updated description of the breach", ref, "updated and detailed information on the description of the breach", c.dpdpDescription(ref, false)...),
		sec("Facts, circumstances and reasons", ref, "the broad facts, circumstances and reasons leading to the breach",
			c.need("", c.rootCause(), "the broad facts, circumstances and reasons leading to the breach", ref)),
		sec("Mitigation measures", ref, "the mitigation measures taken or proposed", c.need("", n.MeasuresTaken, "the measures taken or proposed to mitigate the risk", ref)),
		sec("Findings about the person who caused the breach", ref, "any findings about the person who caused the breach",
			c.need("", n.Perpetrator, "any findings about the person who caused the breach, or that there are none", ref)),
		sec("Remedial measures to prevent recurrence", ref, "the remedial measures taken to prevent recurrence",
			c.need("", n.Prevention, "the remedial measures taken to prevent a recurrence", ref)),
		sec("Intimations to Data Principals", ref, "a report on the intimations given to affected Data Principals",
			c.need("", c.individualsNotice("in_dpdp_r7_principals"), "a report on the intimations given to the affected Data Principals", ref)),
	}
	return d.note("The Board may allow a longer period on written request: record an extension in holds.")
}

// certIn is the report of a cyber incident to CERT-In, with the items of
// the Directions' incident report form.
func certIn(c *rendering) *doc {
	const (
		ref   = "CERT-In Directions (ii)"
		entry = "the incident report form of the Directions (type, time of occurrence and detection, affected systems, indicators)"
	)
	d := c.report("Report of a cyber incident to CERT-In (Directions of 28 April 2022)", "Reporting entity", noReasons("The CERT-In Directions"),
		c.authority("Indian Computer Emergency Response Team (CERT-In)", ref))
	d.Intro = optional(nil, "What happened", c.nature())
	d.Sections = []section{
		sec("Type of incident", ref, entry, c.need("", c.threat(), "the type of cyber incident", ref)),
		sec("Time of occurrence and detection", ref, entry,
			c.need("Occurred", c.in.Narrative.OccurredOn, "the time the incident occurred", ref),
			c.need("Detected", c.stamp(c.discovered()), "the time the incident was detected", ref)),
		sec("Affected systems", ref, entry, c.need("", first(c.in.Narrative.AffectedFunctions, c.in.Incident.Asset), "the systems affected", ref)),
		sec("Indicators", ref, entry, c.indicators(ref)),
	}
	return d.note("File through the incident report form of the Directions; keep ICT system logs for 180 days.")
}
