package store

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/breachd/breachd/incident"
)

// MaxListLimit is the most incidents one List call returns.
const MaxListLimit = 1000

// ListQuery selects a page of incidents, newest first.
type ListQuery struct {
	// Statuses and Severities filter when not empty; an incident matches if
	// its value is one of those listed.
	Statuses   []incident.Status
	Severities []incident.Severity
	// Limit is the page size, 1 to MaxListLimit.
	Limit int
	// Cursor continues after a previous page; empty starts at the newest.
	Cursor string
}

// Page is one page of incidents. Next is empty on the last page.
type Page struct {
	Incidents []*incident.Incident
	Next      string
}

func (q *ListQuery) matches(inc *incident.Incident) bool {
	return (len(q.Statuses) == 0 || slices.Contains(q.Statuses, inc.Status)) &&
		(len(q.Severities) == 0 || slices.Contains(q.Severities, inc.Severity))
}

// ParseCursor checks a cursor a client sent back.
func ParseCursor(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%w: cursor %.32q is not one this server issued", incident.ErrInvalid, s)
	}
	return n, nil
}

// ListIncidents returns one page of incidents, newest first.
func (t *Tx) ListIncidents(q ListQuery) (Page, error) {
	if q.Limit < 1 || q.Limit > MaxListLimit {
		return Page{}, fmt.Errorf("%w: limit %d (want 1 to %d)", incident.ErrInvalid, q.Limit, MaxListLimit)
	}
	start, err := ParseCursor(q.Cursor)
	if err != nil {
		return Page{}, err
	}
	c := t.bucket(bucketOrder).Cursor()
	var k, v []byte
	if start == 0 {
		k, v = c.Last()
	} else {
		k, v = c.Seek(u64(start))
		if k == nil || binary.BigEndian.Uint64(k) != start {
			k, v = c.Prev() // the cursor's own entry is gone: continue below it
		}
	}
	var page Page
	for ; k != nil; k, v = c.Prev() {
		inc, err := t.Incident(string(v))
		if err != nil {
			return Page{}, err
		}
		if inc == nil || !q.matches(inc) {
			continue
		}
		if len(page.Incidents) == q.Limit {
			page.Next = strconv.FormatUint(binary.BigEndian.Uint64(k), 10)
			break
		}
		page.Incidents = append(page.Incidents, inc)
	}
	return page, nil
}
