package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/playbooks"
)

// PlaybookCmd groups the offline tools for people who write playbooks.
type PlaybookCmd struct {
	Lint PlaybookLintCmd `cmd:"" help:"Check every playbook file in DIR; print each problem as file:line:col; exit 1 on any."`
	Test PlaybookTestCmd `cmd:"" help:"Show which playbooks in DIR match an alert and the steps they would run. Offline, no side effects."`
}

// PlaybookLintCmd loads a playbook directory as the daemon would and prints
// every problem of every file.
type PlaybookLintCmd struct {
	Dir string `arg:"" help:"Directory of playbook files (*.yaml, *.yml)."`
}

// Run lints the directory.
func (c *PlaybookLintCmd) Run(app *App) error {
	set, err := playbooks.LoadDir(c.Dir, playbooks.DefaultRegistry())
	var le *playbooks.LoadError
	switch {
	case errors.As(err, &le):
		if app.JSON {
			if werr := writeJSON(app.Stdout, le.Problems); werr != nil {
				return werr
			}
		} else {
			for _, p := range le.Problems {
				fmt.Fprintln(app.Stdout, cell(p.Error(), 0))
			}
		}
		return fmt.Errorf("%s in %s", count(len(le.Problems), "problem", "problems"), count(le.Files(), "file", "files"))
	case err != nil:
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, []playbooks.Problem{})
	}
	fmt.Fprintf(app.Stdout, "ok: %s\n", count(len(set.Playbooks), "playbook", "playbooks"))
	return nil
}

// PlaybookTestCmd matches one alert against a playbook directory and
// prints the plans, as the daemon would make them for the incident the
// alert opens.
type PlaybookTestCmd struct {
	Dir     string `arg:"" help:"Directory of playbook files."`
	Alert   string `required:"" help:"Alert in the native JSON schema; - reads standard input." placeholder:"FILE|-"`
	DataMap string `help:"Data map (the daemon's data_map_file) that seeds the incident's breach facts." placeholder:"FILE" type:"path"`
}

// Run plans the alert.
func (c *PlaybookTestCmd) Run(app *App) error {
	set, err := playbooks.LoadDir(c.Dir, playbooks.DefaultRegistry())
	if err != nil {
		return fmt.Errorf("the playbooks do not load (run breachctl playbook lint %s):\n%w", c.Dir, err)
	}
	a, err := c.readAlert(app.Stdin)
	if err != nil {
		return err
	}
	dm, err := c.readDataMap()
	if err != nil {
		return err
	}
	inc, err := playbooks.SimulateIncident(a, dm, app.Now())
	if err != nil {
		return err
	}
	results, err := set.Match(a, inc)
	if err != nil {
		return err
	}
	var plans []playbooks.Plan
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(app.Stderr, "%s\n", cell(r.Err.Error(), 0))
		}
		if r.Matched {
			plans = append(plans, r.Playbook.Plan(a, inc))
		}
	}
	if app.JSON {
		if plans == nil {
			plans = []playbooks.Plan{}
		}
		// The plans' facts patches are JSON values: encode with the
		// library that knows them.
		if err := json.MarshalWrite(app.Stdout, plans, jsontext.WithIndent("  ")); err != nil {
			return err
		}
		fmt.Fprintln(app.Stdout)
		return nil
	}
	if len(plans) == 0 {
		fmt.Fprintf(app.Stdout, "no playbook matches (%s checked)\n", count(len(results), "playbook", "playbooks"))
		return nil
	}
	for i, p := range plans {
		if i > 0 {
			fmt.Fprintln(app.Stdout)
		}
		writePlan(app.Stdout, p)
	}
	return nil
}

// writePlan prints one plan: a heading, then a numbered line a step with
// what it would do, and the skipped ones marked.
func writePlan(w io.Writer, p playbooks.Plan) {
	fmt.Fprintf(w, "playbook %s (%s) matches; runs %s\n", cell(p.Playbook, 0), cell(p.File, 0), p.Runs)
	for i, s := range p.Steps {
		mark := " "
		if !s.Run {
			mark = "-"
		}
		fmt.Fprintf(w, "%s %2d. %-22s %-8s %s\n", mark, i+1, cell(s.Name, 0), s.Kind, cell(stepSummary(s), 200))
		if s.After != "" && s.Run {
			fmt.Fprintf(w, "        after approval %s\n", cell(s.After, 0))
		}
		if s.Error != "" {
			fmt.Fprintf(w, "        ERROR: %s\n", cell(s.Error, 0))
		}
	}
}

// stepSummary says in one line what a step would do.
func stepSummary(s playbooks.PlannedStep) string {
	if !s.Run {
		return "skipped: if " + s.If + " is false"
	}
	switch {
	case s.Action != nil:
		target := s.Action.Subject
		if s.Action.Webhook != "" {
			target = s.Action.Webhook
		}
		params, _ := json.Marshal(s.Action.Params, json.Deterministic(true))
		return fmt.Sprintf("%s → %s %s (timeout %s, %s)", s.Action.Name, target, params, timeOf(s.Timeout), count(s.Retries, "retry", "retries"))
	case s.Approval != nil:
		return fmt.Sprintf("%d of %s within %s", s.Approval.Required, strings.Join(s.Approval.Approvers, ", "), timeOf(s.Approval.Expires))
	case s.Notify != nil:
		return fmt.Sprintf("%s: %s", s.Notify.Channel, s.Notify.Message)
	case s.Facts != nil:
		return string(s.Facts)
	case s.Kind == playbooks.KindWait:
		return "for " + timeOf(s.Wait)
	}
	return ""
}

func timeOf(d playbooks.Duration) string {
	b, _ := d.MarshalJSON()
	return strings.Trim(string(b), `"`)
}

// readAlert decodes the alert strictly and validates it, as the daemon's
// native ingest does.
func (c *PlaybookTestCmd) readAlert(stdin io.Reader) (*incident.Alert, error) {
	body, err := (&AlertSendCmd{File: c.Alert}).read(stdin)
	if err != nil {
		return nil, err
	}
	var a incident.Alert
	if err := json.Unmarshal(body, &a, json.RejectUnknownMembers(true)); err != nil {
		return nil, fmt.Errorf("alert %s: %w", c.Alert, err)
	}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("alert %s: %w", c.Alert, err)
	}
	return &a, nil
}

// readDataMap reads the assets list of a data map file, if one is given.
func (c *PlaybookTestCmd) readDataMap() (incident.DataMap, error) {
	if c.DataMap == "" {
		return nil, nil
	}
	data, err := os.ReadFile(c.DataMap)
	if err != nil {
		return nil, fmt.Errorf("read data map: %w", err)
	}
	var doc struct {
		Assets incident.DataMap `yaml:"assets"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("data map %s: %w", c.DataMap, err)
	}
	if err := doc.Assets.Validate(); err != nil {
		return nil, fmt.Errorf("data map %s: %w", c.DataMap, err)
	}
	return doc.Assets, nil
}
