// Package docs holds only tests: they keep the README short, every relative
// link of the docs leading somewhere, and every command a doc marks
// runnable working against a real daemon.
package docs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/internal/logtest"
)

// root is the repository, seen from this package's directory.
const root = ".."

// maxReadmeLines is how long README.md may grow: it is read in five minutes,
// and everything else lives in docs/.
const maxReadmeLines = 220

// defaultAPI is the address the docs show; a runnable block has it
// rewritten to the daemon the test started.
const defaultAPI = "http://127.0.0.1:8080"

// markdownFiles lists README.md and every Markdown file of docs/, relative
// to root.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	out := []string{"README.md"}
	for _, f := range files {
		rel, err := filepath.Rel(root, f)
		require.NoError(t, err)
		out = append(out, rel)
	}
	return out
}

// line is one line of a Markdown file, with its number and whether it sits
// inside a fenced code block (the fences included).
type line struct {
	n      int
	text   string
	fenced bool
}

func readLines(t *testing.T, file string) []line {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, file))
	require.NoError(t, err)
	var out []line
	in := false
	for i, s := range strings.Split(string(b), "\n") {
		fence := strings.HasPrefix(strings.TrimSpace(s), "```")
		out = append(out, line{n: i + 1, text: s, fenced: in || fence})
		if fence {
			in = !in
		}
	}
	return out
}

// block is a fenced block marked runnable: its info string is
// "sh runnable".
type block struct {
	file   string
	line   int // of the opening fence
	script string
}

func runnableBlocks(t *testing.T, file string) []block {
	t.Helper()
	var out []block
	var cur *block
	for _, l := range readLines(t, file) {
		s := strings.TrimSpace(l.text)
		switch {
		case cur == nil && strings.HasPrefix(s, "```"):
			if info := strings.Fields(strings.TrimPrefix(s, "```")); len(info) == 2 && info[0] == "sh" && info[1] == "runnable" {
				cur = &block{file: file, line: l.n}
			}
		case cur != nil && s == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.script += l.text + "\n"
		}
	}
	require.Nil(t, cur, "%s: a runnable block is not closed", file)
	return out
}

func TestTheReadmeIsShort(t *testing.T) {
	lines := readLines(t, "README.md")
	require.LessOrEqual(t, len(lines), maxReadmeLines, "README.md is read in five minutes: move sections to docs/")
	var first []string
	for _, l := range lines {
		if strings.HasPrefix(l.text, "make ") && l.fenced {
			first = append(first, strings.Fields(l.text)[0]+" "+strings.Fields(l.text)[1])
		}
		if len(first) == 2 {
			break
		}
	}
	require.Equal(t, []string{"make run", "make test"}, first, "the README shows make run and make test first")
}

// linkRE finds Markdown links and images: [text](target).
var linkRE = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)

// codeSpanRE finds inline code, whose brackets are no links.
var codeSpanRE = regexp.MustCompile("`[^`]*`")

