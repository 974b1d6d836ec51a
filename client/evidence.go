package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Evidence writes an incident's evidence bundle (a zip) into w and returns
// the bytes written.
func (c *Client) Evidence(ctx context.Context, id string, w io.Writer) (int64, error) {
	resp, err := c.do(ctx, c.stream, http.MethodGet, "/api/v1/incidents/"+url.PathEscape(id)+"/evidence", nil, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("evidence of %s broke after %d bytes: %w", id, n, err)
	}
	return n, nil
}

// Checkpoints writes the daemon's signed checkpoints, one a line, into w.
func (c *Client) Checkpoints(ctx context.Context, w io.Writer) error {
	resp, err := c.do(ctx, c.stream, http.MethodGet, "/api/v1/checkpoints", nil, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("checkpoints broke off: %w", err)
	}
	return nil
}
