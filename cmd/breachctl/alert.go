package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/breachd/breachd/client"
)

// maxAlertFile is the most breachctl reads from an alert file: the API's own
// limit on a request body.
const maxAlertFile = 16 << 20

// AlertCmd groups the alert commands.
type AlertCmd struct {
	Send AlertSendCmd `cmd:"" help:"Send one alert object or a JSON array of alerts."`
}

// AlertSendCmd posts the alerts in a file to the API. The API takes all of
// them or none: when it rejects any, each rejection is printed and nothing
// was published.
type AlertSendCmd struct {
	File string `arg:"" help:"File holding one alert object or a JSON array of alerts; - reads standard input." placeholder:"FILE|-"`
	Now  bool   `help:"Set each alert's time to now before sending: to try an example file (examples/alert.json) whose date has passed."`
}

// Run sends the alerts.
func (c *AlertSendCmd) Run(ctx context.Context, app *App) error {
	body, err := c.read(app.Stdin)
	if err != nil {
		return err
	}
	if c.Now {
		if body, err = restamp(body, app.Now()); err != nil {
			return err
		}
	}
	acc, err := app.Client.PostAlerts(ctx, body)
	var apiErr *client.Error
	if errors.As(err, &apiErr) && len(apiErr.Rejected) > 0 {
		if perr := printRejected(app, apiErr); perr != nil {
			return perr
		}
		return apiErr
	}
	if err != nil {
		return err
	}
	if app.JSON {
		return writeJSON(app.Stdout, acc)
	}
	fmt.Fprintf(app.Stdout, "accepted %d %s:\n", acc.Accepted, plural(acc.Accepted, "alert", "alerts"))
	for _, id := range acc.IDs {
		fmt.Fprintln(app.Stdout, cell(id, 0))
	}
	return nil
}

// read returns the file's bytes, or standard input's for "-".
func (c *AlertSendCmd) read(stdin io.Reader) ([]byte, error) {
	name := c.File
	var r io.Reader = stdin
	if name == "-" {
		name = "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	body, err := io.ReadAll(io.LimitReader(r, maxAlertFile+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", name, err)
	case len(body) > maxAlertFile:
		return nil, fmt.Errorf("%s is over the API's limit of %d bytes: split it", name, maxAlertFile)
	}
	return body, nil
}

// printRejected prints why each alert was rejected.
func printRejected(app *App, e *client.Error) error {
	if app.JSON {
		return writeJSON(app.Stdout, client.ErrorResponse{Error: client.ErrorDetail{Code: e.Code, Message: e.Message, Field: e.Field}, Rejected: e.Rejected})
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "INDEX\tID\tREASON\tERROR")
	for _, r := range e.Rejected {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Index, orDash(cell(r.ID, 40)), cell(r.Reason, 0), cell(r.Error, 0))
	}
	return tw.Flush()
}

// restamp sets the time of each alert of body (one object or an array of
// them) to now, keeping every other member as it was.
func restamp(body []byte, now time.Time) ([]byte, error) {
	stamp := now.UTC().Format(time.RFC3339)
	var one map[string]json.RawMessage
	if err := json.Unmarshal(body, &one); err == nil {
		one["time"] = json.RawMessage(strconv.Quote(stamp))
		return json.Marshal(one)
	}
	var many []map[string]json.RawMessage
	if err := json.Unmarshal(body, &many); err != nil {
		return nil, fmt.Errorf("--now: the file is neither an alert object nor an array of them: %w", err)
	}
	for _, a := range many {
		a["time"] = json.RawMessage(strconv.Quote(stamp))
	}
	return json.Marshal(many)
}
