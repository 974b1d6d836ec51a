package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Backup streams a consistent copy of the daemon's database into w and
// returns the bytes written. Only ctx bounds it: a large database takes as
// long as it takes. A copy shorter than the server announced is an error.
func (c *Client) Backup(ctx context.Context, w io.Writer) (int64, error) {
	resp, err := c.do(ctx, c.stream, http.MethodGet, "/api/v1/backup", nil, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("backup stream broke after %d bytes: %w", n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, fmt.Errorf("backup stream ended after %d of %d bytes", n, resp.ContentLength)
	}
	return n, nil
}
