package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// DeadLetter is one entry of the dead-letter stream (ALERTS_DLQ) as
// GET /api/v1/deadletters lists it: an alert refused as bad input, with
// its reason, or the server's advisory of an alert given up after
// max_deliver attempts (reason max_deliveries).
type DeadLetter struct {
	// Seq is the entry's sequence number in the dead-letter stream.
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	Reason string    `json:"reason"`
	Error  string    `json:"error"`
	// AlertID is the refused alert's id, when it has one that can be read.
	AlertID string `json:"alert_id,omitempty"`
	// Where the alert came from: the subject it was published on, and the
	// stream and sequence it had there.
	OriginalSubject string `json:"original_subject,omitempty"`
	OriginalStream  string `json:"original_stream,omitempty"`
	OriginalSeq     uint64 `json:"original_seq,omitempty"`
	// Size is the entry's payload in bytes.
	Size int `json:"size"`
}

// DeadLetterList is the body of GET /api/v1/deadletters.
type DeadLetterList struct {
	DeadLetters []DeadLetter `json:"dead_letters"`
}

// ReplayRequest selects the entries POST /api/v1/deadletters/replay puts
// back through intake: by reason, by sequence numbers, or (both empty)
// every one.
type ReplayRequest struct {
	Reason string   `json:"reason,omitempty"`
	Seqs   []uint64 `json:"seqs,omitempty"`
}

// Replayed is the answer of POST /api/v1/deadletters/replay: the entries
// put back through intake (and deleted from the dead-letter stream), and
// those that could not be, with why.
type Replayed struct {
	Replayed []uint64        `json:"replayed"`
	Failed   []ReplayFailure `json:"failed,omitempty"`
}

// ReplayFailure is an entry that could not be replayed.
type ReplayFailure struct {
	Seq   uint64 `json:"seq"`
	Error string `json:"error"`
}

// DeadLetters lists the dead-letter entries, oldest first: of one reason
// when reason is set, at most limit (0: the server's default).
func (c *Client) DeadLetters(ctx context.Context, reason string, limit int) (DeadLetterList, error) {
	q := url.Values{}
	if reason != "" {
		q.Set("reason", reason)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out DeadLetterList
	err := c.call(ctx, http.MethodGet, "/api/v1/deadletters", q, nil, &out)
	return out, err
}

// ReplayDeadLetters puts the selected dead-letter entries back through
// intake.
func (c *Client) ReplayDeadLetters(ctx context.Context, req ReplayRequest) (Replayed, error) {
	var out Replayed
	err := c.call(ctx, http.MethodPost, "/api/v1/deadletters/replay", nil, req, &out)
	return out, err
}
