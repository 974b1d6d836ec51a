package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/breachd/breachd/client"
	"github.com/breachd/breachd/incident"
)

// SilenceCmd groups the silence commands.
type SilenceCmd struct {
	Add    SilenceAddCmd    `cmd:"" help:"Silence alerts that match every matcher: they open no incident (they still join one already open)."`
	List   SilenceListCmd   `cmd:"" help:"List silences with how many alerts each kept out."`
	Expire SilenceExpireCmd `cmd:"" help:"End silences now."`
}

// SilenceAddCmd creates a silence.
type SilenceAddCmd struct {
	Matchers []string      `arg:"" name:"matcher" help:"field=value, field!=value, field=~regexp or field!~regexp; fields: source, kind, severity, asset.id, asset.type, asset.tenant, labels.NAME."`
	Duration time.Duration `help:"How long the silence lasts from its start." default:"1h"`
	Start    string        `help:"When it starts, RFC 3339 (default: now)." placeholder:"TIME"`
	End      string        `help:"When it ends, RFC 3339, instead of --duration." placeholder:"TIME"`
	Comment  string        `required:"" help:"Why the alerts are silenced."`
	Author   string        `help:"Who creates the silence (default ${user}, the OS user)." default:"${user}" placeholder:"NAME"`
}

// Run creates the silence.
func (c *SilenceAddCmd) Run(ctx context.Context, app *App) error {
	req := client.SilenceRequest{Matchers: c.Matchers, StartsAt: c.Start, EndsAt: c.End, CreatedBy: c.Author, Comment: c.Comment}
	if c.End == "" {
		req.Duration = c.Duration.String()
	}
	sil, err := app.Client.AddSilence(ctx, req)
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, sil)
	}
	fmt.Fprintf(app.Stdout, "%s %s until %s\n", cell(sil.ID, 0), sil.State, timeCell(sil.EndsAt))
	return nil
}

// SilenceListCmd lists silences.
type SilenceListCmd struct {
	State string `help:"Only silences in this state: active, pending or expired (default: all)." enum:"active,pending,expired," default:""`
}

// Run lists the silences.
func (c *SilenceListCmd) Run(ctx context.Context, app *App) error {
	out, err := app.Client.Silences(ctx, incident.SilenceState(c.State))
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, out)
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "ID\tSTATE\tENDS\tSILENCED\tBY\tMATCHERS\tCOMMENT")
	for _, s := range out.Silences {
		var ms []string
		for _, m := range s.Matchers {
			ms = append(ms, m.String())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", cell(s.ID, 0), s.State, timeCell(s.EndsAt), s.Silenced,
			cell(s.CreatedBy, 30), cell(strings.Join(ms, " "), 80), cell(s.Comment, 60))
	}
	return tw.Flush()
}

// SilenceExpireCmd ends silences.
type SilenceExpireCmd struct {
	IDs []string `arg:"" name:"id" help:"Silence ids, e.g. SIL-0001."`
}

// Run expires each silence.
func (c *SilenceExpireCmd) Run(ctx context.Context, app *App) error {
	for _, id := range c.IDs {
		sil, err := app.Client.ExpireSilence(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, "%s %s at %s (%d alerts silenced)\n", cell(sil.ID, 0), sil.State, timeCell(sil.EndsAt), sil.Silenced)
	}
	return nil
}
