package drafts

import (
	"slices"
	"strings"
)

// builders are the regimes with a draft. Each doc cites, in its sections'
// Content, the catalog content entries of its regime word for word.
var builders = map[string]builder{
	"gdpr_art33_sa":             {build: gdprAuthority("", "")},
	"uk_gdpr_art33_ico":         {jurisdiction: "UK", zone: "Europe/London", regulator: "Information Commissioner's Office", build: gdprAuthority("UK GDPR ", "UK")},
	"gdpr_art34_individuals":    {build: gdprLetter("")},
	"uk_gdpr_art34_individuals": {jurisdiction: "UK", zone: "Europe/London", build: gdprLetter("UK GDPR ")},
	"pdpa_26d1_pdpc":            {jurisdiction: "SG", zone: "Asia/Singapore", abbr: "SGT", regulator: "Personal Data Protection Commission", build: pdpaCommission},
	"pdpa_26d2_individuals":     {jurisdiction: "SG", zone: "Asia/Singapore", abbr: "SGT", build: pdpaLetter},
	"sec_8k_item_1_05":          {jurisdiction: "US", zone: "America/New_York", regulator: "US Securities and Exchange Commission", build: sec8K},
	"hipaa_164_404_individuals": {jurisdiction: "US", zone: "America/New_York", build: hipaaLetter},

	"nis2_art23_early_warning":         {build: nis2EarlyWarning},
	"nis2_art23_incident_notification": {build: nis2Notification},
	"nis2_art23_final_report":          {build: nis2Final},
	"dora_art19_initial":               {build: doraInitial},
	"dora_art19_intermediate":          {build: doraIntermediate},
	"dora_art19_final":                 {build: doraFinal},

	"gdpr_art33_2_processor":  {build: gdprProcessor.build},
	"cispe_coc_customer":      {build: cispeProcessor.build},
	"iso27018_a10_1_customer": {build: iso27018Processor.build},
	"contract_dpa_sla":        {build: contractProcessor.build},
	"pdpa_26c3_intermediary":  {jurisdiction: "SG", zone: "Asia/Singapore", abbr: "SGT", build: pdpaIntermediary.build},
	"hipaa_164_410_ba_to_ce":  {jurisdiction: "US", zone: "America/New_York", build: hipaaBA},

	"cn_csl_art42":                     {jurisdiction: "CN", zone: "Asia/Shanghai", abbr: "CST", build: cslLetter},
	"cn_pipl_art57_authority":          {jurisdiction: "CN", zone: "Asia/Shanghai", abbr: "CST", build: piplAuthority},
	"cn_pipl_art57_individuals":        {jurisdiction: "CN", zone: "Asia/Shanghai", abbr: "CST", build: piplLetter},
	"cn_cac_2025_report_cii_1h":        {jurisdiction: "CN", zone: "Asia/Shanghai", abbr: "CST", build: cacReport("the CII protection department (保护工作部门) and the public security organ")},
	"cn_cac_2025_report_provincial_4h": {jurisdiction: "CN", zone: "Asia/Shanghai", abbr: "CST", build: cacReport("the provincial cyberspace administration where the operator is located (属地省级网信部门)")},
	"cn_cac_2025_final_summary":        {jurisdiction: "CN", zone: "Asia/Shanghai", abbr: "CST", build: cacSummary},

	"lgpd_anpd_res15_anpd":       {jurisdiction: "BR", zone: "America/Sao_Paulo", abbr: "BRT", regulator: "Autoridade Nacional de Proteção de Dados (ANPD)", build: lgpdANPD},
	"lgpd_anpd_res15_titulares":  {jurisdiction: "BR", zone: "America/Sao_Paulo", abbr: "BRT", build: lgpdLetter},
	"au_ndb_26wk_oaic_statement": {jurisdiction: "AU", zone: "Australia/Sydney", regulator: "Office of the Australian Information Commissioner", build: auStatement},
	"au_ndb_26wl_individuals":    {jurisdiction: "AU", zone: "Australia/Sydney", build: auLetter},
	"ca_pipeda_10_1_opc":         {regulator: "Office of the Privacy Commissioner of Canada", build: pipedaOPC},
	"ca_pipeda_10_1_individuals": {build: pipedaLetter},
	"jp_appi_26_preliminary":     {jurisdiction: "JP", zone: "Asia/Tokyo", regulator: "Personal Information Protection Commission", build: appiReport(false)},
	"jp_appi_26_final":           {jurisdiction: "JP", zone: "Asia/Tokyo", regulator: "Personal Information Protection Commission", build: appiReport(true)},
	"jp_appi_26_individuals":     {jurisdiction: "JP", zone: "Asia/Tokyo", build: appiLetter},
	"kr_pipa_34_notify_subjects": {jurisdiction: "KR", zone: "Asia/Seoul", build: pipaLetter},
	"kr_pipa_34_report_pipc":     {jurisdiction: "KR", zone: "Asia/Seoul", regulator: "Personal Information Protection Commission", build: pipaReport},
	"in_dpdp_r7_principals":      {jurisdiction: "IN", zone: "Asia/Kolkata", build: dpdpLetter},
	"in_dpdp_r7_board_initial":   {jurisdiction: "IN", zone: "Asia/Kolkata", regulator: "Data Protection Board of India", build: dpdpBoardInitial},
	"in_dpdp_r7_board_detailed":  {jurisdiction: "IN", zone: "Asia/Kolkata", regulator: "Data Protection Board of India", build: dpdpBoardDetailed},
	"in_certin_2022_6h":          {jurisdiction: "IN", zone: "Asia/Kolkata", regulator: "Indian Computer Emergency Response Team (CERT-In)", build: certIn},

	"us_ca_1798_82_individuals": {jurisdiction: "US-CA", zone: "America/Los_Angeles", build: stateLetter("Cal. Civ. Code 1798.82(d)", "the notice titled \"Notice of Data Breach\" with the headings of 1798.82(d): what happened, what information was involved, what we are doing, what you can do, for more information")},
	"us_ca_1798_82_ag":          {jurisdiction: "US-CA", zone: "America/Los_Angeles", regulator: "California Attorney General", build: caAG},
	"us_tx_521_053_individuals": {jurisdiction: "US-TX", zone: "America/Chicago", build: stateLetter("Tex. Bus. & Com. Code 521.053(b)", "the notice to individuals as the statute requires it")},
	"us_tx_521_053_ag":          {jurisdiction: "US-TX", zone: "America/Chicago", regulator: "Texas Attorney General", build: txAG},
	"us_ny_899aa_individuals":   {jurisdiction: "US-NY", zone: "America/New_York", build: nyLetter},
	"us_ny_899aa_regulators":    {jurisdiction: "US-NY", zone: "America/New_York", regulator: "New York Attorney General, Department of State and State Police", build: nyRegulators},
	"us_ny_dfs_500_17":          {jurisdiction: "US-NY", zone: "America/New_York", regulator: "New York Department of Financial Services", build: nyDFS},
	"us_co_6_1_716_individuals": {jurisdiction: "US-CO", zone: "America/Denver", build: stateLetter("C.R.S. 6-1-716(2)", "the notice to residents as the statute requires it")},
	"us_co_6_1_716_ag":          {jurisdiction: "US-CO", zone: "America/Denver", regulator: "Colorado Attorney General", build: coAG},
	"us_fl_501_171_individuals": {jurisdiction: "US-FL", zone: "America/New_York", build: stateLetter("Fla. Stat. 501.171(4)", "the notice to individuals as the statute requires it")},
	"us_ma_93h_3_individuals":   {jurisdiction: "US-MA", zone: "America/New_York", build: maLetter},
	"us_fl_501_171_dla":         {jurisdiction: "US-FL", zone: "America/New_York", regulator: "Florida Department of Legal Affairs", build: flDLA},

	"hipaa_164_406_media":               {jurisdiction: "US", zone: "America/New_York", build: hipaaMedia},
	"hipaa_164_408_hhs_contemporaneous": {jurisdiction: "US", zone: "America/New_York", regulator: "Secretary of Health and Human Services", build: hipaaHHS},
}

