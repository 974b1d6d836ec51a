package drafts

import "strconv"

// This file holds the Chinese notices: PIPL Art. 57 to the authorities and
// to individuals, and the reports of the CAC National Cybersecurity
// Incident Reporting Management Measures (2025).

// PIPL Art. 57 content entries, as catalog.yaml words them; the authority
// and the individuals get the same three.
const (
	piplHarm     = "the categories of personal information involved, the cause and the possible harm"
	piplMeasures = "the remedial measures taken and the measures individuals can take to reduce harm"
	piplContact  = "the handler's contact details"
)

// piplWords are the headings and the fields of one PIPL notice: a report
// to the authority or a letter in plain language. Each field is its label
// and what it is, for the missing marker.
type piplWords struct {
	harm, measures, contact           string // headings
	cats, cause, possible, taken, can [2]string
	count                             bool // show the number of individuals affected
}

// piplSections are the Art. 57(1) contents.
func (c *rendering) piplSections(w piplWords) []section {
	const ref = "PIPL Art. 57(1)"
	field := func(lw [2]string, v string) item { return c.need(lw[0], v, lw[1], ref) }
	harm := optional(nil, "What happened", c.nature())
	harm = append(harm, field(w.cats, c.categories()), field(w.cause, c.how()), field(w.possible, c.in.Narrative.LikelyConsequences))
	if w.count {
		harm = optional(harm, "Individuals affected", c.subjects("CN"))
	}
	return []section{
		sec(w.harm, ref, piplHarm, harm...),
		sec(w.measures, ref, piplMeasures, field(w.taken, c.in.Narrative.MeasuresTaken), field(w.can, c.in.Narrative.AdviceToIndividuals)),
		sec(w.contact, ref, piplContact, c.contact("", "the handler's contact details (e-mail or telephone)", ref, false)...),
	}
}

// piplAuthority is the Art. 57(1) notice to the departments performing
// personal information protection duties.
func piplAuthority(c *rendering) *doc {
	d := c.report("Notification of a personal information security incident (PIPL Art. 57)", "Personal information handler", noReasons("PIPL Art. 57"),
		c.authority("the departments performing personal information protection duties", "PIPL Art. 57(1)"))
	d.Sections = c.piplSections(piplWords{
		harm: "Personal information involved, cause and possible harm", measures: "Remedial measures and what individuals can do", contact: "Contact details of the handler",
		cats:     [2]string{"Personal information involved", "the categories of personal information involved"},
		cause:    [2]string{"Cause", "the cause of the incident"},
		possible: [2]string{"Possible harm", "the possible harm"},
		taken:    [2]string{"Remedial measures taken", "the remedial measures taken"},
		can:      [2]string{"What individuals can do", "the measures individuals can take to reduce harm"},
		count:    true,
	})
	return d.note("The notice to the authority stays owed even where the measures taken avoid the harm to individuals (Art. 57(2)).")
}

// piplLetter is the Art. 57(1) notice to an individual.
func piplLetter(c *rendering) *doc {
	return c.letter("Notice of a personal information security incident", noReasons("PIPL Art. 57"),
		"We are writing to tell you about an incident involving your personal information, what it could mean for you, what we have done, and what you can do.",
		c.piplSections(piplWords{
			harm: "What happened and what it could mean for you", measures: "What we have done and what you can do", contact: "How to contact us",
			cats:     [2]string{"Your personal information involved", "the kinds of your personal information involved"},
			cause:    [2]string{"Why it happened", "why the incident happened"},
			possible: [2]string{"How it could harm you", "the harm it could cause you"},
			taken:    [2]string{"What we have done", "what we have done to remedy the incident"},
			can:      [2]string{"What you can do", "what you can do to reduce the harm"},
		})...)
}

// CAC Measures content entries of the 1-hour and 4-hour reports, as
// catalog.yaml words them.
const (
	cacUnit     = "the unit and the system affected"
	cacTime     = "the time of discovery, type and grade of the incident"
	cacImpact   = "the impact and harm caused"
	cacMeasures = "the measures taken and their effect"
	cacOther    = "the other items of Art. 5"
)

// cacGrades put the grading guide's grades into words.
var cacGrades = map[string]string{
	"relatively_major": "relatively major (较大)",
	"major":            "major (重大)",
	"especially_major": "especially major (特别重大)",
}

// cacGrade is the incident's grade: the facts' grade, else the one the
// guide's personal information thresholds give the recorded count.
func (c *rendering) cacGrade() string {
	if g, ok := cacGrades[c.f.IncidentGrade]; ok {
		return g
	}
	n := c.f.DataSubjects
	if n == nil {
		return ""
	}
	for _, t := range []struct {
		min   int
		grade string
	}{{100_000_000, "especially_major"}, {10_000_000, "major"}, {1_000_000, "relatively_major"}} {
		if *n >= t.min {
			return cacGrades[t.grade] + ", by the grading guide's threshold for a leak of the personal information of " + strconv.Itoa(*n) + " citizens"
		}
	}
	return ""
}

