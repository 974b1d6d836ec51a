package slack

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// CommandName is the slash command the app registers.
const CommandName = "/breach"

// Command is one parsed /breach command.
type Command struct {
	Verb string
	// ID is the incident id, upper-cased.
	ID string
	// Args are the words after the id that the verb takes.
	Args []string
	// Text is the free text that ends some commands (a note, a reason).
	Text string
	// Facts are the key=value pairs of facts, in order.
	Facts [][2]string
}

// usages says how to type each command; errors quote them.
var usages = map[string]string{
	"list":      "/breach list",
	"status":    "/breach status [ID [open|acknowledged|contained|resolved|closed [REASON]]]",
	"ack":       "/breach ack ID",
	"assign":    "/breach assign ID @user|me",
	"facts":     "/breach facts ID key=value…",
	"assess":    "/breach assess ID notifiable|not-notifiable REASON",
	"submitted": "/breach submitted ID REGIME [REF]",
	"note":      "/breach note ID TEXT",
	"draft":     "/breach draft ID REGIME",
	"channel":   "/breach channel ID",
	"help":      "/breach help",
}

// verbs lists the commands in the order help shows them.
var verbs = []string{"list", "status", "ack", "assign", "facts", "assess", "submitted", "note", "draft", "channel", "help"}

// UsageError is a command typed wrong; Usage is what to type instead.
type UsageError struct {
	Problem, Usage string
}

func (e *UsageError) Error() string { return e.Problem + "; type `" + e.Usage + "`" }

func usageErr(verb, format string, args ...any) error {
	return &UsageError{Problem: fmt.Sprintf(format, args...), Usage: usages[verb]}
}

// maxCommandText bounds what a command may carry, well above Slack's own
// limit on slash command text.
const maxCommandText = 16 << 10

// factKey finds where each key=value pair starts: a value runs to the next
// pair, so values may hold spaces (cause=stolen laptop).
var factKey = regexp.MustCompile(`(?:^|\s)([a-z][a-z0-9_]*)=`)

// ParseCommand parses the text after /breach.
func ParseCommand(text string) (Command, error) {
	if len(text) > maxCommandText {
		return Command{}, usageErr("help", "the command is %d bytes, over the limit of %d", len(text), maxCommandText)
	}
	words, rest := cut(text, 2)
	if len(words) == 0 {
		return Command{Verb: "help"}, nil
	}
	c := Command{Verb: strings.ToLower(words[0])}
	if _, ok := usages[c.Verb]; !ok {
		return Command{}, &UsageError{Problem: fmt.Sprintf("there is no command %.40q", words[0]), Usage: "/breach help"}
	}
	if len(words) > 1 {
		c.ID = strings.ToUpper(words[1])
	}
	need := func(min int) error {
		if c.ID == "" {
			return usageErr(c.Verb, "%s needs an incident id", c.Verb)
		}
		if len(c.Args) < min {
			return usageErr(c.Verb, "%s needs more", c.Verb)
		}
		return nil
	}
	switch c.Verb {
	case "list", "help":
		if c.ID != "" {
			return Command{}, usageErr(c.Verb, "%s takes nothing more", c.Verb)
		}
	case "ack", "channel":
		if rest != "" {
			return Command{}, usageErr(c.Verb, "%s takes only the incident id", c.Verb)
		}
		return c, need(0)
	case "status":
		if c.ID == "" {
			return c, nil
		}
		w, text := cut(rest, 1)
		c.Args, c.Text = w, text
	case "assign", "draft":
		w, extra := cut(rest, 1)
		c.Args = w
		if err := need(1); err != nil {
			return Command{}, err
		}
		if extra != "" {
			return Command{}, usageErr(c.Verb, "%s takes one word after the id", c.Verb)
		}
	case "submitted":
		w, extra := cut(rest, 2)
		c.Args = w
		if err := need(1); err != nil {
			return Command{}, err
		}
		if extra != "" {
			return Command{}, usageErr(c.Verb, "the reference is one word")
		}
	case "assess":
		w, text := cut(rest, 1)
		c.Args, c.Text = w, text
		if err := need(1); err != nil {
			return Command{}, err
		}
		if a := strings.ToLower(c.Args[0]); a != "notifiable" && a != "not-notifiable" {
			return Command{}, usageErr(c.Verb, "assess says notifiable or not-notifiable, not %.40q", c.Args[0])
		}
		c.Args[0] = strings.ToLower(c.Args[0])
		if c.Text == "" {
			return Command{}, usageErr(c.Verb, "say why: the reason is kept with the assessment")
		}
	case "note":
		c.Text = rest
		if err := need(0); err != nil {
			return Command{}, err
		}
		if c.Text == "" {
			return Command{}, usageErr(c.Verb, "the note is empty")
		}
	case "facts":
		if err := need(0); err != nil {
			return Command{}, err
		}
		pairs, err := parseFacts(rest)
		if err != nil {
			return Command{}, err
		}
		c.Facts = pairs
	}
	return c, nil
}

// parseFacts splits "k1=v1 k2=some words" into pairs.
func parseFacts(s string) ([][2]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	locs := factKey.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 || strings.TrimSpace(s[:locs[0][0]]) != "" {
		return nil, usageErr("facts", "facts are key=value pairs, such as data_subjects=1200")
	}
	pairs := make([][2]string, len(locs))
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		pairs[i] = [2]string{s[l[2]:l[3]], strings.TrimSpace(s[l[1]:end])}
	}
	return pairs, nil
}

// cut returns the first n words of s and the rest, trimmed.
func cut(s string, n int) ([]string, string) {
	var words []string
	s = strings.TrimSpace(s)
	for len(words) < n && s != "" {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			words = append(words, s)
			s = ""
			break
		}
		words = append(words, s[:i])
		s = strings.TrimSpace(s[i:])
	}
	return words, s
}

// mentionID is a user mention as Slack escapes it: <@U123> or <@U123|name>.
var mentionID = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)

// parseAssignee reads who an assign command names: a mention, a user id,
// or "me" (self).
func parseAssignee(word, self string) (string, error) {
	if strings.EqualFold(word, "me") {
		return self, nil
	}
	if m := mentionID.FindStringSubmatch(word); m != nil {
		return m[1], nil
	}
	if isUser(word) {
		return word, nil
	}
	return "", &UsageError{Problem: fmt.Sprintf("%.40q is not a mention Slack resolved (turn on \"Escape channels, users, and links\" for /breach in the app settings) nor a user id", word),
		Usage: usages["assign"]}
}

// helpText lists the commands.
func helpText() string {
	var b strings.Builder
	b.WriteString("*/breach* runs incidents from Slack:\n")
	for _, v := range verbs {
		fmt.Fprintf(&b, "• `%s`\n", usages[v])
	}
	b.WriteString("Facts are set as in `breachctl facts`: a value is JSON when it parses (`true`, `1200`, `null` unsets), else text; list facts take a comma list (`jurisdictions=EU-IE,SG`).")
	return b.String()
}