// Catalog content entries, as catalog.yaml words them.
const (
	gdpr33a = "Art. 33(3)(a): nature of the breach, categories and approximate number of data subjects and of personal data records"
	gdpr33b = "Art. 33(3)(b): name and contact details of the DPO or other contact point"
	gdpr33c = "Art. 33(3)(c): likely consequences of the breach"
	gdpr33d = "Art. 33(3)(d): measures taken or proposed, including mitigation"
	gdpr34n = "the nature of the breach in clear and plain language"
	gdpr34c = "Art. 33(3)(c): likely consequences"
)

// letterName is the mail-merge field for the person a letter goes to.
const letterName = "Dear «name»,"

// gdprAuthority is the Art. 33 notification to the supervisory authority;
// prefix is "UK GDPR " for the ICO, jur the jurisdiction whose data
// subjects are counted.
func gdprAuthority(prefix, jur string) func(*rendering) *doc {
	return func(c *rendering) *doc {
		ref := func(s string) string { return prefix + s }
		if jur == "" {
			jur = "EU"
		}
		o := c.in.Org
		d := &doc{
			Title:    "Personal data breach notification (" + ref("Art. 33") + ")",
			Internal: c.internal("The notification must be accompanied by the reasons for the delay (" + ref("Art. 33(1)") + "); see the last section."),
			To:       c.regulator("supervisory authority", ref("Art. 55")),
			From:     []item{c.need("Controller", o.Name, "name of the controller", ""), c.need("Address", o.Address, "address of the controller", "")},
		}
		nature := []item{
			c.need("What happened", c.nature(), "description of the nature of the breach", ref("Art. 33(3)(a)")),
			c.need("Became aware", c.stamp(c.awareAt()), "when the controller became aware of the breach", ref("Art. 33(1)")),
		}
		nature = optional(nature, "How it occurred", c.how())
		nature = optional(nature, "Systems affected", c.in.Incident.Asset)
		nature = append(nature,
			c.need("Categories of data subjects", c.in.Narrative.SubjectCategories, "categories of data subjects concerned", ref("Art. 33(3)(a)")),
			c.need("Approximate number of data subjects", c.subjects(jur), "approximate number of data subjects concerned", ref("Art. 33(3)(a)")),
			c.need("Categories of personal data records", c.categories(), "categories of personal data records concerned", ref("Art. 33(3)(a)")),
			c.need("Approximate number of personal data records", c.in.Narrative.RecordsConcerned, "approximate number of personal data records concerned", ref("Art. 33(3)(a)")),
		)
		d.Sections = []section{
			{Heading: "Nature of the personal data breach", Ref: ref("Art. 33(3)(a)"), Content: gdpr33a, Items: nature},
			{Heading: "Data protection officer or other contact point", Ref: ref("Art. 33(3)(b)"), Content: gdpr33b,
				Items: c.contact("name of the DPO or other contact point", "contact details (e-mail or telephone) of the DPO or other contact point", ref("Art. 33(3)(b)"), false)},
			{Heading: "Likely consequences of the breach", Ref: ref("Art. 33(3)(c)"), Content: gdpr33c,
				Items: []item{c.need("", c.in.Narrative.LikelyConsequences, "likely consequences of the breach", ref("Art. 33(3)(c)"))}},
			{Heading: "Measures taken or proposed", Ref: ref("Art. 33(3)(d)"), Content: gdpr33d,
				Items: []item{c.need("", c.in.Narrative.MeasuresTaken, "measures taken or proposed to address the breach, including to mitigate its possible adverse effects", ref("Art. 33(3)(d)"))}},
		}
		// Phased information (Art. 33(4)) covers the content above, not
		// the reasons for a delay, which go with the notification itself.
		if len(c.missing) > 0 {
			d.Closing = append(d.Closing, item{Text: "Information not yet available will be provided in phases without undue further delay (" + ref("Art. 33(4)") + ")."})
		}
		return c.lateReasons(d, "Reasons for the delay", ref("Art. 33(1)"),
			"This notification is made more than 72 hours after the controller became aware of the breach.")
	}
}

