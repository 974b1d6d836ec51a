package drafts

import (
	"maps"
	"slices"
	"strings"
)

// This file holds the incident reports to the EU authorities: the NIS2
// Art. 23(4) reports to the CSIRT or competent authority and the DORA
// Art. 19(4) reports to the competent authority. They are about the
// incident, not only the personal data, so they read the incident report
// fields of the Narrative.

// NIS2 content entries shared by several reports, as catalog.yaml words
// them.
const (
	nis2Malicious   = "whether the incident is suspected of being caused by unlawful or malicious acts"
	nis2CrossBorder = "whether it could have a cross-border impact"
)

// nis2Report is the frame of an Art. 23(4) report.
func (c *rendering) nis2Report(title string) *doc {
	d := c.report(title, "Entity", noReasons("NIS2 Art. 23"), c.authority("CSIRT or competent authority", "NIS2 Art. 23(1)"))
	if e := c.f.NIS2Entity; e != "" {
		d.From = append(d.From, item{Label: "Status under NIS2", Text: e + " entity"})
	}
	return d
}

// nis2Suspicion and nis2Spread are the two indications of the early
// warning, which the incident notification updates.
func (c *rendering) nis2Suspicion(label string) item {
	return c.need(label, c.malicious(), nis2Malicious, "Art. 23(4)(a)")
}

func (c *rendering) nis2Spread(label string) item {
	return c.need(label, c.crossBorder(), "whether the incident could have a cross-border impact", "Art. 23(4)(a)")
}

// nis2EarlyWarning is the Art. 23(4)(a) early warning.
func nis2EarlyWarning(c *rendering) *doc {
	d := c.nis2Report("Early warning of a significant incident (NIS2 Art. 23(4)(a))")
	what := []item{c.need("Became aware", c.stamp(c.awareAt()), "when the entity became aware of the significant incident", "Art. 23(4)(a)")}
	what = optional(what, "What happened", c.nature())
	what = optional(what, "Services or systems affected", c.in.Incident.Asset)
	d.Sections = []section{
		sec("The significant incident", "Art. 23(3)", "", what...),
		sec("Suspected unlawful or malicious acts", "Art. 23(4)(a)", nis2Malicious, c.nis2Suspicion("")),
		sec("Cross-border impact", "Art. 23(4)(a)", nis2CrossBorder, c.nis2Spread("")),
	}
	return d
}

// nis2Notification is the Art. 23(4)(b) incident notification.
func nis2Notification(c *rendering) *doc {
	const ref = "Art. 23(4)(b)"
	d := c.nis2Report("Incident notification of a significant incident (NIS2 Art. 23(4)(b))")
	if c.f.TrustServiceProvider != nil && *c.f.TrustServiceProvider {
		d.note("A trust service provider notifies within 24 hours of becoming aware (Art. 23(4)(b)).")
	}
	update := []item{c.need("Early warning submitted", c.submitted("nis2_art23_early_warning"), "when the early warning was submitted, or that it is given with this notification", "Art. 23(4)(a)")}
	update = append(update, c.nis2Suspicion("Suspected unlawful or malicious acts"), c.nis2Spread("Cross-border impact"))
	assess := []item{
		c.need("What happened", c.nature(), "a description of the incident", ref),
		c.need("Became aware", c.stamp(c.awareAt()), "when the entity became aware of the significant incident", ref),
		c.need("Severity and impact", c.in.Narrative.Impact, "an initial assessment of the incident, including its severity and impact", ref),
	}
	assess = c.scope(optional(assess, "Services or systems affected", c.in.Incident.Asset), "EU")
	d.Sections = []section{
		sec("Update of the early warning", ref, "an update of the early warning", update...),
		sec("Initial assessment of the incident", ref, "an initial assessment of the incident, including its severity and impact", assess...),
		sec("Indicators of compromise", ref, "indicators of compromise, where available", c.indicators(ref)),
	}
	return d
}

// nis2Final is the Art. 23(4)(d) final report.
func nis2Final(c *rendering) *doc {
	const ref = "Art. 23(4)(d)"
	d := c.nis2Report("Final report on a significant incident (NIS2 Art. 23(4)(d))")
	d.note("If the incident is still ongoing, send a progress report now and the final report within one month of the end of its handling (Art. 23(4)(e)).")
	d.Intro = optional(nil, "Incident notification submitted", c.submitted("nis2_art23_incident_notification"))
	desc := []item{
		c.need("What happened", c.nature(), "a detailed description of the incident", ref),
		c.need("Severity and impact", c.in.Narrative.Impact, "the severity and impact of the incident", ref),
	}
	desc = optional(desc, "Became aware", c.stamp(c.awareAt()))
	desc = optional(desc, "Occurred", c.in.Narrative.OccurredOn)
	desc = c.scope(optional(desc, "Services or systems affected", c.in.Incident.Asset), "EU")
	d.Sections = []section{
		sec("Detailed description of the incident", ref, "a detailed description of the incident, including its severity and impact", desc...),
		sec("Type of threat or root cause", ref, "the type of threat or root cause that is likely to have triggered the incident",
			c.need("", c.rootCause(), "the type of threat or root cause that is likely to have triggered the incident", ref)),
		sec("Mitigation measures applied and ongoing", ref, "applied and ongoing mitigation measures",
			c.need("", c.in.Narrative.MeasuresTaken, "the applied and ongoing mitigation measures", ref)),
		sec("Cross-border impact", ref, "where applicable, the cross-border impact of the incident",
			c.need("", c.crossBorder(), "the cross-border impact of the incident, or that it has none", ref)),
	}
	return d
}

