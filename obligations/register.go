package obligations

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/store"
)

// Entry is one breach of the register: every incident with breach facts,
// notified or not, with the facts, each obligation with its status and the
// reason for it, the submissions made, and the dates. It is what the
// documentation duties ask for (GDPR Art. 33(5), UK GDPR Art. 33(5), LGPD
// Res. 15 Art. 10, PIPEDA s.10.3, HIPAA 164.530(j), PDPA s.26C).
type Entry struct {
	Incident       string                `json:"incident"`
	Title          string                `json:"title"`
	Severity       string                `json:"severity"`
	Status         incident.Status       `json:"status"`
	OpenedAt       time.Time             `json:"opened_at"`
	AwareAt        time.Time             `json:"aware_at"`
	Facts          *incident.Facts       `json:"facts"`
	Obligations    []incident.Obligation `json:"obligations"`
	Submissions    []incident.Submission `json:"submissions"`
	EvaluatedAt    time.Time             `json:"evaluated_at"`
	CatalogVersion string                `json:"catalog_version"`
	// TimelineHead is the hash of the last timeline event when the entry
	// was exported: breachctl verify proves the timeline behind it intact.
	TimelineHead string `json:"timeline_head"`
}

// Register is the breach register, oldest incident first.
type Register struct {
	GeneratedAt time.Time `json:"generated_at"`
	Entries     []Entry   `json:"entries"`
}

// BuildRegister reads every incident with breach facts, oldest first.
// Without all, each entry lists the obligations that concern it (due,
// fulfilled, exempt, held, needs_facts, unknown); with all, also those that
// do not apply, are not in force or are only possible, each with its
// reason. It holds the whole register in memory: ExportRegister streams
// it.
func BuildRegister(tx *store.Tx, all bool, now time.Time) (*Register, error) {
	reg := &Register{GeneratedAt: now.UTC(), Entries: []Entry{}}
	err := EachRegisterEntry(tx, all, "", func(e Entry) error {
		reg.Entries = append(reg.Entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return reg, nil
}

// EachRegisterEntry calls fn with the register's entry of each incident
// with breach facts, in incident id order (oldest first), starting after
// the incident after ("" from the first), until fn returns an error.
func EachRegisterEntry(tx *store.Tx, all bool, after string, fn func(Entry) error) error {
	each := tx.EachConcerningObligationsAfter
	if all {
		each = tx.EachObligationsAfter
	}
	return each(after, func(set *incident.Obligations) error {
		inc, err := tx.Incident(set.Incident)
		if err != nil {
			return err
		}
		if inc == nil || inc.Facts == nil {
			return nil
		}
		e := Entry{
			Incident: inc.ID, Title: inc.Title, Severity: inc.Severity.String(), Status: inc.Status,
			OpenedAt: inc.OpenedAt, AwareAt: inc.Facts.AwareAt, Facts: inc.Facts,
			Obligations: []incident.Obligation{}, Submissions: inc.Submissions,
			EvaluatedAt: set.EvaluatedAt, CatalogVersion: set.CatalogVersion, TimelineHead: inc.TimelineHead,
		}
		if e.Submissions == nil {
			e.Submissions = []incident.Submission{}
		}
		for _, o := range set.Obligations {
			if all || o.Status.Concerns() {
				e.Obligations = append(e.Obligations, o)
			}
		}
		return fn(e)
	})
}

// csvHeader names the register's CSV columns: one row per obligation of
// each entry, or one row with empty obligation columns for an entry
// without any.
func csvHeader() []string {
	return []string{
		"incident", "title", "severity", "status", "opened_at", "aware_at",
		"role", "jurisdictions", "data_subjects", "data_categories", "encrypted", "cause",
		"regime", "recipient", "obligation_status", "due_at", "due", "basis", "reason", "overdue",
		"submitted_at", "submission_ref", "timeline_head", "late", "jurisdiction", "recipient_kind",
	}
}

// WriteCSV writes the register as CSV, for spreadsheets and auditors (see
// registerCSV).
func (r *Register) WriteCSV(w io.Writer) error {
	rc, err := newRegisterCSV(w)
	if err != nil {
		return err
	}
	for i := range r.Entries {
		if err := rc.write(&r.Entries[i]); err != nil {
			return err
		}
	}
	return rc.flush()
}

// registerCSV writes the register as CSV, one entry at a time: the header,
// then one row per obligation of each entry. A cell that a spreadsheet
// would run as a formula (titles come from alerts) is prefixed with a
// quote.
type registerCSV struct {
	cw     *csv.Writer
	header []string
}

func newRegisterCSV(w io.Writer) (*registerCSV, error) {
	rc := &registerCSV{cw: csv.NewWriter(w), header: csvHeader()}
	if err := rc.cw.Write(rc.header); err != nil {
		return nil, err
	}
	return rc, nil
}

func (rc *registerCSV) row(row []string) error {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return rc.cw.Write(row)
}

func (rc *registerCSV) write(e *Entry) error {
	f := e.Facts
	base := []string{
		e.Incident, e.Title, e.Severity, string(e.Status), stamp(e.OpenedAt), stamp(e.AwareAt),
		string(f.Role), strings.Join(f.Jurisdictions, " "), intPtr(f.DataSubjects), strings.Join(f.DataCategories, " "),
		boolPtr(f.Encrypted), f.Cause,
	}
	if len(e.Obligations) == 0 {
		row := append(append([]string{}, base...), make([]string, len(rc.header)-len(base))...)
		row[len(base)+10] = e.TimelineHead
		return rc.row(row)
	}
	for _, o := range e.Obligations {
		var due, at, ref string
		if o.DueAt != nil {
			due = stamp(*o.DueAt)
		}
		for _, s := range e.Submissions {
			if s.Regime == o.Regime {
				at, ref = stamp(s.At), s.Ref
			}
		}
		if o.SubmittedAt != nil {
			at = stamp(*o.SubmittedAt)
		}
		row := append(append([]string{}, base...),
			o.Regime, o.Recipient, string(o.Status), due, o.Due, o.Basis, o.Reason, strconv.FormatBool(o.Overdue),
			at, ref, e.TimelineHead, strconv.FormatBool(o.Late), o.Jurisdiction, o.RecipientKind)
		if err := rc.row(row); err != nil {
			return err
		}
	}
	return nil
}

func (rc *registerCSV) flush() error {
	rc.cw.Flush()
	if err := rc.cw.Error(); err != nil {
		return fmt.Errorf("write register: %w", err)
	}
	return nil
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func intPtr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func boolPtr(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}
