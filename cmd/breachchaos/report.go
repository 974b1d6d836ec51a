package main

import (
	"fmt"
	"io"
	"time"
)

// report is what one run did and found.
type report struct {
	mode     string
	cycles   int  // disruptions carried out
	restarts int  // starts of breachd after the first
	alerts   int  // alerts to publish
	acked    int  // distinct alerts the stream acknowledged
	retries  int  // publishes tried again
	checked  bool // the incidents were read: counted and incs are known
	counted  int64
	incs     int
	elapsed  time.Duration
	failure  error // nil: PASS
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "mode:       %s\n", r.mode)
	fmt.Fprintf(w, "cycles:     %d\n", r.cycles)
	fmt.Fprintf(w, "restarts:   %d\n", r.restarts)
	fmt.Fprintf(w, "acked:      %d of %d alerts (%d publishes tried again)\n", r.acked, r.alerts, r.retries)
	if r.checked {
		fmt.Fprintf(w, "counted:    %d alerts\n", r.counted)
		fmt.Fprintf(w, "incidents:  %d\n", r.incs)
	} else {
		fmt.Fprintln(w, "counted:    not checked (the run stopped first)")
	}
	fmt.Fprintf(w, "time:       %s\n", r.elapsed.Round(100*time.Millisecond))
	if r.failure != nil {
		fmt.Fprintf(w, "FAIL: %v\n", r.failure)
		return
	}
	fmt.Fprintln(w, "PASS")
}