// scope adds the personal data and the individuals affected, where the
// facts hold them: the reports ask for the incident's impact, of which
// these are the recorded part.
func (c *rendering) scope(items []item, jur string) []item {
	items = optional(items, "Personal data affected", c.categories())
	return optional(items, "Individuals affected", c.subjects(jur))
}

// doraReport is the frame of an Art. 19(4) report; late adds the reasons
// once its sections are written.
func (c *rendering) doraReport(title string) *doc {
	d := c.report(title, "Financial entity", "The draft RTS asked for the reasons, given to the authority before a time limit that cannot be met (final text not verified); see the last section.",
		c.authority("competent authority", "DORA Art. 19(1)"))
	return d.note("Submit through the template of ITS (EU) 2025/302; this draft gathers its content.")
}

// lateReasons adds the reasons-for-delay section to a draft rendered after its
// deadline: heading, the provision that asks for them, and what was late.
func (c *rendering) lateReasons(d *doc, heading, ref, sentence string) *doc {
	if c.late() {
		d.Sections = append(d.Sections, sec(heading, ref, "",
			item{Text: sentence},
			c.need("Reasons", c.in.DelayReason, "reasons for the delay", ref)))
	}
	return d
}

// doraLate is the reasons section of a late DORA report.
func (c *rendering) doraLate(d *doc) *doc {
	return c.lateReasons(d, "Reasons for not meeting the time limit", "draft of RTS (EU) 2025/301; final text not verified",
		"This report is made after the time limit of RTS (EU) 2025/301 Art. 5(1).")
}

// doraInitial is the Art. 19(4)(a) initial notification.
func doraInitial(c *rendering) *doc {
	const ref = "RTS 2025/301 Art. 2"
	d := c.doraReport("Initial notification of a major ICT-related incident (DORA Art. 19(4)(a))")
	d.Intro = optional(optional(nil, "What happened", c.nature()), "Services or systems affected", c.in.Incident.Asset)
	d.Sections = []section{
		sec("Reference code", ref, "reference code of the incident",
			c.need("", c.in.Incident.ID, "the reference code the financial entity gave the incident", ref)),
		sec("Detection and classification", ref, "date and time of detection and of classification",
			c.need("Detected", c.stamp(c.discovered()), "date and time the incident was detected", ref),
			c.need("Classified as major", c.stamp(c.f.ClassifiedMajorAt), "date and time the incident was classified as major", ref)),
		sec("Classification criteria met", ref, "the classification criteria that were met",
			c.need("", c.in.Narrative.ClassificationCriteria, "the classification criteria of RTS (EU) 2024/1772 that were met", ref)),
		sec("Affected Member States", ref, "affected Member States",
			c.need("", strings.Join(c.memberStates(), ", "), "the Member States affected by the incident", ref)),
		sec("How the incident was discovered", ref, "how the incident was discovered",
			c.need("", c.in.Narrative.Discovery, "how the incident was discovered", ref)),
		sec("Business continuity plans", ref, "whether business continuity plans were activated",
			c.need("", c.in.Narrative.ContinuityPlan, "whether business continuity plans were activated", ref)),
		sec("Origin of the incident", ref, doraOrigin,
			c.need("", c.how(), "the origin of the incident, where available", ref)),
		sec("Reclassification from major to non-major", ref, doraReclassified, c.reclassification(ref)),
		sec("Other information", ref, doraOther,
			c.need("", c.in.Narrative.OtherInformation, "other information, or that there is none", ref)),
		c.doraEntitySection(),
	}
	return c.doraLate(d)
}

// doraEntitySection is the general information every DORA report carries
// (RTS 2025/301 Art. 1): the financial entity's LEI and type, from the
// organisation file.
func (c *rendering) doraEntitySection() section {
	return sec("Financial entity", "RTS 2025/301 Art. 1", doraEntity,
		c.need("LEI", c.in.Org.LEI, "the financial entity's legal entity identifier (LEI)", "RTS 2025/301 Art. 1"),
		c.need("Type of financial entity", c.in.Org.EntityType, "the type of financial entity (DORA Art. 2(1))", "RTS 2025/301 Art. 1"))
}