// cacReport is the Art. 4 report to recipient, within the hours the
// regime gives.
func cacReport(recipient string) func(*rendering) *doc {
	return func(c *rendering) *doc {
		const ref = "Art. 5"
		d := c.report("Report of a cybersecurity incident (National Cybersecurity Incident Reporting Management Measures, Art. 4)", "Network operator",
			noReasons("The CAC Measures"), c.authority(recipient, "Art. 4"))
		d.note("If the cause, impact or trend cannot be determined in time, report what is known first and supplement the rest promptly (Art. 7). Report suspected crimes to the public security organs too.")
		d.Sections = []section{
			sec("Reporting unit and system affected", ref, cacUnit,
				c.need("Unit", c.in.Org.Name, "the reporting unit", ref),
				c.need("System", c.in.Incident.Asset, "the system affected", ref)),
			sec("Discovery, type and grade of the incident", ref, cacTime,
				c.need("Discovered", c.stamp(c.discovered()), "the time the incident was discovered", ref),
				c.need("Type", c.threat(), "the type of incident", ref),
				c.need("Grade", c.cacGrade(), "the grade of the incident under the grading guide annexed to the Measures", ref)),
			sec("Impact and harm caused", ref, cacImpact, c.scope([]item{c.need("", c.in.Narrative.Impact, "the impact and harm caused", ref)}, "CN")...),
			sec("Measures taken and their effect", ref, cacMeasures, c.need("", c.in.Narrative.MeasuresTaken, "the measures taken and their effect", ref)),
			sec("Other items", ref, cacOther, c.need("", c.in.Narrative.OtherInformation, "the other items Art. 5 lists, which this draft does not name: check the Measures", ref)),
		}
		return d
	}
}

// cacSummary is the Art. 8 comprehensive analysis and summary report.
func cacSummary(c *rendering) *doc {
	const ref = "Art. 8"
	n := c.in.Narrative
	d := c.report("Comprehensive analysis and summary report of a cybersecurity incident (National Cybersecurity Incident Reporting Management Measures, Art. 8)", "Network operator",
		noReasons("The CAC Measures"), c.authority("the authority the incident was reported to (the original channel)", ref))
	d.Intro = optional(nil, "Handling concluded", c.stamp(c.f.HandlingConcludedAt))
	rectify := optional([]item{c.need("", n.Accountability, "the accountability established and the rectification made", ref)}, "Rectification", n.Prevention)
	d.Sections = []section{
		sec("Cause of the incident", ref, "the cause of the incident", c.need("", c.rootCause(), "the cause of the incident", ref)),
		sec("Emergency measures and their effect", ref, "the emergency measures taken and their effect",
			c.need("", n.MeasuresTaken, "the emergency measures taken and their effect", ref)),
		sec("Damage and losses", ref, "the damage and losses", c.need("", n.CostsAndLosses, "the damage and losses caused", ref)),
		sec("Accountability and rectification", ref, "accountability and rectification", rectify...),
		sec("Lessons learnt", ref, "lessons learnt", c.need("", n.Lessons, "the lessons learnt", ref)),
	}
	return d
}

// cslLetter is the Cybersecurity Law Art. 42 notice to users: that their
// personal information is, or may be, leaked, damaged or lost, the remedy,
// and the report the applicable rules provide for.
func cslLetter(c *rendering) *doc {
	const ref = "CSL Art. 42"
	what := optional([]item{c.need("Your personal information involved", c.categories(), "the personal information that is, or may be, leaked, damaged or lost", ref)}, "What happened", c.nature())
	reported := ""
	for _, id := range []string{"cn_cac_2025_report_cii_1h", "cn_cac_2025_report_provincial_4h", "cn_pipl_art57_authority"} {
		if t, ok := c.f.Submitted[id]; ok && reported == "" {
			reported = "We reported the incident to the competent authorities on " + c.day(t) + "."
		}
	}
	return c.letter("Notice of a personal information incident", noReasons("CSL Art. 42"),
		"We are writing to tell you that your personal information is, or may be, leaked, damaged or lost, and what we have done about it.",
		sec("What happened to your personal information", ref, "to the users: that their personal information is, or may be, leaked, damaged or lost", what...),
		sec("What we have done", ref, "the remedial measures taken", c.need("", c.in.Narrative.MeasuresTaken, "the remedial measures taken", ref)),
		sec("Our report to the authorities", ref, "to the competent authorities: the report the applicable rules provide for",
			c.need("", reported, "the report to the competent authorities as the applicable rules provide, once recorded in submitted", ref)))
}