// gdprLetter is the Art. 34 communication: a letter in plain language to
// the person affected, with at least the Art. 33(3)(b)-(d) information.
func gdprLetter(prefix string) func(*rendering) *doc {
	return func(c *rendering) *doc {
		ref := func(s string) string { return prefix + s }
		what := []item{}
		if t := c.awareAt(); t != nil {
			what = append(what, item{Text: "On " + c.day(*t) + " we found out that the security of personal information we hold about you was broken."})
		} else {
			what = append(what, c.gap("", "the date we found out about the breach", ref("Art. 34(2)")))
		}
		what = append(what,
			c.need("What happened", c.nature(), "a plain description of what happened", ref("Art. 34(2)")),
			c.need("Information about you that was involved", c.categories(), "the kinds of personal information involved", ref("Art. 34(2)")),
		)
		doing := []item{c.need("What we have done", c.in.Narrative.MeasuresTaken, "what we have done and will do about the breach, including to limit the harm to you", ref("Art. 33(3)(d)"))}
		doing = optional(doing, "What you can do", c.in.Narrative.AdviceToIndividuals)
		d := c.letter("Important: a personal data breach that affects you", "",
			"We are writing to tell you about a problem with the security of personal information we hold about you. This letter explains what happened, what it could mean for you, what we are doing about it, and who you can talk to.",
			section{Heading: "What happened", Content: gdpr34n, Ref: ref("Art. 34(2)"), Items: what},
			section{Heading: "What this could mean for you", Content: gdpr34c, Ref: ref("Art. 33(3)(c)"),
				Items: []item{c.need("", c.in.Narrative.LikelyConsequences, "what the breach is likely to mean for you", ref("Art. 33(3)(c)"))}},
			section{Heading: "What we are doing about it", Content: gdpr33d, Ref: ref("Art. 33(3)(d)"), Items: doing},
			section{Heading: "Who you can contact", Content: gdpr33b, Ref: ref("Art. 33(3)(b)"),
				Items: c.contact("name of our data protection officer or other contact", "how to reach them (e-mail or telephone)", ref("Art. 33(3)(b)"), false)})
		d.Closing = slices.Insert(d.Closing, 0, item{Text: "We are sorry for the worry this may cause you."})
		return d
	}
}

