package main

import (
	"context"
	"fmt"
	"io"
	"os/user"
	"time"

	"github.com/alecthomas/kong"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/internal/version"
)

// defaultServer is where `make run` serves the API.
const defaultServer = "http://127.0.0.1:8080"

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed, or found something broken
	exitUsage = 2 // the command line is wrong
)

// Globals are the flags every command takes.
type Globals struct {
	Server string `help:"Base URL of the breachd API (default ${server})." default:"${server}" env:"BREACHCTL_SERVER" placeholder:"URL"`
	Token  string `help:"API bearer token. Prefer the environment variable: a flag shows in the process list." env:"BREACHD_API_TOKEN" placeholder:"TOKEN"`
	Output string `short:"o" help:"Output format: table or json." enum:"table,json" default:"table"`
	// Version prints the build (module version, commit, date) and exits.
	Version kong.VersionFlag `help:"Print the version, commit and date of this build, and exit."`
}

// CLI is breachctl's command line. The command, flag and argument names are
// a contract with operators' scripts: add, never rename.
type CLI struct {
	Globals

	Alert     AlertCmd     `cmd:"" help:"Send alerts to breachd."`
	Incidents IncidentsCmd `cmd:"" help:"List incidents."`
	Incident  IncidentCmd  `cmd:"" help:"Show one incident."`
	Timeline  TimelineCmd  `cmd:"" help:"Show an incident's timeline."`
	Ack       AckCmd       `cmd:"" help:"Acknowledge an incident."`
	Status    StatusCmd    `cmd:"" help:"Move an incident to another status."`
	Note      NoteCmd      `cmd:"" help:"Add a note to an incident's timeline."`
	Verify    VerifyCmd    `cmd:"" help:"Check that incident timelines are intact (hash chains, heads, records against their events), through the daemon or in a file (--offline)."`
	Backup    BackupCmd    `cmd:"" help:"Save a consistent copy of the database and check it."`
	Evidence  EvidenceCmd  `cmd:"" help:"Write an incident's evidence bundle (record, timeline, obligations, runs, signed checkpoints): breachctl evidence ID --out FILE."`

	Facts       FactsCmd       `cmd:"" help:"Show an incident's breach facts, or set some: breachctl facts ID key=value…"`
	Obligations ObligationsCmd `cmd:"" help:"An incident's notification obligations (breachctl obligations ID), or evaluate facts offline."`
	Narrative   NarrativeCmd   `cmd:"" help:"Record what people write about the breach for the drafts: breachctl narrative ID key=text…"`
	Submitted   SubmittedCmd   `cmd:"" help:"Record that a notification was filed: breachctl submitted ID REGIME --ref REF."`
	Draft       DraftCmd       `cmd:"" help:"Print the notification draft of one regime for an incident."`
	Register    RegisterCmd    `cmd:"" help:"The breach register."`
	Deadlines   DeadlinesCmd   `cmd:"" help:"Every open obligation of every incident, most urgent first: breachctl deadlines [--all]."`
	Regimes     RegimesCmd     `cmd:"" help:"The regulation catalog, offline: breachctl regimes list [--jurisdiction X], regimes show ID."`
	Silence     SilenceCmd     `cmd:"" help:"Silences: keep matching alerts from opening incidents."`
	Cluster     ClusterCmd     `cmd:"" help:"The cluster: breachctl cluster status shows the leader and how far each node is behind it."`
	DLQ         DLQCmd         `cmd:"" name:"dlq" help:"The dead-letter stream: breachctl dlq list [--reason R], dlq replay [--reason R | SEQ… | --all]."`
	Console     ConsoleCmd     `cmd:"" help:"The web console: breachctl console hash-password makes a users file's password_hash."`
	Playbook    PlaybookCmd    `cmd:"" help:"Offline tools for playbook writers: lint DIR, test DIR --alert FILE."`
	Actions     ActionsCmd     `cmd:"" help:"The containment actions playbooks may name (offline)."`
	Runs        RunsCmd        `cmd:"" help:"An incident's playbook runs and the state of each step."`
	Approve     ApproveCmd     `cmd:"" help:"Approve a pending approval step: breachctl approve ID RUN STEP (RUN may be the playbook's name); breachctl approve ID lists the pending approvals."`
	Reject      RejectCmd      `cmd:"" help:"Reject a pending approval step, which ends its run: breachctl reject ID RUN STEP; breachctl reject ID lists the pending approvals."`
}

// App is what every command runs with: the API client, the standard
// streams and the output format. Commands write only to these writers.
type App struct {
	Client *client.Client
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// JSON is set by -o json: commands then print JSON on Stdout instead
	// of tables. Hints and progress stay on Stderr either way.
	JSON bool
	// TableAsked is set when -o table was given on the command line: the
	// commands that print JSON unless told otherwise (facts ID, register
	// export) print a table then.
	TableAsked bool
	// Now is the clock of commands that evaluate deadlines offline.
	Now func() time.Time
}

// run parses args, runs the chosen command and returns the exit code. Errors
// go to stderr as "breachctl: <error>".
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runAt(ctx, time.Now, args, stdin, stdout, stderr)
}

// runAt is run with a clock, which tests fix.
func runAt(ctx context.Context, now func() time.Time, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cli CLI
	kctx, code, ok := parse(&cli, args, stdout, stderr)
	if !ok {
		return code
	}
	cl, err := NewClient(cli.Server, cli.Token)
	if err != nil {
		fmt.Fprintf(stderr, "breachctl: %v\n", err)
		return exitUsage
	}
	app := &App{Client: cl, Stdin: stdin, Stdout: stdout, Stderr: stderr, JSON: cli.Output == "json",
		TableAsked: cli.Output == "table" && outputGiven(kctx), Now: now}
	kctx.BindTo(ctx, (*context.Context)(nil))
	if err := kctx.Run(app); err != nil {
		fmt.Fprintf(stderr, "breachctl: %v\n", explain(err, cli.Token))
		return exitError
	}
	return exitOK
}

// outputGiven reports whether -o (--output) was on the command line, not
// just its default.
func outputGiven(kctx *kong.Context) bool {
	for _, p := range kctx.Path {
		if p.Flag != nil && p.Flag.Name == "output" {
			return true
		}
	}
	return false
}

// exitRequest carries kong's request to exit (after --help, say) out of
// Parse: kong expects its exit function not to return.
type exitRequest int

// parse parses args into cli. ok is false when the process should exit now
// with code: after help, or on a wrong command line.
func parse(cli *CLI, args []string, stdout, stderr io.Writer) (kctx *kong.Context, code int, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			c, isExit := r.(exitRequest)
			if !isExit {
				panic(r)
			}
			kctx, code, ok = nil, int(c), false
		}
	}()
	parser, err := kong.New(cli,
		kong.Name("breachctl"),
		kong.Description("Operator CLI for breachd. It talks only to the daemon's HTTP API, except obligations evaluate, which works offline."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { panic(exitRequest(c)) }),
		kong.Vars{"server": defaultServer, "user": defaultActor(), "version": version.Line("breachctl")},
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		fmt.Fprintf(stderr, "breachctl: %v\n", err)
		return nil, exitUsage, false
	}
	kctx, err = parser.Parse(args)
	if err != nil {
		fmt.Fprintf(stderr, "breachctl: %v (see breachctl --help)\n", err)
		return nil, exitUsage, false
	}
	return kctx, exitOK, true
}

// defaultActor is the name recorded for changes made from this machine when
// --actor is not given: the OS user, else "breachctl".
func defaultActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "breachctl"
}
