package drafts

import "strconv"

// This file holds the notices we give as processor to the customer whose
// data it is: the controller under GDPR Art. 33(2), the CISPE Code and
// ISO/IEC 27018, the organisation a data intermediary serves under PDPA
// s.26C(3)(a), the customer under the processing agreement, and the
// covered entity of a HIPAA business associate. The law asks for the
// notice and for what is reasonably available to help the customer with
// its own notices, so a missing field asks for the information or for a
// statement that it is not yet known.

// customerNotice is one processor-to-customer notice.
type customerNotice struct {
	title   string
	ref     string // the provision or commitment the notice is given under
	content string // the catalog's content entry, which every section serves
	jur     string // whose affected individuals are counted
	intro   string
	// lateNote is the reviewer's note on a notice rendered after its
	// deadline (only the contractual period has one).
	lateNote string
}

// unknown is the missing-field wording of a processor notice, which owes
// what is known.
func unknown(what string) string { return what + ", or that it is not yet known" }

// customer is the recipient block of a notice to the customer.
func (c *rendering) customer(ref string) []item {
	cu := c.in.Customer
	return []item{
		c.need("", cu.Name, "the customer (controller) the notice goes to", ref),
		c.need("", cu.Contact, "the customer's contact for breach notices, as the agreement names it", ref),
	}
}

// processorFrom is the sender block of a processor notice.
func (c *rendering) processorFrom() []item {
	o := c.in.Org
	return optional([]item{c.need("", o.Name, "our organisation's name", "")}, "", o.Address)
}

// build renders the notice.
func (n customerNotice) build(c *rendering) *doc {
	ref, nar := n.ref, c.in.Narrative
	breach := []item{
		c.need("What happened", c.nature(), unknown("a description of the breach"), ref),
		c.need("We became aware", c.stamp(c.awareAt()), "when we became aware of the breach", ref),
	}
	breach = optional(breach, "How it occurred", c.how())
	breach = optional(breach, "When it occurred", nar.OccurredOn)
	breach = optional(breach, "Systems affected", c.in.Incident.Asset)
	data := []item{
		c.need("Personal data concerned", c.categories(), unknown("the categories of personal data concerned"), ref),
		c.need("Approximate number of data subjects", c.subjects(n.jur), unknown("the approximate number of data subjects concerned"), ref),
	}
	data = optional(data, "Categories of data subjects", nar.SubjectCategories)
	data = optional(data, "Approximate number of records", nar.RecordsConcerned)
	intro := []item{{Text: n.intro}}
	if h := c.f.ContractNotificationSLAHours; h != nil {
		intro = append(intro, item{Text: "The agreement's notice period is " + strconv.Itoa(*h) + " hours from our awareness."})
	}
	return &doc{
		Title:    n.title,
		Internal: c.internal(n.lateNote),
		To:       c.customer(ref),
		From:     c.processorFrom(),
		Intro:    intro,
		Sections: []section{
			sec("The breach", ref, n.content, breach...),
			sec("Personal data and data subjects concerned", ref, n.content, data...),
			sec("Likely consequences", ref, n.content, c.need("", nar.LikelyConsequences, unknown("the likely consequences of the breach"), ref)),
			sec("Measures taken or proposed", ref, n.content, c.need("", nar.MeasuresTaken, unknown("the measures taken or proposed to address the breach and mitigate its effects"), ref)),
			sec("Our contact point", ref, n.content, c.contact("name of our contact point for this breach", "how to reach our contact point (e-mail or telephone)", ref, false)...),
		},
		Closing: []item{{Text: "We will send further information as it becomes available."}},
	}
}

// The processor notices of the catalog.
var (
	gdprProcessor = customerNotice{
		title:    "Notice of a personal data breach to the controller (GDPR Art. 33(2))",
		ref:      "GDPR Art. 33(2)",
		content:  "the information reasonably available to help the controller with Arts. 33-34",
		jur:      "EU",
		intro:    "As your processor, we are notifying you of a personal data breach affecting personal data we process on your behalf (GDPR Art. 33(2)). The information below is what is reasonably available to us now, to help you with your own obligations under Articles 33 and 34.",
		lateNote: noReasons("GDPR Art. 33(2)"),
	}
	cispeProcessor = customerNotice{
		title:    "Notice of a personal data breach to the customer (CISPE Data Protection Code of Conduct)",
		ref:      "CISPE Code of Conduct",
		content:  "the information reasonably available to help the customer with GDPR Arts. 33-34",
		jur:      "EU",
		intro:    "Under the CISPE Data Protection Code of Conduct, we are notifying you of a personal data breach affecting your customer data. The information below is what is reasonably available to us now, to help you with your obligations under GDPR Articles 33 and 34.",
		lateNote: noReasons("The CISPE Code"),
	}
	iso27018Processor = customerNotice{
		title:    "Notification of a data breach involving PII (ISO/IEC 27018 A.10.1)",
		ref:      "ISO/IEC 27018 A.10.1",
		content:  "a description of the incident and what the customer needs to notify authorities and individuals",
		intro:    "As your public cloud PII processor, we are notifying you of an incident involving PII we process for you (ISO/IEC 27018:2019 control A.10.1). Whether it resulted in the loss, disclosure or alteration of PII is stated below as far as it is established now; the information below is what you need to notify authorities and individuals.",
		lateNote: noReasons("ISO/IEC 27018 A.10.1"),
	}
	contractProcessor = customerNotice{
		title:    "Notice of a personal data breach under our data processing agreement",
		ref:      "data processing agreement",
		content:  "the information the agreement requires, and what is reasonably available to help the controller with its own notices",
		intro:    "Under the breach notification clause of our data processing agreement, we are notifying you of a personal data breach affecting your data. The information below is what is reasonably available to us now, to help you with your own notices.",
		lateNote: "Check whether the notification clause of the agreement asks for reasons for a late notice.",
	}
	pdpaIntermediary = customerNotice{
		title:    "Notification of a data breach by a data intermediary (PDPA s.26C(3)(a))",
		ref:      "PDPA s.26C(3)(a)",
		content:  "the occurrence of the data breach (s.26C(3)(a)), with what is known of it to support the organisation's assessment",
		jur:      "SG",
		intro:    "As the data intermediary processing personal data on your behalf, we are notifying you of the occurrence of a data breach (PDPA s.26C(3)(a)). The information below is what we know now, to support your assessment under s.26C.",
		lateNote: noReasons("PDPA s.26C(3)"),
	}
)