// The content entries of the initial notification that ITS (EU) 2025/302
// adds to the list of DORA Art. 19(4)(a), as catalog.yaml words them.
const (
	doraOrigin       = "the origin of the incident, where available"
	doraReclassified = "the reclassification of the incident from major to non-major, if any"
	doraOther        = "other information, where applicable"
	doraEntity       = "the financial entity's legal entity identifier (LEI) and type"
)

// reclassification is whether the incident was reclassified from major to
// non-major: the facts record a classification as major and no
// reclassification, so it still stands; without a classification the
// marker.
func (c *rendering) reclassification(ref string) item {
	if t := c.f.ClassifiedMajorAt; t != nil && !t.IsZero() {
		return item{Text: "None: the incident stands classified as major since " + c.when(*t) + "."}
	}
	return c.gap("", "whether the incident has been reclassified from major to non-major", ref)
}

// doraIntermediate is the Art. 19(4)(b) intermediate report.
func doraIntermediate(c *rendering) *doc {
	const ref = "RTS 2025/301 Art. 3"
	n := c.in.Narrative
	d := c.doraReport("Intermediate report on a major ICT-related incident (DORA Art. 19(4)(b))")
	d.Intro = optional(optional(nil, "Reference code", c.in.Incident.ID), "Initial notification submitted", c.submitted("dora_art19_initial"))
	clients := c.need("", n.ClientImpact, "the impact on clients and financial counterparts", ref)
	d.Sections = []section{
		sec("Time of occurrence and of recovery", ref, "time of occurrence and of recovery",
			c.need("Occurred", n.OccurredOn, "the date and time the incident occurred", ref),
			c.need("Recovered", n.RecoveredOn, "when regular activities were recovered, or that they are not yet", ref)),
		sec("Type of incident and attack methods", ref, "type of incident and attack methods",
			c.need("", c.threat(), "the type of incident and the attack methods", ref)),
		sec("Affected functions, processes and infrastructure", ref, "affected functions, processes and infrastructure", optional([]item{
			c.need("", n.AffectedFunctions, "the functions, processes and infrastructure affected", ref),
		}, "Systems", c.in.Incident.Asset)...),
		sec("Impact on clients and counterparts", ref, "impact on clients and counterparts", c.scope([]item{clients}, "EU")...),
		sec("Other authorities notified", ref, "other authorities notified", c.otherAuthorities(ref)...),
		sec("Indicators of compromise", ref, "indicators of compromise", c.indicators(ref)),
		c.doraEntitySection(),
	}
	return c.doraLate(d)
}

// otherAuthorities are the reports recorded as submitted under regimes
// other than DORA's, and the narrative's account; the marker when neither
// says anything.
func (c *rendering) otherAuthorities(ref string) []item {
	var sent []string
	for _, id := range slices.Sorted(maps.Keys(c.f.Submitted)) {
		if !strings.HasPrefix(id, "dora_") {
			sent = append(sent, id+": submitted "+c.submitted(id))
		}
	}
	var items []item
	if len(sent) > 0 {
		items = append(items, item{List: sent})
	}
	if s := strings.TrimSpace(c.in.Narrative.OtherAuthorities); s != "" {
		items = append(items, item{Text: s})
	}
	if len(items) == 0 {
		items = append(items, c.gap("", "the other authorities notified, or that none were", ref))
	}
	return items
}

// doraFinal is the Art. 19(4)(c) final report.
func doraFinal(c *rendering) *doc {
	const ref = "RTS 2025/301 Art. 4"
	n, f := c.in.Narrative, c.f
	d := c.doraReport("Final report on a major ICT-related incident (DORA Art. 19(4)(c))")
	d.Intro = optional(optional(nil, "Reference code", c.in.Incident.ID), "Intermediate report submitted", c.submitted("dora_art19_intermediate"))
	d.note("Each updated intermediate report restarts the month: record the latest one in submitted.dora_art19_intermediate.")
	var initial, intermediate []string
	if t, ok := f.Submitted["dora_art19_initial"]; ok {
		initial = c.dated(&t, "initial notification submitted")
	}
	if t, ok := f.Submitted["dora_art19_intermediate"]; ok {
		intermediate = c.dated(&t, "intermediate report submitted")
	}
	dated := slices.Concat(c.dated(c.discovered(), "incident detected"), c.dated(f.ClassifiedMajorAt, "classified as major"), initial, intermediate)
	d.Sections = []section{
		sec("Root cause analysis", ref, "root cause analysis", c.need("", c.rootCause(), "the root cause analysis of the incident", ref)),
		sec("Timeline of the resolution", ref, "timeline of the resolution", c.steps("the timeline of the resolution of the incident", ref, dated...)...),
		sec("Direct and indirect costs and losses", ref, "direct and indirect costs and losses",
			c.need("", n.CostsAndLosses, "the direct and indirect costs and losses caused by the incident", ref)),
		sec("Recoveries", ref, "recoveries", c.need("", n.Recoveries, "the recoveries of losses, or that there are none", ref)),
		c.doraEntitySection(),
	}
	return c.doraLate(d)
}
