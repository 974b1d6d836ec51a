package slack

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/breachd/breachd/store"
)

// maxRequestBody bounds a request from Slack.
const maxRequestBody = 1 << 20

// replayWindow is how long a request's signature is remembered: Slack's
// timestamps are accepted five minutes either side of now, so a replay
// can come at most ten minutes after the first sight.
const replayWindow = 10 * time.Minute

// Routes are the HTTP endpoints, by pattern, for the API server's mux.
// They need no API token: each request is verified with the signing
// secret instead.
func (s *Slack) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"POST /slack/events":       s.verified(s.serveEvents),
		"POST /slack/interactions": s.verified(s.serveInteractions),
		"POST /slack/commands":     s.verified(s.serveCommands),
	}
}

// verified admits only requests signed with the signing secret within
// Slack's five minutes, and each of them once: a bad signature, a stale
// timestamp or a replay is a 401.
func (s *Slack) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		if err != nil {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		sv, err := slackapi.NewSecretsVerifier(r.Header, s.opts.SigningSecret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			s.log.Warn().Str("path", r.URL.Path).Str("error", err.Error()).Msg("slack request refused")
			http.Error(w, "request not signed by Slack: "+err.Error(), http.StatusUnauthorized)
			return
		}
		if s.replayed(replayKey(r.Header), w, r.URL.Path) {
			return
		}
		// The form parsers read the body again.
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	})
}

// replayKey names a verified request in the replay memory by the MAC
// bytes its signature decodes to, not by the header's text: hex decoding
// takes upper, lower and mixed case alike, so keying on the text would let
// a captured request through again with its signature re-cased. The MAC
// covers the timestamp and the body, so nothing under it can be
// re-encoded without the signing secret. The lowercase hex is what Slack
// sends, so entries recorded before this keying still match.
func replayKey(h http.Header) string {
	// The verifier read the same first value and has checked it decodes
	// to a MAC of the right size after a "v0=" prefix.
	sig, _ := strings.CutPrefix(h.Get("X-Slack-Signature"), "v0=")
	mac, err := hex.DecodeString(sig)
	if err != nil {
		panic("slack signature verified but not hex: " + err.Error())
	}
	return "sig:" + hex.EncodeToString(mac)
}

// replayed records a request's digest and answers 401 when it was seen
// inside the window; a store failure is a 503 (Slack retries).
func (s *Slack) replayed(digest string, w http.ResponseWriter, path string) bool {
	seen, err := s.seen(digest)
	switch {
	case err != nil:
		s.log.Error().Err(err).Msg("record slack request")
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return true
	case seen:
		s.log.Warn().Str("path", path).Msg("slack request replayed")
		http.Error(w, "request replayed", http.StatusUnauthorized)
		return true
	}
	return false
}

// seen records digest and reports whether it was recorded already.
func (s *Slack) seen(digest string) (bool, error) {
	now := s.opts.Now()
	var seen bool
	err := s.store.Update(func(tx *store.Tx) error {
		var err error
		seen, err = tx.SeenSlackRequest(digest, now, now.Add(replayWindow))
		return err
	})
	return seen, err
}

func digestOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Slack) serveCommands(w http.ResponseWriter, r *http.Request, _ []byte) {
	sc, err := slackapi.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	writeJSON(w, s.HandleCommand(r.Context(), sc))
}

func (s *Slack) serveInteractions(w http.ResponseWriter, r *http.Request, _ []byte) {
	cb, err := slackapi.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "not an interaction payload", http.StatusBadRequest)
		return
	}
	if resp := s.HandleInteraction(r.Context(), cb); resp != nil {
		writeJSON(w, resp)
	}
}

func (s *Slack) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		http.Error(w, "not an Events API payload", http.StatusBadRequest)
		return
	}
	if ev.Type == slackevents.URLVerification {
		var v slackevents.EventsAPIURLVerificationEvent
		if err := json.Unmarshal(body, &v); err != nil {
			http.Error(w, "bad challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, v.Challenge)
		return
	}
	s.HandleEvent(ev)
}

// HandleEvent takes an Events API event. Slack retries an event until it
// is answered, so each is handled once, by its event id. The events the
// app subscribes to (app_mention) are logged; what they should do is not
// decided yet.
func (s *Slack) HandleEvent(ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	if seen, err := s.seen("event:" + cb.EventID); err != nil || seen {
		return
	}
	s.log.Debug().Str("event_id", cb.EventID).Str("type", ev.InnerEvent.Type).Msg("slack event")
}
