package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/store"
)

// sendDraft posts a draft as a Markdown file: in the incident's thread
// when its message is posted, else in the channel it was asked from. The
// draft is rendered when it is sent, from the facts as they are then.
func (s *Slack) sendDraft(ctx context.Context, key string, m Message) (string, error) {
	d, err := s.opts.Respond.Draft(ctx, m.Incident, m.Regime, drafts.Markdown, "")
	body := d.Body
	if errors.Is(err, drafts.ErrNoTemplate) || errors.Is(err, incident.ErrInvalid) || errors.Is(err, store.ErrNotFound) {
		return "", outbox.Permanent(err)
	}
	if err != nil {
		return "", err
	}
	channel, ts, err := s.thread(m.Incident)
	if err != nil {
		return "", err
	}
	if ts == "" {
		channel = m.Channel
	}
	// A file upload carries no metadata to look for after a crash: the
	// post record keeps a retry from uploading twice once it is done.
	var done *store.SlackPost
	if err := s.store.View(func(tx *store.Tx) error { done, err = tx.SlackPost(key); return err }); err != nil {
		return "", err
	}
	if done != nil && done.TS != "" {
		return "uploaded " + done.TS, nil
	}
	name := fmt.Sprintf("%s-%s.md", m.Incident, m.Regime)
	f, err := s.api.UploadFileContext(ctx, slackapi.UploadFileParameters{
		Reader: bytes.NewReader(body), FileSize: len(body), Filename: name, Title: "Draft: " + name,
		Channel: channel, ThreadTimestamp: ts, SnippetType: "markdown",
		InitialComment: fmt.Sprintf("Draft of the *%s* notification for %s, asked by %s. Review it before anything is sent.", m.Regime, m.Incident, mention(Actor(m.User))),
	})
	if err != nil {
		return "", Classify(err)
	}
	if err := s.donePost(key, store.SlackPost{Channel: channel, TS: f.ID, StartedAt: s.opts.Now().UTC()}); err != nil {
		return "", err
	}
	return "uploaded " + f.ID, nil
}
