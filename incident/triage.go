package incident

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/internal/text"
)

// TriageActor is the actor recorded on events that triage produces.
const TriageActor = "triage"

// maxListed bounds the kinds and sources an incident lists.
const maxListed = 32

// Policy says how alerts fold into incidents.
type Policy struct {
	// DedupWindow: an alert whose fingerprint belongs to an active incident
	// folds into it when its time is within this window of the incident's
	// last seen alert.
	DedupWindow time.Duration
	// CorrelationWindow: an alert of another fingerprint that shares the
	// correlation key of an active incident attaches to it within this window.
	CorrelationWindow time.Duration
	// CorrelateBy names the alert fields that make up the correlation key:
	// asset.id, asset.type, asset.tenant, source, kind or labels.<name>.
	// Empty turns correlation off.
	CorrelateBy []string
	// CorrelationRules override CorrelateBy and CorrelationWindow for the
	// sources and kinds they match.
	CorrelationRules []CorrelationRule
	// DataMap seeds the breach facts of a new incident from its asset.
	DataMap DataMap
	// Redact, when set, replaces personal data and secrets in each alert's
	// text before triage keeps anything of it.
	Redact *Redactor
	// FloodThreshold is how many duplicates a minute an incident lists on
	// its timeline; past it they are counted only, and the count is
	// recorded when the minute is over. Zero lists every alert.
	FloodThreshold int
}

// DefaultPolicy folds duplicates for a day and correlates alerts about the
// same asset of the same tenant for an hour.
func DefaultPolicy() Policy {
	return Policy{
		DedupWindow:       24 * time.Hour,
		CorrelationWindow: time.Hour,
		CorrelateBy:       []string{"asset.id", "asset.tenant"},
		FloodThreshold:    DefaultFloodThreshold,
	}
}

// DefaultFloodThreshold is the duplicates a minute an incident lists.
const DefaultFloodThreshold = 100

// Validate checks the windows and the correlation fields.
func (p *Policy) Validate() error {
	if p.DedupWindow <= 0 {
		return Invalidf("dedup window must be positive, got %s", p.DedupWindow)
	}
	if p.FloodThreshold < 0 {
		return Invalidf("flood threshold must not be negative, got %d", p.FloodThreshold)
	}
	if len(p.CorrelateBy) > 0 && p.CorrelationWindow <= 0 {
		return Invalidf("correlation window must be positive, got %s", p.CorrelationWindow)
	}
	for _, f := range p.CorrelateBy {
		if _, err := alertField(&Alert{}, f); err != nil {
			return err
		}
	}
	if problems := validateRules(p.CorrelationRules); len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return p.DataMap.Validate()
}

func alertField(a *Alert, name string) (string, error) {
	switch name {
	case "asset.id":
		return a.Asset.ID, nil
	case "asset.type":
		return a.Asset.Type, nil
	case "asset.tenant":
		return a.Asset.Tenant, nil
	case "source":
		return a.Source, nil
	case "kind":
		return a.Kind, nil
	}
	if label, ok := strings.CutPrefix(name, "labels."); ok && label != "" {
		return a.Labels[label], nil
	}
	return "", Invalidf("correlation field %q (want asset.id, asset.type, asset.tenant, source, kind or labels.<name>)", name)
}

// Ledger is the stored state triage decides against. Lookups return the zero
// value when nothing is stored.
type Ledger interface {
	// Incident returns the stored incident, or nil.
	Incident(id string) (*Incident, error)
	// IncidentByFingerprint returns the id of the last incident that took an
	// alert with this fingerprint, or "".
	IncidentByFingerprint(fp string) (string, error)
	// IncidentByCorrelation returns the id of the last incident opened
	// under this correlation key, or "".
	IncidentByCorrelation(key string) (string, error)
	// AlertTaken reports whether the incident took an alert of this id
	// while it was active.
	AlertTaken(incidentID, alertID string) (bool, error)
	// NextIncidentNumber reserves the next incident number of a year.
	NextIncidentNumber(year int) (uint64, error)
	// Silences returns the silences that are not expired, compiled.
	Silences(now time.Time) ([]*Silence, error)
}

