package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/breachd/breachd/client"
)

// ClusterCmd groups the cluster commands.
type ClusterCmd struct {
	Status ClusterStatusCmd `cmd:"" help:"Who leads the cluster and how far each node has replayed the state log, as the node asked sees it (a daemon without a cluster shows itself alone)."`
}

// ClusterStatusCmd shows the cluster's status.
type ClusterStatusCmd struct{}

// Run prints the status: one node a row, the leader starred, then the
// state log's last sequence and snapshot.
func (c *ClusterStatusCmd) Run(ctx context.Context, app *App) error {
	st, err := app.Client.Cluster(ctx)
	if err != nil {
		return err
	}
	if st.Nodes == nil {
		st.Nodes = []client.ClusterNode{}
	}
	if app.JSON {
		return writeJSON(app.Stdout, st)
	}
	tw := newTable(app.Stdout)
	fmt.Fprintln(tw, "NODE\tAPI\tLEADER\tAPPLIED\tLAG RECORDS\tLAG SECONDS\tSEEN")
	for _, n := range st.Nodes {
		leader := ""
		if n.Leader {
			leader = "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", orDash(cell(n.Name, 40)), orDash(cell(n.API, 60)), leader,
			n.AppliedSeq, n.LagRecords, strconv.FormatFloat(n.LagSeconds, 'f', 3, 64), timeCell(n.Seen))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if st.Leader == "" {
		fmt.Fprintln(app.Stdout, "leader: none right now (changes are refused until one is elected)")
	}
	fmt.Fprintf(app.Stdout, "last_seq: %d\n", st.LastSeq)
	if st.Snapshot == nil {
		fmt.Fprintln(app.Stdout, "snapshot: none yet")
	} else {
		fmt.Fprintf(app.Stdout, "snapshot: seq %d at %s\n", st.Snapshot.Seq, timeCell(st.Snapshot.At))
	}
	return nil
}
