package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/breachd/breachd/incident"
)

// FactsCmd shows an incident's breach facts or sets some of them. Every
// change is a timeline event with who, the old and the new value, and the
// obligations are re-evaluated at once.
type FactsCmd struct {
	ID    string   `arg:"" help:"Incident id, e.g. INC-2026-0042."`
	Set   []string `arg:"" optional:"" name:"key=value" help:"Facts to set. A value is JSON when it parses as JSON (true, 1200, null unsets, [\"SG\"]), else a string; list facts also take a comma list (jurisdictions=EU-IE,SG)."`
	From  string   `help:"Read the facts to set from a JSON object in FILE (- for standard input)." placeholder:"FILE|-" type:"path"`
	Actor string   `help:"Who records the facts, as the timeline shows (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run shows or sets the facts.
func (c *FactsCmd) Run(ctx context.Context, app *App) error {
	if len(c.Set) == 0 && c.From == "" {
		f, err := app.Client.Facts(ctx, c.ID)
		if err != nil {
			return err
		}
		if !app.TableAsked {
			return writeJSON(app.Stdout, f) // JSON unless -o table: scripts read it
		}
		return writeFactsTable(app.Stdout, f)
	}
	patch, err := c.patch(app.Stdin)
	if err != nil {
		return err
	}
	res, err := app.Client.PatchFacts(ctx, c.ID, c.Actor, patch)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, res)
	}
	if len(res.Changes) == 0 {
		fmt.Fprintf(app.Stdout, "%s: no fact changed\n", cell(res.Incident, 0))
		return nil
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "FACT\tOLD\tNEW")
	for _, ch := range res.Changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", cell(ch.Field, 0), cell(compact(ch.Old), 60), cell(compact(ch.New), 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	due, overdue := 0, 0
	if res.Obligations != nil {
		for _, o := range res.Obligations.Obligations {
			if o.Status == "due" {
				due++
				if o.Overdue {
					overdue++
				}
			}
		}
	}
	fmt.Fprintf(app.Stderr, "%d obligations due (%d overdue); see breachctl obligations %s\n", due, overdue, res.Incident)
	return nil
}

// patch builds the JSON object to send from --from and the key=value pairs
// (the pairs win).
func (c *FactsCmd) patch(stdin io.Reader) ([]byte, error) {
	obj := map[string]json.RawMessage{}
	if c.From != "" {
		var (
			raw []byte
			err error
		)
		if c.From == "-" {
			raw, err = io.ReadAll(io.LimitReader(stdin, 1<<20+1))
		} else {
			raw, err = os.ReadFile(c.From)
		}
		if err != nil {
			return nil, fmt.Errorf("read facts: %w", err)
		}
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("%s: not a JSON object of facts: %w", c.From, err)
		}
	}
	for _, kv := range c.Set {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("%q: want key=value, such as data_subjects=1200", kv)
		}
		k = strings.TrimSpace(k)
		obj[k] = incident.FactValue(k, v)
	}
	return json.Marshal(obj)
}

// compact writes a JSON value on one line.
func compact(v []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}

// writeFactsTable prints the facts one a row, in the order of the facts'
// JSON; a map (submitted) gives a row per key, as submitted.REGIME.
func writeFactsTable(w io.Writer, f *incident.Facts) error {
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	fields, err := objectFields(raw)
	if err != nil {
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "FACT\tVALUE")
	for _, fd := range fields {
		if sub, err := objectFields(fd.value); err == nil {
			for _, s := range sub {
				fmt.Fprintf(tw, "%s.%s\t%s\n", cell(fd.key, 0), cell(s.key, 0), cell(factValue(s.value), 0))
			}
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\n", cell(fd.key, 0), cell(factValue(fd.value), 0))
	}
	return tw.Flush()
}

// field is one member of a JSON object.
type field struct {
	key   string
	value json.RawMessage
}

// objectFields reads a JSON object's members in their order; anything but
// an object is an error.
func objectFields(raw []byte) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var out []field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, field{key, v})
	}
	return out, nil
}
