package incident

import "time"

// floodWindow is the span flood protection counts alerts over.
const floodWindow = time.Minute

// Flood is an incident's flood protection state: the alerts of the current
// minute, and how many of them were counted without a timeline event.
type Flood struct {
	WindowStart time.Time `json:"window_start"`
	Count       int64     `json:"count"`
	Collapsed   int64     `json:"collapsed"`
}

// collapsedData is the payload of an alerts_collapsed event.
type collapsedData struct {
	Count int64     `json:"count"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
}

// collapse reports whether a duplicate arriving at now is past the flood
// threshold of its minute, and so is counted without a timeline event. When
// a new minute starts, the alerts collapsed in the last one are recorded as
// one alerts_collapsed event.
func (t *Triage) collapse(inc *Incident, duplicate bool, now time.Time) bool {
	if t.policy.FloodThreshold <= 0 || !duplicate {
		return false
	}
	if inc.Flood == nil || now.Sub(inc.Flood.WindowStart) >= floodWindow || now.Before(inc.Flood.WindowStart) {
		if inc.Flood != nil && inc.Flood.Collapsed > 0 {
			// Recorded before this alert's own event, so the timeline reads
			// in order; an error here is an encoding bug, as in record.
			if e, err := inc.record(now, TriageActor, EventAlertsCollapsed, collapsedData{
				Count: inc.Flood.Collapsed, From: inc.Flood.WindowStart, To: inc.Flood.WindowStart.Add(floodWindow),
			}); err == nil {
				t.changes.Events = append(t.changes.Events, e)
			}
		}
		inc.Flood = &Flood{WindowStart: now.UTC()}
	}
	inc.Flood.Count++
	if inc.Flood.Count <= int64(t.policy.FloodThreshold) {
		return false
	}
	inc.Flood.Collapsed++
	inc.CollapsedAlerts++
	return true
}
