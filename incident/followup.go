package incident

import "time"

// AddFollowUp triages an alert that reports on an earlier one rather than
// on something new: a source saying its alert has ended (Alertmanager's
// "resolved", an OCSF Close activity, an archived AWS finding). It is
// recorded on the active incident of its fingerprint, as a duplicate, when
// it falls within the dedup window. It never opens an incident, never
// reopens or changes the status of one, and never correlates: the end of a
// condition is no evidence that its breach is over, so closing stays a
// person's decision. An alert with no such incident changes nothing, and
// the outcome names no incident.
func (t *Triage) AddFollowUp(a *Alert, now time.Time) (Outcome, error) {
	a = t.redact(a)
	fp := a.EffectiveFingerprint()
	owner, err := t.owner(fp, t.changes.Fingerprints, t.ledger.IncidentByFingerprint)
	if err != nil {
		return Outcome{}, err
	}
	if repeat, err := t.repeat(a, owner); err != nil || repeat {
		return Outcome{Incident: owner, Repeat: true}, err
	}
	inc, err := t.active(owner, a, t.policy.DedupWindow)
	if err != nil || inc == nil {
		return Outcome{}, err
	}
	if err := t.attach(inc, a, fp, now, true, false); err != nil {
		return Outcome{}, err
	}
	return Outcome{Incident: inc.ID, Duplicate: true}, nil
}