// Outcome says what triage did with one alert.
type Outcome struct {
	Incident string
	// Opened: the alert opened a new incident.
	Opened bool
	// Duplicate: the alert's fingerprint matched the incident.
	Duplicate bool
	// Correlated: the alert joined the incident through its correlation key.
	Correlated bool
	// Repeat: the incident took this alert (its id) before; a producer
	// sent it again (Alertmanager every repeat_interval and after a
	// restart). It is not counted again and changes nothing.
	Repeat bool
	// Silenced names the silence that kept the alert from opening an
	// incident; Incident is then empty.
	Silenced string
}

// Changes is everything a triage run decided, for the caller to persist in
// one transaction.
type Changes struct {
	// Incidents are the incidents opened or changed, in the order first touched.
	Incidents []*Incident
	// Events are the new timeline events, in order.
	Events []Event
	// Fingerprints maps fingerprints to the incident that now owns them.
	Fingerprints map[string]string
	// Correlations maps correlation keys to the incident that now owns them.
	Correlations map[string]string
	// Taken are the alerts the active incidents took, by incident, to
	// recognise a producer's repeat of one (see Outcome.Repeat).
	Taken []TakenAlert
	// FactsChanged are the incidents among Incidents whose breach facts
	// changed, for the caller to re-evaluate their obligations.
	FactsChanged []*Incident
	// Silenced counts, by silence id, the alerts each silence kept out;
	// SilencedAt is when.
	Silenced   map[string]int64
	SilencedAt time.Time
	// Alerts are the alerts Add folded into an incident (opened, joined or
	// duplicate), as stored (redacted), in order, for whoever acts on them
	// in the same transaction (playbooks match them). Follow-ups
	// (AddFollowUp) are not listed: they never start anything.
	Alerts []TriagedAlert
}

// TakenAlert is an alert an incident took, by id.
type TakenAlert struct{ Incident, Alert string }

// TriagedAlert is one alert of a triage run and what became of it.
type TriagedAlert struct {
	Alert   *Alert
	Outcome Outcome
}

// Triage folds a batch of alerts into incidents. It reads stored state
// through a Ledger and keeps its own changes in memory, so later alerts of a
// batch see what earlier ones did. Use one Triage per transaction.
type Triage struct {
	policy Policy
	ledger Ledger
	// touched holds the working copy of every incident looked at; saved
	// marks those that changed and so are listed in changes.Incidents.
	touched map[string]*Incident
	saved   map[string]bool
	facts   map[string]bool
	taken   map[TakenAlert]bool
	changes Changes
	// silences are loaded from the ledger when first needed.
	silences       []*Silence
	silencesLoaded bool
}

// NewTriage starts a triage run against ledger.
func NewTriage(p Policy, l Ledger) *Triage {
	return &Triage{
		policy:  p,
		ledger:  l,
		touched: make(map[string]*Incident),
		saved:   make(map[string]bool),
		facts:   make(map[string]bool),
		taken:   make(map[TakenAlert]bool),
		changes: Changes{Fingerprints: make(map[string]string), Correlations: make(map[string]string), Silenced: make(map[string]int64)},
	}
}

// Changes returns what the run decided so far.
func (t *Triage) Changes() Changes { return t.changes }

// Add triages one valid alert at time now.
func (t *Triage) Add(a *Alert, now time.Time) (Outcome, error) {
	a = t.redact(a)
	out, err := t.add(a, now)
	if err != nil || out.Repeat {
		return out, err
	}
	if t.policy.Redact != nil {
		// The description is redacted only for an alert whose text is kept
		// (it opens or joins an incident): a duplicate's is dropped, which
		// spares a storm the work.
		if out.Duplicate {
			a.Description = ""
		} else {
			a.Description = t.policy.Redact.Description(a.Description)
		}
	}
	if out.Opened {
		t.touched[out.Incident].Description = text.Truncate(a.Description, MaxIncidentDescription)
	}
	if out.Incident != "" {
		t.changes.Alerts = append(t.changes.Alerts, TriagedAlert{Alert: a, Outcome: out})
	}
	return out, err
}