// pdpaCommission is the s.26D(1) notification to the PDPC, with the
// content of reg 5 of the Notification of Data Breaches Regulations 2021.
func pdpaCommission(c *rendering) *doc {
	o, f := c.in.Org, c.f
	var chron []item
	if steps := slices.Concat(
		c.dated(c.awareAt(), "the organisation became aware of the breach"),
		c.dated(f.AssessedNotifiableAt, "the organisation assessed the breach as notifiable"),
		c.dated(f.AssessedNotNotifiableAt, "the organisation assessed the breach as not notifiable"),
		lines(c.in.Narrative.Chronology),
	); len(steps) > 0 {
		chron = append(chron, item{List: steps})
	}
	if f.AssessedNotifiableAt == nil && f.AssessedNotNotifiableAt == nil {
		chron = append(chron, c.gap("Assessment", "date of the assessment of the breach", "s.26C, reg 5(1)"))
	}
	if strings.TrimSpace(c.in.Narrative.Chronology) == "" {
		chron = append(chron, c.gap("Steps", "steps taken after becoming aware of the breach, in order", "reg 5(1)"))
	}
	d := &doc{
		Title:    "Notification of a data breach to the Personal Data Protection Commission (PDPA s.26D(1))",
		Internal: c.internal("A late notification must state the reasons for the lateness and include supporting evidence (reg 5(2)); see the last section."),
		To:       c.regulator("Personal Data Protection Commission", ""),
		From:     []item{c.need("Organisation", o.Name, "name of the organisation", "reg 5(1)"), c.need("Address", o.Address, "address of the organisation", "")},
		Intro:    []item{{Text: "The information below is given to the best of the organisation's knowledge and belief at the time of notification (s.26D(3))."}},
		Sections: []section{
			{Heading: "Date and circumstances of awareness", Ref: "reg 5(1)", Content: "date and circumstances in which the organisation first became aware", Items: []item{
				c.need("Date", c.stamp(c.awareAt()), "date on which the organisation first became aware of the breach", "reg 5(1)"),
				c.need("Circumstances", c.in.Narrative.Discovery, "circumstances in which the organisation first became aware of the breach", "reg 5(1)"),
			}},
			{Heading: "Steps taken since awareness, including the assessment", Ref: "reg 5(1)", Content: "chronological account of the steps taken after awareness, including the assessment", Items: chron},
			{Heading: "How the breach occurred", Ref: "reg 5(1)", Content: "how the breach occurred", Items: []item{
				c.need("", c.how(), "how the breach occurred", "reg 5(1)"),
			}},
			{Heading: "Affected individuals and personal data", Ref: "reg 5(1)", Content: "number of affected individuals and the affected personal data", Items: optional([]item{
				c.need("Number of affected individuals", c.subjects("SG"), "number of affected individuals", "reg 5(1)"),
				c.need("Personal data affected", c.categories(), "the personal data or classes of personal data affected", "reg 5(1)"),
			}, "What happened", c.nature())},
			{Heading: "Potential harm to affected individuals", Ref: "reg 5(1)", Content: "the potential harm", Items: []item{
				c.need("", c.in.Narrative.LikelyConsequences, "the potential harm to the affected individuals", "reg 5(1)"),
			}},
			{Heading: "Remedial actions taken or planned", Ref: "reg 5(1)", Content: "remedial actions taken or planned", Items: []item{
				c.need("", c.in.Narrative.MeasuresTaken, "remedial actions taken or to be taken", "reg 5(1)"),
			}},
			{Heading: "Fixing the failure that caused the breach", Ref: "reg 5(1)(g)(ii)", Content: "reg 5(1)(g)(ii): the steps taken or planned to fix the failure or weakness that caused the breach", Items: []item{
				c.need("", c.in.Narrative.Prevention, "the steps taken or planned to fix the failure or weakness that caused the breach", "reg 5(1)(g)(ii)"),
			}},
			{Heading: "Plan to inform the affected individuals or the public", Ref: "reg 5(1)(h)", Content: "reg 5(1)(h): the organisation's plan, if any, to inform the affected individuals or the public", Items: []item{
				c.need("", c.individualsNotice("pdpa_26d2_individuals"), "the plan to inform the affected individuals or the public, or that there is none", "reg 5(1)(h)"),
			}},
			{Heading: "Contact person", Ref: "reg 5(1)", Content: "a contact person",
				Items: c.contact("name of the contact person", "telephone number or e-mail of the contact person", "reg 5(1)", false)},
		},
	}
	if c.late() {
		d.Sections = append(d.Sections, section{Heading: "Reasons for late notification", Ref: "reg 5(2)", Content: "if late: reasons and supporting evidence (reg 5(2))", Items: []item{
			{Text: "This notification is made after the 3 calendar days that s.26D(1) allows from the day of the assessment."},
			c.need("Reasons", c.in.DelayReason, "reasons for the late notification", "reg 5(2)"),
			c.need("Supporting evidence", c.in.DelayEvidence, "supporting evidence for the reasons for the late notification", "reg 5(2)"),
		}})
	}
	return d
}

