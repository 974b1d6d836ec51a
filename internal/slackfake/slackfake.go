// Package slackfake is a stateful fake of the Slack Web API methods breachd
// calls, served over httptest: it keeps channels (with their names,
// members, topics and pins), messages with their real timestamps, threads,
// metadata, opened views, uploaded files, user groups and users' e-mail
// addresses, checks the bot token, and lets a test inject rate limits and
// errors. Point slack-go at it with slack.OptionAPIURL(fake.URL()). It
// also serves Socket Mode (see socket.go).
package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the bot token the fake accepts.
const Token = "xoxb-fake-token"

// BotUser is the bot's own user id: the member of every channel it creates.
const BotUser = "UBOT"

// Channel is one channel the fake holds.
type Channel struct {
	ID, Name, Topic string
	Private         bool
	// Members are the user ids in it; Pins the timestamps of its pinned
	// messages, oldest first.
	Members []string
	Pins    []string
}

// Message is one message the fake holds.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string
	Text     string
	// Blocks is the blocks JSON as posted.
	Blocks json.RawMessage
	// Metadata is the message metadata as posted.
	Metadata json.RawMessage
	// Updates counts chat.update calls on it.
	Updates int
}

// Ephemeral is one message shown to one user only.
type Ephemeral struct {
	Channel, User, Text string
}

// File is one uploaded file.
type File struct {
	ID, Name, Title, Channel, ThreadTS string
	Content                            []byte
}

type failure struct {
	n          int
	status     int    // HTTP status; 0 with err set means ok:false
	retryAfter int    // seconds, for 429
	err        string // Slack error name
}

// Server is the fake.
type Server struct {
	srv *httptest.Server

	mu         sync.Mutex
	channels   map[string]*Channel
	messages   []*Message
	ephemerals []Ephemeral
	views      []json.RawMessage
	files      map[string]*File
	groups     map[string][]string
	users      map[string]string // user id → e-mail address
	calls      map[string]int
	failures   map[string][]failure
	last       time.Time
	sock       *socket
	// Now stamps new messages (set it to the test's clock); nil is the
	// wall clock. Timestamps always grow, by a microsecond at least.
	Now func() time.Time
}

// New starts a fake with the channels given; it stops when the test ends.
func New(t testing.TB, channels ...string) *Server {
	s := &Server{channels: map[string]*Channel{}, files: map[string]*File{}, groups: map[string][]string{}, users: map[string]string{},
		calls: map[string]int{}, failures: map[string][]failure{}, sock: newSocket()}
	for _, c := range channels {
		s.channels[c] = &Channel{ID: c, Name: strings.ToLower(c), Members: []string{BotUser}}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	t.Cleanup(s.sock.close) // runs before srv.Close: cleanups run last in, first out
	return s
}

// URL is the API base URL, with the trailing slash slack-go needs.
func (s *Server) URL() string { return s.srv.URL + "/" }

// SetGroup sets the members of a user group.
func (s *Server) SetGroup(id string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[id] = members
}

// SetUser gives a user the e-mail address users.info answers with (""
// for a profile without one); users.info does not know other users.
func (s *Server) SetUser(id, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = email
}

// AddChannel adds a channel as it is given (without the bot unless its
// members say so).
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Members = append([]string(nil), c.Members...)
	s.channels[c.ID] = &c
}

// Channel returns a copy of a channel, by id or, failing that, by name.
func (s *Server) Channel(idOrName string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[idOrName]
	if c == nil {
		c = s.named(idOrName)
	}
	if c == nil {
		return Channel{}, false
	}
	out := *c
	out.Members, out.Pins = append([]string(nil), c.Members...), append([]string(nil), c.Pins...)
	return out, true
}

func (s *Server) named(name string) *Channel {
	for _, c := range s.channels {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// RateLimit makes the next n calls of method answer 429 with Retry-After.
func (s *Server) RateLimit(method string, n, retryAfterSeconds int) {
	s.push(method, failure{n: n, status: http.StatusTooManyRequests, retryAfter: retryAfterSeconds})
}

// FailStatus makes the next n calls of method answer an HTTP status.
func (s *Server) FailStatus(method string, n, status int) {
	s.push(method, failure{n: n, status: status})
}

// FailWith makes the next n calls of method answer ok:false with error name.
func (s *Server) FailWith(method string, n int, name string) {
	s.push(method, failure{n: n, err: name})
}

func (s *Server) push(method string, f failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], f)
}

// Calls is how many times method was called, failures included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Messages returns copies of the messages in channel (every channel when
// empty), oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if channel == "" || m.Channel == channel {
			out = append(out, *m)
		}
	}
	return out
}

// Ephemerals returns the ephemeral messages, oldest first.
func (s *Server) Ephemerals() []Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ephemeral(nil), s.ephemerals...)
}

// Views returns the views opened, as JSON.
func (s *Server) Views() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.views...)
}

// Files returns the files shared, by id.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, f := range s.files {
		if f.Channel != "" {
			out = append(out, *f)
		}
	}
	return out
}