func (t *Triage) add(a *Alert, now time.Time) (Outcome, error) {
	fp := a.EffectiveFingerprint()
	owner, err := t.owner(fp, t.changes.Fingerprints, t.ledger.IncidentByFingerprint)
	if err != nil {
		return Outcome{}, err
	}
	if repeat, err := t.repeat(a, owner); err != nil || repeat {
		return Outcome{Incident: owner, Repeat: true}, err
	}
	inc, err := t.active(owner, a, t.policy.DedupWindow)
	if err != nil {
		return Outcome{}, err
	}
	if inc != nil {
		if err := t.attach(inc, a, fp, now, true, false); err != nil {
			return Outcome{}, err
		}
		return Outcome{Incident: inc.ID, Duplicate: true}, nil
	}
	// Only an alert that is no duplicate needs its correlation key.
	key := t.policy.CorrelationKey(a)
	if key != "" {
		_, window := t.policy.correlation(a)
		id, err := t.owner(key, t.changes.Correlations, t.ledger.IncidentByCorrelation)
		if err != nil {
			return Outcome{}, err
		}
		if inc, err = t.active(id, a, window); err != nil {
			return Outcome{}, err
		}
		if inc != nil {
			if err := t.attach(inc, a, fp, now, false, true); err != nil {
				return Outcome{}, err
			}
			return Outcome{Incident: inc.ID, Correlated: true}, nil
		}
	}
	// Only an alert that would open an incident can be silenced.
	if id, err := t.silenced(a, now); err != nil || id != "" {
		return Outcome{Silenced: id}, err
	}
	inc, err = t.open(a, fp, key, now)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Incident: inc.ID, Opened: true}, nil
}

// repeat reports whether owner, the incident of the alert's fingerprint,
// is active and took this very alert (its id) before. A repeat is
// recognised whatever its time: a long-firing alert resent days later is
// still the alert the incident took.
func (t *Triage) repeat(a *Alert, owner string) (bool, error) {
	if owner == "" {
		return false, nil
	}
	if t.taken[TakenAlert{Incident: owner, Alert: a.ID}] {
		return true, nil
	}
	inc, err := t.incident(owner)
	if err != nil || inc == nil || !inc.Status.Active() {
		return false, err
	}
	return t.ledger.AlertTaken(owner, a.ID)
}

// take records that inc took the alert, to recognise its repeats.
func (t *Triage) take(inc *Incident, a *Alert) {
	key := TakenAlert{Incident: inc.ID, Alert: a.ID}
	if !t.taken[key] {
		t.taken[key] = true
		t.changes.Taken = append(t.changes.Taken, key)
	}
}

// silenced returns the id of the first active silence that matches the
// alert, counting the alert against it, or "".
func (t *Triage) silenced(a *Alert, now time.Time) (string, error) {
	if !t.silencesLoaded {
		s, err := t.ledger.Silences(now)
		if err != nil {
			return "", fmt.Errorf("load silences: %w", err)
		}
		t.silences, t.silencesLoaded = s, true
	}
	for _, s := range t.silences {
		if s.Matches(a, now) {
			t.changes.Silenced[s.ID]++
			t.changes.SilencedAt = now.UTC()
			return s.ID, nil
		}
	}
	return "", nil
}

// redact returns the alert with its personal data replaced, when the
// policy redacts.
func (t *Triage) redact(a *Alert) *Alert {
	if t.policy.Redact == nil {
		return a
	}
	return t.policy.Redact.Redact(a)
}

// owner is the incident index points to for k: what this run decided
// (pending), else what is stored; "" for none.
func (t *Triage) owner(k string, pending map[string]string, stored func(string) (string, error)) (string, error) {
	if id, ok := pending[k]; ok {
		return id, nil
	}
	return stored(k)
}

// active returns incident id when it is active and the alert falls within
// window of its last seen alert, else nil.
func (t *Triage) active(id string, a *Alert, window time.Duration) (*Incident, error) {
	if id == "" {
		return nil, nil
	}
	inc, err := t.incident(id)
	if err != nil || inc == nil {
		return nil, err
	}
	if !inc.Status.Active() {
		return nil, nil
	}
	if a.Time.Sub(inc.LastSeen).Abs() > window {
		return nil, nil
	}
	return inc, nil
}

