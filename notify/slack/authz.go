package slack

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
)

// membersTTL is how long a user group's members are trusted before they
// are asked again.
const membersTTL = time.Minute

// members answers whether a Slack user is a responder: listed, or in a
// listed user group (asked of Slack, cached for membersTTL).
type members struct {
	api        *slackapi.Client
	responders []string
	now        func() time.Time

	mu     sync.Mutex
	groups map[string]groupMembers
}

type groupMembers struct {
	users   []string
	fetched time.Time
}

func newMembers(api *slackapi.Client, responders []string, now func() time.Time) *members {
	return &members{api: api, responders: responders, now: now, groups: map[string]groupMembers{}}
}

// allowed reports whether user may change incidents. With no responders
// configured, everyone may.
func (m *members) allowed(ctx context.Context, user string) (bool, error) {
	if len(m.responders) == 0 || slices.Contains(m.responders, user) {
		return true, nil
	}
	for _, g := range m.responders {
		if !isGroup(g) {
			continue
		}
		users, err := m.group(ctx, g)
		if err != nil {
			return false, err
		}
		if slices.Contains(users, user) {
			return true, nil
		}
	}
	return false, nil
}

func (m *members) group(ctx context.Context, id string) ([]string, error) {
	now := m.now()
	m.mu.Lock()
	g, ok := m.groups[id]
	m.mu.Unlock()
	if ok && now.Sub(g.fetched) < membersTTL {
		return g.users, nil
	}
	users, err := m.api.GetUserGroupMembersContext(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("members of user group %s: %w", id, err)
	}
	m.mu.Lock()
	m.groups[id] = groupMembers{users: users, fetched: now}
	m.mu.Unlock()
	return users, nil
}
