package slack

import (
	"errors"
	"fmt"
	"net/http"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/outbox"
)

// transientErrors are the Web API error names worth retrying; every other
// ok:false answer (channel_not_found, not_in_channel, invalid_auth,
// missing_scope, invalid_blocks, msg_too_long…) will not change by
// itself, and is permanent.
var transientErrors = map[string]bool{
	"ratelimited": true, "internal_error": true, "fatal_error": true, "service_unavailable": true,
	"request_timeout": true, "team_added_to_org": true,
}

// Classify turns a Web API error into what the outbox does with it: a 429
// is retried after its Retry-After, a refusal is permanent, a 5xx or a
// network failure is retried with back-off.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	var rl *slackapi.RateLimitedError
	if errors.As(err, &rl) {
		return outbox.RetryAfter(err, rl.RetryAfter)
	}
	var sc slackapi.StatusCodeError
	if errors.As(err, &sc) {
		if sc.Code >= 500 || sc.Code == http.StatusTooManyRequests || sc.Code == http.StatusRequestTimeout {
			return err
		}
		return outbox.Permanent(err)
	}
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) {
		if transientErrors[se.Err] {
			return err
		}
		return outbox.Permanent(fmt.Errorf("slack refused: %w", err))
	}
	// Network errors, timeouts, a reset connection: try again.
	return err
}

// definite reports whether err says for sure that Slack did not carry out
// the call (it answered with an error), as opposed to a call whose fate is
// unknown (the connection broke after the request left).
func definite(err error) bool {
	var (
		rl *slackapi.RateLimitedError
		sc slackapi.StatusCodeError
		se slackapi.SlackErrorResponse
	)
	return errors.As(err, &rl) || errors.As(err, &sc) || errors.As(err, &se)
}

// slackError returns the Web API error name of err, or "".
func slackError(err error) string {
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}