// incident returns the working copy of a stored or new incident.
func (t *Triage) incident(id string) (*Incident, error) {
	if inc, ok := t.touched[id]; ok {
		return inc, nil
	}
	stored, err := t.ledger.Incident(id)
	if err != nil {
		return nil, fmt.Errorf("load incident %s: %w", id, err)
	}
	if stored == nil {
		return nil, nil
	}
	inc := stored.Clone()
	t.touched[id] = inc
	return inc, nil
}

// changed lists inc among the incidents to save, once.
func (t *Triage) changed(inc *Incident) {
	if !t.saved[inc.ID] {
		t.saved[inc.ID] = true
		t.changes.Incidents = append(t.changes.Incidents, inc)
	}
}

// alertData is the payload of opened and alert_attached events.
type alertData struct {
	AlertID     string            `json:"alert_id"`
	Source      string            `json:"source"`
	Kind        string            `json:"kind"`
	Severity    Severity          `json:"severity"`
	Title       string            `json:"title"`
	Time        time.Time         `json:"time"`
	Fingerprint string            `json:"fingerprint"`
	Asset       *Asset            `json:"asset,omitempty"`
	Correlated  bool              `json:"correlated,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
}

func summary(a *Alert, fp string) alertData {
	return alertData{AlertID: a.ID, Source: a.Source, Kind: a.Kind, Severity: a.Severity,
		Title: a.Title, Time: a.Time.UTC(), Fingerprint: fp, Labels: a.Labels}
}

func (t *Triage) open(a *Alert, fp, key string, now time.Time) (*Incident, error) {
	year := now.UTC().Year()
	n, err := t.ledger.NextIncidentNumber(year)
	if err != nil {
		return nil, fmt.Errorf("reserve incident number: %w", err)
	}
	inc := &Incident{
		ID:             FormatID(year, n),
		Title:          a.Title,
		Severity:       a.Severity,
		Status:         StatusOpen,
		OpenedAt:       now.UTC(),
		FirstSeen:      a.Time.UTC(),
		LastSeen:       a.Time.UTC(),
		Asset:          a.Asset,
		CorrelationKey: key,
	}
	opened := summary(a, fp)
	opened.Asset = &a.Asset
	e, err := inc.record(now, TriageActor, EventOpened, opened)
	if err != nil {
		return nil, err
	}
	t.changes.Events = append(t.changes.Events, e)
	t.touched[inc.ID] = inc
	t.changed(inc)
	if key != "" {
		t.changes.Correlations[key] = inc.ID
	}
	if f, customer := t.policy.DataMap.Facts(a.Asset); f != nil {
		f.AwareAt = a.Time.UTC()
		inc.Customer = customer
		if err := t.setFacts(inc, f, "data_map", now); err != nil {
			return nil, err
		}
	}
	return inc, t.attach(inc, a, fp, now, false, false)
}

func (t *Triage) attach(inc *Incident, a *Alert, fp string, now time.Time, duplicate, correlated bool) error {
	t.take(inc, a)
	inc.AlertCount++
	inc.UpdatedAt = now.UTC()
	at := a.Time.UTC()
	if inc.FirstSeen.IsZero() || at.Before(inc.FirstSeen) {
		inc.FirstSeen = at
	}
	if at.After(inc.LastSeen) {
		inc.LastSeen = at
	}
	// A duplicate's fingerprint already belongs to the incident; any other
	// alert brings a new one (the list stops growing at MaxFingerprints, the
	// count does not).
	if !duplicate && !slices.Contains(inc.Fingerprints, fp) {
		inc.FingerprintCount++
		if len(inc.Fingerprints) < MaxFingerprints {
			inc.Fingerprints = append(inc.Fingerprints, fp)
		}
	}
	if !duplicate { // a duplicate's fingerprint points here already
		t.changes.Fingerprints[fp] = inc.ID
	}
	t.changed(inc)
	inc.Kinds = addBounded(inc.Kinds, a.Kind, maxListed)
	inc.Sources = addBounded(inc.Sources, a.Source, maxListed)
	inc.Labels = addLabels(inc.Labels, a.Labels)
	if a.PersonalData != nil {
		inc.PersonalData = mergePersonalData(inc.PersonalData, a.PersonalData)
	}

	if t.collapse(inc, duplicate, now) {
		// Counted, not listed: a storm of one alert stays one incident
		// with a correct count and a bounded timeline.
	} else {
		d := summary(a, fp)
		d.Correlated = correlated
		e, err := inc.record(now, TriageActor, EventAlertAttached, d)
		if err != nil {
			return err
		}
		t.changes.Events = append(t.changes.Events, e)
	}

	if a.Severity > inc.Severity {
		from := inc.Severity
		inc.Severity = a.Severity
		e, err := inc.record(now, TriageActor, EventSeverityRaised, struct {
			From    Severity `json:"from"`
			To      Severity `json:"to"`
			AlertID string   `json:"alert_id"`
		}{from, a.Severity, a.ID})
		if err != nil {
			return err
		}
		t.changes.Events = append(t.changes.Events, e)
	}
	// What the alert says about personal data widens the breach facts; a
	// new incident is aware from its first alert (see PatchFacts).
	if a.PersonalData != nil {
		if f := widenFacts(inc.Facts, a.PersonalData, Facts{AwareAt: inc.FirstSeen}); f != nil {
			return t.setFacts(inc, f, a.ID, now)
		}
	}
	return nil
}

// setFacts records facts that triage derived (from the data map or an
// alert) and lists the incident for re-evaluation. Facts that fail
// validation are a bug in deriving them, not bad input: the error stops the
// batch rather than let a wrong fact in.
func (t *Triage) setFacts(inc *Incident, f *Facts, source string, now time.Time) error {
	events, err := inc.setFacts(f, TriageActor, source, nil, now)
	if err != nil {
		return fmt.Errorf("facts of %s from %s: %w", inc.ID, source, err)
	}
	t.changes.Events = append(t.changes.Events, events...)
	if len(events) > 0 && !t.facts[inc.ID] {
		t.facts[inc.ID] = true
		t.changes.FactsChanged = append(t.changes.FactsChanged, inc)
	}
	return nil
}

// addLabels adds the names an incident's labels lack, with their first
// value, up to MaxLabels names.
func addLabels(have, add map[string]string) map[string]string {
	// A duplicate brings the names it brought before: nothing to sort.
	news := false
	for k := range add {
		if _, ok := have[k]; !ok {
			news = true
			break
		}
	}
	if !news || len(have) >= MaxLabels {
		return have
	}
	for _, k := range slices.Sorted(maps.Keys(add)) {
		if len(have) >= MaxLabels {
			break
		}
		if _, ok := have[k]; ok {
			continue
		}
		if have == nil {
			have = make(map[string]string, len(add))
		}
		have[k] = add[k]
	}
	return have
}

func addBounded(list []string, v string, limit int) []string {
	if v == "" || len(list) >= limit || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// mergePersonalData widens what is known: the union of categories and
// jurisdictions, the largest subject estimate, and "encrypted" only while
// every alert says so. The lists are bounded like an alert's own (MaxListLen),
// so that one alert's full list does not crowd out the next alert's entries.
func mergePersonalData(have, add *PersonalData) *PersonalData {
	if have == nil {
		c := *add
		c.Categories = slices.Clone(add.Categories)
		c.Jurisdictions = slices.Clone(add.Jurisdictions)
		if add.Encrypted != nil {
			c.Encrypted = ptrTo(*add.Encrypted)
		}
		return &c
	}
	for _, c := range add.Categories {
		have.Categories = addBounded(have.Categories, c, MaxListLen)
	}
	for _, j := range add.Jurisdictions {
		have.Jurisdictions = addBounded(have.Jurisdictions, j, MaxListLen)
	}
	have.Subjects = max(have.Subjects, add.Subjects)
	have.Encrypted = bothEncrypted(have.Encrypted, add.Encrypted)
	return have
}

// bothEncrypted is "encrypted" of two alerts: false when either says not,
// unknown when either does not say, true when both say so.
func bothEncrypted(a, b *bool) *bool {
	switch {
	case a != nil && !*a, b != nil && !*b:
		return ptrTo(false)
	case a == nil || b == nil:
		return nil
	}
	return ptrTo(true)
}