func (s *Server) nextTS() string {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	now = now.Truncate(time.Microsecond)
	if !now.After(s.last) {
		now = s.last.Add(time.Microsecond)
	}
	s.last = now
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}

func reply(w http.ResponseWriter, v map[string]any) {
	if _, ok := v["ok"]; !ok {
		v["ok"] = true
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func slackErr(w http.ResponseWriter, name string) {
	reply(w, map[string]any{"ok": false, "error": name})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == socketPath {
		s.serveSocket(w, r) // long-lived: outside the lock
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/")
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
	if fs := s.failures[method]; len(fs) > 0 {
		f := &fs[0]
		f.n--
		if f.n <= 0 {
			s.failures[method] = fs[1:]
		}
		switch {
		case f.status == http.StatusTooManyRequests:
			w.Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
			w.WriteHeader(f.status)
			return
		case f.status != 0:
			http.Error(w, "<html>down</html>", f.status)
			return
		default:
			slackErr(w, f.err)
			return
		}
	}
	if method == "apps.connections.open" {
		s.connectionsOpen(w, r)
		return
	}
	if strings.HasPrefix(method, "upload/") {
		s.upload(w, r, strings.TrimPrefix(method, "upload/"), body)
		return
	}
	var form url.Values
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		form = url.Values{}
	} else {
		form, _ = url.ParseQuery(string(body))
	}
	token := form.Get("token")
	if token == "" {
		token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	if token != Token {
		slackErr(w, "invalid_auth")
		return
	}
	switch method {
	case "auth.test":
		reply(w, map[string]any{"user_id": "UBOT", "team_id": "T1"})
	case "chat.postMessage":
		s.postMessage(w, form)
	case "chat.update":
		s.update(w, form)
	case "chat.postEphemeral":
		if s.channels[form.Get("channel")] == nil {
			slackErr(w, "channel_not_found")
			return
		}
		s.ephemerals = append(s.ephemerals, Ephemeral{Channel: form.Get("channel"), User: form.Get("user"), Text: form.Get("text")})
		reply(w, map[string]any{"message_ts": s.nextTS()})
	case "conversations.history", "conversations.replies":
		s.history(w, form, method == "conversations.replies")
	case "views.open":
		var req struct {
			TriggerID string          `json:"trigger_id"`
			View      json.RawMessage `json:"view"`
		}
		if json.Unmarshal(body, &req) != nil || req.TriggerID == "" {
			slackErr(w, "invalid_arguments")
			return
		}
		s.views = append(s.views, req.View)
		reply(w, map[string]any{"view": map[string]any{"id": fmt.Sprintf("V%d", len(s.views))}})
	case "usergroups.users.list":
		members, ok := s.groups[form.Get("usergroup")]
		if !ok {
			slackErr(w, "no_such_subteam")
			return
		}
		reply(w, map[string]any{"users": members})
	case "users.info":
		email, ok := s.users[form.Get("user")]
		if !ok {
			slackErr(w, "user_not_found")
			return
		}
		reply(w, map[string]any{"user": map[string]any{"id": form.Get("user"), "profile": map[string]any{"email": email}}})
	case "conversations.create":
		s.create(w, form)
	case "conversations.invite":
		s.invite(w, form)
	case "conversations.setTopic":
		c := s.channels[form.Get("channel")]
		switch {
		case c == nil:
			slackErr(w, "channel_not_found")
		case len([]rune(form.Get("topic"))) > 250:
			slackErr(w, "too_long")
		default:
			c.Topic = form.Get("topic")
			reply(w, map[string]any{"channel": channelJSON(c)})
		}
	case "conversations.list":
		var out []map[string]any
		for _, c := range s.channels {
			if !c.Private || slices.Contains(c.Members, BotUser) {
				out = append(out, channelJSON(c))
			}
		}
		reply(w, map[string]any{"channels": out, "response_metadata": map[string]any{"next_cursor": ""}})
	case "pins.add":
		s.pin(w, form)
	case "files.getUploadURLExternal":
		id := fmt.Sprintf("F%d", len(s.files)+1)
		s.files[id] = &File{ID: id, Name: form.Get("filename")}
		reply(w, map[string]any{"upload_url": s.srv.URL + "/upload/" + id, "file_id": id})
	case "files.completeUploadExternal":
		s.completeUpload(w, form)
	default:
		slackErr(w, "unknown_method")
	}
}

// channelName is what Slack accepts as a channel name.
var channelName = regexp.MustCompile(`^[a-z0-9_-]{1,80}$`)

func channelJSON(c *Channel) map[string]any {
	return map[string]any{"id": c.ID, "name": c.Name, "is_private": c.Private, "is_channel": !c.Private, "is_group": c.Private,
		"is_member": slices.Contains(c.Members, BotUser), "topic": map[string]any{"value": c.Topic}}
}

func (s *Server) create(w http.ResponseWriter, form url.Values) {
	name := form.Get("name")
	switch {
	case !channelName.MatchString(name):
		slackErr(w, "invalid_name_specials")
		return
	case s.named(name) != nil:
		slackErr(w, "name_taken")
		return
	}
	c := &Channel{ID: fmt.Sprintf("C%08d", len(s.channels)+1), Name: name, Private: form.Get("is_private") == "true",
		Members: []string{BotUser}}
	s.channels[c.ID] = c
	reply(w, map[string]any{"channel": channelJSON(c)})
}

func (s *Server) invite(w http.ResponseWriter, form url.Values) {
	c := s.channels[form.Get("channel")]
	if c == nil {
		slackErr(w, "channel_not_found")
		return
	}
	added := 0
	for _, u := range strings.Split(form.Get("users"), ",") {
		switch {
		case u == "":
		case u == BotUser:
			slackErr(w, "cant_invite_self")
			return
		case !slices.Contains(c.Members, u):
			c.Members = append(c.Members, u)
			added++
		}
	}
	if added == 0 && form.Get("force") != "true" {
		slackErr(w, "already_in_channel")
		return
	}
	reply(w, map[string]any{"channel": channelJSON(c)})
}

func (s *Server) pin(w http.ResponseWriter, form url.Values) {
	c := s.channels[form.Get("channel")]
	ts := form.Get("timestamp")
	switch {
	case c == nil:
		slackErr(w, "channel_not_found")
	case s.find(c.ID, ts) == nil:
		slackErr(w, "message_not_found")
	case slices.Contains(c.Pins, ts):
		slackErr(w, "already_pinned")
	default:
		c.Pins = append(c.Pins, ts)
		reply(w, map[string]any{})
	}
}

func (s *Server) postMessage(w http.ResponseWriter, form url.Values) {
	ch := form.Get("channel")
	if s.channels[ch] == nil {
		slackErr(w, "channel_not_found")
		return
	}
	if form.Get("text") == "" && form.Get("blocks") == "" {
		slackErr(w, "no_text")
		return
	}
	thread := form.Get("thread_ts")
	if thread != "" && s.find(ch, thread) == nil {
		slackErr(w, "thread_not_found")
		return
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: thread, Text: form.Get("text"),
		Blocks: raw(form.Get("blocks")), Metadata: raw(form.Get("metadata"))}
	s.messages = append(s.messages, m)
	reply(w, map[string]any{"channel": ch, "ts": m.TS, "message": map[string]any{"text": m.Text, "ts": m.TS}})
}

func raw(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

func (s *Server) find(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

func (s *Server) update(w http.ResponseWriter, form url.Values) {
	m := s.find(form.Get("channel"), form.Get("ts"))
	if m == nil {
		slackErr(w, "message_not_found")
		return
	}
	m.Text, m.Blocks = form.Get("text"), raw(form.Get("blocks"))
	m.Updates++
	reply(w, map[string]any{"channel": m.Channel, "ts": m.TS, "text": m.Text})
}

func (s *Server) history(w http.ResponseWriter, form url.Values, replies bool) {
	ch := form.Get("channel")
	if s.channels[ch] == nil {
		slackErr(w, "channel_not_found")
		return
	}
	oldest, _ := strconv.ParseFloat(form.Get("oldest"), 64)
	withMeta := form.Get("include_all_metadata") == "1"
	var out []map[string]any
	for i := len(s.messages) - 1; i >= 0; i-- { // newest first, as Slack answers
		m := s.messages[i]
		ts, _ := strconv.ParseFloat(m.TS, 64)
		if m.Channel != ch || ts < oldest {
			continue
		}
		if replies && m.ThreadTS != form.Get("ts") && m.TS != form.Get("ts") || !replies && m.ThreadTS != "" {
			continue
		}
		msg := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "thread_ts": m.ThreadTS}
		if withMeta && m.Metadata != nil {
			msg["metadata"] = m.Metadata
		}
		out = append(out, msg)
	}
	reply(w, map[string]any{"messages": out, "has_more": false})
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	f := s.files[id]
	if f == nil {
		http.Error(w, "no such upload", http.StatusNotFound)
		return
	}
	f.Content = body
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && params["boundary"] != "" {
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		if p, err := mr.NextPart(); err == nil {
			f.Content, _ = io.ReadAll(p)
		}
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) completeUpload(w http.ResponseWriter, form url.Values) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if json.Unmarshal([]byte(form.Get("files")), &files) != nil || len(files) != 1 || s.files[files[0].ID] == nil {
		slackErr(w, "invalid_arguments")
		return
	}
	ch := form.Get("channel_id")
	if s.channels[ch] == nil {
		slackErr(w, "channel_not_found")
		return
	}
	f := s.files[files[0].ID]
	f.Title, f.Channel, f.ThreadTS = files[0].Title, ch, form.Get("thread_ts")
	reply(w, map[string]any{"files": []map[string]any{{"id": f.ID, "title": f.Title}}})
}
