package main

import (
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"

	"github.com/breachd/breachd/playbooks"
)

// ActionsCmd groups the commands about containment actions.
type ActionsCmd struct {
	List ActionsListCmd `cmd:"" help:"The containment actions playbooks may name, with their parameters and an example."`
}

// ActionsListCmd prints the built-in action registry.
type ActionsListCmd struct{}

// Run lists the actions.
func (c *ActionsListCmd) Run(app *App) error {
	actions := playbooks.DefaultRegistry().Actions()
	if app.JSON {
		return writeJSON(app.Stdout, actions)
	}
	for i, a := range actions {
		if i > 0 {
			fmt.Fprintln(app.Stdout)
		}
		rev := "irreversible"
		if a.Reversible {
			rev = "reversible"
		}
		fmt.Fprintf(app.Stdout, "%s — %s\n  touches %s; %s; NATS subject %s\n", a.Name, a.Doc, a.Touches, rev, playbooks.Subject(a.Name))
		tw := newTable(app.Stdout)
		for _, p := range a.Params {
			req := "optional"
			if p.Required {
				req = "required"
			}
			typ := string(p.Type)
			if len(p.Enum) > 0 {
				typ += " (" + strings.Join(p.Enum, "|") + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Name, typ, req, p.Doc)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		ex, err := json.Marshal(a.Example, json.Deterministic(true))
		if err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, "  example: action: %s\n           with: %s\n", a.Name, ex)
	}
	return nil
}
