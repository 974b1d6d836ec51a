package main

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// scrapeRSS reads process_resident_memory_bytes from the daemon's /metrics,
// or -1 when it cannot.
func scrapeRSS(ctx context.Context, server, token string) float64 {
	return scrape(ctx, server, token, "process_resident_memory_bytes")
}

// scrapeCPU reads process_cpu_seconds_total from the daemon's /metrics, or -1.
func scrapeCPU(ctx context.Context, server, token string) float64 {
	return scrape(ctx, server, token, "process_cpu_seconds_total")
}

// scrape reads one unlabelled sample from the daemon's /metrics, or -1.
func scrape(ctx context.Context, server, token, name string) float64 {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(server, "/")+"/metrics", nil)
	if err != nil {
		return -1
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}