// pdpaLetter is the s.26D(2) notification to an affected individual.
func pdpaLetter(c *rendering) *doc {
	const ref = "s.26D(2), reg 6"
	what := []item{c.need("What happened", c.nature(), "the circumstances of the data breach", ref)}
	aware := []item{c.need("How we found out", c.in.Narrative.Discovery, "the circumstances in which we first became aware of the breach", "reg 6(a)")}
	if t := c.awareAt(); t != nil {
		aware = append(aware, item{Label: "When we found out", Text: c.day(*t)})
	}
	return c.letter("Notice of a data breach affecting your personal data", "",
		"We are writing to let you know about a data breach that involves your personal data, and what you can do about it.",
		sec("How we found out", "reg 6(a)", "reg 6(a): the circumstances in which the organisation first became aware of the breach", aware...),
		sec("What happened", ref, "the circumstances of the breach", what...),
		sec("Your personal data involved", ref, "the personal data affected",
			c.need("", c.categories(), "the personal data of yours that was affected", ref)),
		sec("How this could affect you", ref, "the potential harm",
			c.need("", c.in.Narrative.LikelyConsequences, "the potential harm to you", ref)),
		sec("What we have done and what you can do", ref, "steps taken and steps individuals can take to protect themselves",
			c.need("What we have done", c.in.Narrative.MeasuresTaken, "the steps we have taken", ref),
			c.need("What you can do", c.in.Narrative.AdviceToIndividuals, "steps you can take to protect yourself", ref)),
		sec("Who you can contact", ref, "a contact person",
			c.contact("name of the person you can contact", "how to reach them (telephone or e-mail)", ref, false)...))
}

