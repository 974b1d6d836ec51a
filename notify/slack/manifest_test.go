package slack

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// manifestPath is the Slack app manifest operators paste (docs/slack.md).
const manifestPath = "../../docs/slack-app-manifest.yaml"

// appManifest is the part of a Slack app manifest these tests read.
type appManifest struct {
	Features struct {
		SlashCommands []struct {
			Command      string `yaml:"command"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Interactivity struct {
			IsEnabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		EventSubscriptions *struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// methodScopes is the bot scopes each Slack Web API method the package
// calls needs (the slack-go method, then the Web API method it calls).
// Incident channels are private, so creating, inviting to and setting the
// topic of one needs groups:write only; a post looked for after a lost
// answer may be in a public or a private channel.
var methodScopes = map[string][]string{
	"PostMessageContext":                    {"chat:write"},                         // chat.postMessage
	"UpdateMessageContext":                  {"chat:write"},                         // chat.update
	"PostEphemeralContext":                  {"chat:write"},                         // chat.postEphemeral
	"GetConversationHistoryContext":         {"channels:history", "groups:history"}, // conversations.history
	"GetConversationRepliesContext":         {"channels:history", "groups:history"}, // conversations.replies
	"GetConversationsContext":               {"channels:read", "groups:read"},       // conversations.list
	"CreateConversationContext":             {"groups:write"},                       // conversations.create
	"ForceInviteUsersToConversationContext": {"groups:write"},                       // conversations.invite
	"SetTopicOfConversationContext":         {"groups:write"},                       // conversations.setTopic
	"AddPinContext":                         {"pins:write"},                         // pins.add
	"GetUserGroupMembersContext":            {"usergroups:read"},                    // usergroups.users.list
	"GetUserInfoContext":                    {"users:read", "users:read.email"},     // users.info, with the e-mail address
	"OpenViewContext":                       {},                                     // views.open: a trigger id, no scope
	"UploadFileContext":                     {"files:write"},                        // files.getUploadURLExternal, files.completeUploadExternal
}

func readManifest(t *testing.T) appManifest {
	t.Helper()
	b, err := os.ReadFile(manifestPath)
	require.NoError(t, err)
	var m appManifest
	require.NoError(t, yaml.Unmarshal(b, &m), "the manifest is YAML")
	return m
}

// calledMethods lists the methods the package's non-test code calls on its
// Slack Web API client (the field api).
func calledMethods(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	called := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if recv, ok := sel.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "api" {
					called[sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	require.NotEmpty(t, called, "the package calls the Slack Web API through its field api")
	return slices.Sorted(maps.Keys(called))
}

func TestTheManifestRegistersExactlyTheSlashCommandsBreachdHandles(t *testing.T) {
	m := readManifest(t)
	var commands []string
	for _, c := range m.Features.SlashCommands {
		commands = append(commands, c.Command)
		require.True(t, c.ShouldEscape, "%s: mentions must arrive as user ids for assign", c.Command)
		for alt := range strings.SplitSeq(c.UsageHint, "|") {
			verb := strings.Fields(alt)[0]
			require.Contains(t, verbs, verb, "%s: the usage hint offers %q, which breachd does not handle", c.Command, verb)
		}
	}
	require.Equal(t, []string{CommandName}, commands)
}

func TestTheManifestAsksForExactlyTheScopesOfTheMethodsCalled(t *testing.T) {
	want := map[string]bool{"commands": true} // the slash command
	for _, method := range calledMethods(t) {
		scopes, ok := methodScopes[method]
		require.True(t, ok, "the package calls %s: add the scopes it needs to methodScopes and to %s", method, manifestPath)
		for _, s := range scopes {
			want[s] = true
		}
	}
	m := readManifest(t)
	require.Equal(t, slices.Sorted(maps.Keys(want)), slices.Sorted(slices.Values(m.OAuthConfig.Scopes.Bot)),
		"the bot scopes are exactly those of the Web API methods the package calls")
}

func TestTheManifestEnablesInteractivityAndSocketModeAndNoEvents(t *testing.T) {
	m := readManifest(t)
	require.True(t, m.Settings.Interactivity.IsEnabled, "the buttons and the facts form need interactivity")
	require.True(t, m.Settings.SocketModeEnabled, "the manifest as shipped is for Socket Mode, which needs no public address")
	require.Nil(t, m.Settings.EventSubscriptions, "breachd acts on no event, so the app subscribes to none (and needs no event scope)")
}