// slug is the anchor GitHub gives a heading.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors lists the anchors of a Markdown file's headings.
func anchors(t *testing.T, file string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	seen := map[string]int{}
	for _, l := range readLines(t, file) {
		if l.fenced || !strings.HasPrefix(l.text, "#") {
			continue
		}
		s := slug(strings.TrimLeft(l.text, "#"))
		if n := seen[s]; n > 0 {
			out[fmt.Sprintf("%s-%d", s, n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

func TestEveryRelativeLinkLeadsSomewhere(t *testing.T) {
	for _, file := range markdownFiles(t) {
		for _, l := range readLines(t, file) {
			if l.fenced {
				continue
			}
			for _, m := range linkRE.FindAllStringSubmatch(codeSpanRE.ReplaceAllString(l.text, ""), -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				path, anchor, _ := strings.Cut(target, "#")
				dest := file
				if path != "" {
					dest = filepath.Join(filepath.Dir(file), path)
					if _, err := os.Stat(filepath.Join(root, dest)); err != nil {
						t.Errorf("%s:%d: the link %s leads to no file", file, l.n, target)
						continue
					}
				}
				if anchor != "" && strings.HasSuffix(dest, ".md") && !anchors(t, dest)[anchor] {
					t.Errorf("%s:%d: the link %s leads to no heading of %s", file, l.n, target, dest)
				}
			}
		}
	}
}

func TestTheRunnableBlocksRunAgainstADaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("starts breachd for each file with runnable blocks")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./cmd/...")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build the binaries: %s", out)
	for _, file := range markdownFiles(t) {
		blocks := runnableBlocks(t, file)
		if len(blocks) == 0 {
			continue
		}
		t.Run(file, func(t *testing.T) {
			work := workDir(t)
			d := startDaemon(t, filepath.Join(bin, "breachd"), filepath.Join(work, "data"))
			env := blockEnv(bin, d.api)
			// Incident ids carry the year they were opened in; the docs
			// show the year they were written in.
			year := fmt.Sprintf("INC-%d-", time.Now().UTC().Year())
			for i, b := range blocks {
				if i > 0 {
					d.settle(t)
				}
				script := strings.ReplaceAll(b.script, defaultAPI, d.api)
				script = strings.ReplaceAll(script, "INC-2026-", year)
				start := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", script)
				cmd.Dir, cmd.Env = work, env
				out, err := cmd.CombinedOutput()
				cancel()
				if err != nil {
					t.Fatalf("%s:%d: the runnable block failed: %v\n--- block\n%s--- output\n%s--- breachd's log, last lines\n%s",
						b.file, b.line, err, b.script, out, d.logTail(20))
				}
				t.Logf("%s:%d: ran in %v\n%s", b.file, b.line, time.Since(start).Round(time.Millisecond), out)
			}
		})
	}
}

// workDir makes the directory the blocks run in: the repository's files
// (linked, so a block reads examples/ and playbooks/ as on a clone) and the
// daemon's data directory as data, as under make run.
func workDir(t *testing.T) string {
	t.Helper()
	work := t.TempDir()
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	abs, err := filepath.Abs(root)
	require.NoError(t, err)
	for _, e := range entries {
		switch e.Name() {
		case ".git", "bin", "data":
			continue
		}
		require.NoError(t, os.Symlink(filepath.Join(abs, e.Name()), filepath.Join(work, e.Name())))
	}
	return work
}

// blockEnv is the environment of a block: the built binaries first on
// PATH, breachctl pointed at the daemon, and none of the caller's own
// breachd settings or tokens.
func blockEnv(bin, api string) []string {
	var env []string
	for _, kv := range os.Environ() {
		switch {
		case strings.HasPrefix(kv, "BREACHD_"), strings.HasPrefix(kv, "BREACHCTL_"), strings.HasPrefix(kv, "SLACK_"):
		case strings.HasPrefix(kv, "PATH="):
			env = append(env, "PATH="+bin+string(os.PathListSeparator)+strings.TrimPrefix(kv, "PATH="))
		default:
			env = append(env, kv)
		}
	}
	return append(env, "BREACHCTL_SERVER="+api)
}

// daemon is a breachd process started for one file's blocks.
type daemon struct {
	api string
	log logtest.Buffer // its output
}

// logTail is the last n lines of the daemon's output.
func (d *daemon) logTail(n int) string {
	lines := strings.Split(strings.TrimRight(d.log.String(), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n") + "\n"
}

// startDaemon starts breachd as make run does (with the example actuator)
// on free loopback ports, and waits until it is ready. It is stopped with
// SIGTERM when the test ends.
func startDaemon(t *testing.T, bin, data string) *daemon {
	t.Helper()
	cmd := exec.Command(bin, "--example-actuator", "--data-dir", data,
		"--http-addr", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--log-format", "json")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BREACHD_") && !strings.HasPrefix(kv, "SLACK_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	d := &daemon{}
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	cmd.Stdout = &d.log
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	started := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(io.TeeReader(stderr, &d.log))
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			var m struct{ Message, API string }
			if json.Unmarshal(sc.Bytes(), &m) == nil && m.Message == "breachd started" {
				started <- m.API
			}
		}
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			t.Errorf("breachd did not stop within 30 s of SIGTERM")
		}
	})
	select {
	case d.api = <-started:
	case <-exited:
		t.Fatalf("breachd exited before it started:\n%s", d.logTail(40))
	case <-time.After(time.Minute):
		t.Fatalf("breachd did not start within a minute:\n%s", d.logTail(40))
	}
	require.Eventually(t, func() bool { return d.get("/readyz") != nil }, time.Minute, 50*time.Millisecond, "breachd is not ready")
	return d
}

// get answers the body of a 200 answer to GET path, or nil.
func (d *daemon) get(path string) []byte {
	resp, err := http.Get(d.api + path)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil
	}
	return b
}

// pendingRE finds the consumer's backlog among the metrics.
var pendingRE = regexp.MustCompile(`(?m)^breachd_consumer_pending_messages\{state="\w+"\} (\S+)$`)

// settle waits, as someone typing the next command would, until every alert
// sent is committed and the incidents have stopped changing (playbook steps
// answered, approvals waiting).
func (d *daemon) settle(t *testing.T) {
	t.Helper()
	var last []byte
	stable := 0
	deadline := time.Now().Add(20 * time.Second)
	for stable < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the daemon's incidents did not settle within 20 s")
		}
		time.Sleep(100 * time.Millisecond)
		idle := true
		for _, m := range pendingRE.FindAllSubmatch(d.get("/metrics"), -1) {
			idle = idle && string(m[1]) == "0"
		}
		now := d.get("/api/v1/incidents?limit=1000")
		if idle && now != nil && bytes.Equal(now, last) {
			stable++
		} else {
			stable = 0
		}
		last = now
	}
}