// sec8K is the Form 8-K Item 1.05 disclosure. The statement of information
// not determined or unavailable lists what the other sections miss.
func sec8K(c *rendering) *doc {
	o, f := c.in.Org, c.f
	var scope []string
	if a := strings.TrimSpace(c.in.Incident.Asset); a != "" {
		scope = append(scope, "systems affected: "+a)
	}
	if s := c.categories(); s != "" {
		scope = append(scope, "data affected: "+s)
	}
	if n := c.subjects("US"); n != "" {
		scope = append(scope, "individuals whose data is affected: "+n)
	}
	discovered := f.DiscoveredAt
	if discovered == nil {
		discovered = c.awareAt()
	}
	nature := []item{
		c.need("Nature", c.nature(), "the material aspects of the nature of the incident", "Item 1.05(a)"),
		c.need("Scope", strings.Join(scope, "; "), "the material aspects of the scope of the incident", "Item 1.05(a)"),
		c.need("Occurred", c.in.Narrative.OccurredOn, "when the incident occurred, or the period over which it occurred", "Item 1.05(a)"),
		c.need("Discovered", c.stamp(discovered), "when the incident was discovered", "Item 1.05(a)"),
		c.need("Determined material", c.stamp(f.MaterialityDeterminedAt), "when the incident was determined to be material", "Item 1.05(a)"),
	}
	impact := []item{c.need("", c.in.Narrative.MaterialImpact, "the material impact or reasonably likely material impact on the registrant, including its financial condition and results of operations", "Item 1.05(a)")}
	unavailable := []item{{Text: "None: all the information Item 1.05 requires was determined and available at the time of this filing."}}
	if len(c.missing) > 0 {
		unavailable = []item{
			{Text: "The following information was not determined or was unavailable at the time of this filing. The registrant will file an amendment to this Form 8-K (Form 8-K/A) within four business days after it is determined or becomes available (Instruction 2 to Item 1.05):"},
			{List: append([]string(nil), c.missing...)},
		}
	}
	return &doc{
		Title:    "Form 8-K, Item 1.05 Material Cybersecurity Incidents",
		Internal: c.internal("Item 1.05 asks for no statement of reasons for a late filing; record them in the breach register."),
		To:       c.regulator("name of the Commission", ""),
		From:     []item{c.need("Registrant", o.Name, "exact name of the registrant as specified in its charter", "Form 8-K cover page"), c.need("Address", o.Address, "address of the registrant's principal executive offices", "Form 8-K cover page")},
		Sections: []section{
			{Heading: "Nature, scope and timing of the incident", Ref: "Item 1.05(a)", Content: "the material aspects of the nature, scope and timing of the incident", Items: nature},
			{Heading: "Material impact on the registrant", Ref: "Item 1.05(a)", Content: "the material impact or reasonably likely material impact on the registrant, including its financial condition and results of operations", Items: impact},
			{Heading: "Information not determined or unavailable", Ref: "Instruction 2 to Item 1.05", Content: "a statement of any required information not determined or unavailable at filing", Items: unavailable},
		},
		Closing: []item{{Text: "Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant has duly caused this report to be signed on its behalf by the undersigned hereunto duly authorized."}},
		Signature: []item{
			c.need("Registrant", o.Name, "name of the registrant", ""),
			c.need("By", o.SigningOfficer, "name and title of the officer signing for the registrant (signing_officer in the organisation file)", "General Instruction E"),
			{Label: "Date", Text: c.in.Now.In(c.loc).Format("January 2, 2006")},
		},
	}
}
