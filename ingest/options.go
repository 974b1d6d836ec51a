package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest/formats"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/respond"
)

// Options configure the ALERTS stream, its consumer and the batch loop.
type Options struct {
	// Stream is the JetStream stream that holds alerts; Subjects are what it captures.
	Stream   string
	Subjects []string
	// FalcoSubjects are the subjects Falcosidekick publishes on (its NATS
	// output, subject template falco.<priority>.<rule>). The stream captures
	// them too, and their messages are decoded as Falco events. Empty
	// captures none.
	FalcoSubjects []string
	// DeadLetterStream keeps rejected alerts (published on DeadLetterSubject
	// with the reason in headers) and the server's max-deliveries advisories.
	DeadLetterStream  string
	DeadLetterSubject string
	// Durable names the pull consumer.
	Durable string
	// Severities read the severity labels of alerts (Alertmanager's);
	// nil is formats.DefaultSeverities.
	Severities formats.Severities
	// MaxAge is how long the stream keeps alerts; DuplicateWindow is how long
	// it remembers Nats-Msg-Id headers to drop a producer's retries.
	MaxAge          time.Duration
	DuplicateWindow time.Duration
	// Replicas is the stream's replication factor on a cluster.
	Replicas int
	// BatchSize is the most messages committed in one transaction.
	BatchSize int
	// MaxAckPending bounds the messages delivered but not yet acknowledged.
	MaxAckPending int
	// MaxDeliver bounds redeliveries of a message whose processing keeps
	// failing; past it the server's advisory lands in the dead-letter stream.
	MaxDeliver int
	// AckWait is how long the server waits for an ack before redelivering.
	AckWait time.Duration
	// MaxFutureSkew is how far in the future an alert's time may lie.
	MaxFutureSkew time.Duration
	// Policy is how alerts fold into incidents.
	Policy incident.Policy
	// Obligations re-evaluates the obligations of incidents whose breach
	// facts an alert changed, in the same transaction. Nil leaves them
	// unevaluated.
	Obligations *obligations.Tracker
	// Hooks, when set, are told of each batch's changes in the batch's
	// transaction, after they are applied: the same hooks every other
	// change runs (respond.Service.Hooks), so playbooks start and Slack
	// enqueues its messages there.
	Hooks respond.Hook
	// Wake, when set, is called after each batch commits: the outbox
	// sends what the hooks queued (Slack's messages, the playbooks'
	// actions) at once, not at its next look (reminder_interval later).
	Wake func()
	// Now is the clock.
	Now func() time.Time
}

// DefaultOptions returns the settings breachd runs with unless configured.
func DefaultOptions() Options {
	return Options{
		Stream:            "ALERTS",
		Subjects:          []string{"alerts.>"},
		FalcoSubjects:     []string{"falco.>"},
		DeadLetterStream:  "ALERTS_DLQ",
		DeadLetterSubject: "breachd.deadletter.alerts",
		Durable:           "breachd",
		Severities:        formats.DefaultSeverities(),
		MaxAge:            30 * 24 * time.Hour,
		DuplicateWindow:   2 * time.Minute,
		Replicas:          1,
		BatchSize:         4096,
		MaxAckPending:     16384,
		MaxDeliver:        10,
		AckWait:           30 * time.Second,
		MaxFutureSkew:     5 * time.Minute,
		Policy:            incident.DefaultPolicy(),
		Now:               time.Now,
	}
}

// Validate checks the options before anything is created.
func (o *Options) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(o.Stream != "" && o.DeadLetterStream != "" && o.Durable != "", "stream, dead-letter stream and durable names must be set")
	check(len(o.Subjects) > 0, "the alert stream needs at least one subject")
	check(o.DeadLetterSubject != "", "dead-letter subject must be set")
	for _, p := range o.settingProblems() {
		errs = append(errs, errors.New(p.problem))
	}
	check(o.Now != nil, "a clock is required")
	if err := o.Policy.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("triage: %w", err))
	}
	return errors.Join(errs...)
}

// settingProblem is what is wrong with the value of a setting breachd's
// config file can change, and that setting's key.
type settingProblem struct{ key, problem string }

// settingProblems checks the options a Config sets, but for the policy.
func (o *Options) settingProblems() []settingProblem {
	var out []settingProblem
	check := func(ok bool, key, format string, args ...any) {
		if !ok {
			out = append(out, settingProblem{key, fmt.Sprintf(format, args...)})
		}
	}
	for _, s := range o.FalcoSubjects {
		check(validSubject(s) && !strings.HasPrefix(s, "alerts.") && !slices.Contains(o.Subjects, s),
			"falco_subjects", "falco subject %q must be a NATS subject outside alerts.> (such as falco.>)", s)
	}
	check(o.MaxAge > 0, "stream_max_age", "stream max age must be positive, got %s", o.MaxAge)
	check(o.DuplicateWindow > 0 && o.DuplicateWindow <= o.MaxAge, "duplicate_window", "duplicate window must be positive and at most the max age, got %s", o.DuplicateWindow)
	check(o.Replicas >= 1 && o.Replicas <= 5, "stream_replicas", "replicas must be 1 to 5, got %d", o.Replicas)
	check(o.BatchSize >= 1 && o.BatchSize <= 100_000, "batch_size", "batch size must be 1 to 100000, got %d", o.BatchSize)
	check(o.MaxAckPending >= o.BatchSize, "max_ack_pending", "max ack pending (%d) must be at least the batch size (%d)", o.MaxAckPending, o.BatchSize)
	check(o.MaxDeliver >= 2, "max_deliver", "max deliver must be at least 2, got %d", o.MaxDeliver)
	check(o.AckWait >= time.Second, "ack_wait", "ack wait must be at least 1s, got %s", o.AckWait)
	check(o.MaxFutureSkew >= 0, "max_future_skew", "max future skew must not be negative, got %s", o.MaxFutureSkew)
	return out
}

// backoff is the delay before a message that failed for a transient reason is
// delivered again: 1s, 2s, 4s … capped at a minute. A plain Nak would
// redeliver at once and burn MaxDeliver in milliseconds.
func backoff(delivered uint64) time.Duration {
	d := time.Second << min(delivered, 6)
	return min(d, time.Minute)
}

// validSubject checks a subject or pattern: dot-separated non-empty tokens
// without spaces, ">" only as the last token.
func validSubject(s string) bool {
	tokens := strings.Split(s, ".")
	for i, t := range tokens {
		if t == "" || strings.ContainsAny(t, " \t\r\n") || strings.Contains(t, ">") && (t != ">" || i != len(tokens)-1) ||
			strings.Contains(t, "*") && t != "*" {
			return false
		}
	}
	return true
}

// streamSubjects are the subjects the alert stream captures.
func (o *Options) streamSubjects() []string {
	return append(slices.Clone(o.Subjects), o.FalcoSubjects...)
}
