package main

import (
	"errors"
	"net/http"
	"strings"
	"syscall"

	"github.com/breachd/breachd/client"
)

// NewClient returns a client of the API served at server, e.g.
// "http://127.0.0.1:8080"; empty means defaultServer, and a server without
// a scheme is taken as http. The token, when not empty, is sent as a bearer
// token on every call. The client never touches the database file: the
// daemon holds the only lock on it and is the only writer.
func NewClient(server, token string) (*client.Client, error) {
	if strings.TrimSpace(server) == "" {
		server = defaultServer
	}
	return client.New(client.Options{URL: server, Token: token, UserAgent: "breachctl"})
}

// explain words the errors an operator fixes on this side of the API in
// breachctl's terms, in place, wherever they are wrapped (each call makes
// its own). The API answers a 401 with "missing or wrong bearer token";
// breachctl knows which, and where a token comes from. A refused
// connection most likely means no daemon is running.
func explain(err error, token string) error {
	var apiErr *client.Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
		if token == "" {
			apiErr.Message = "the API needs a token and none was given: set BREACHD_API_TOKEN or pass --token"
		} else {
			apiErr.Message = "the API refused the token: it is wrong for this server (check BREACHD_API_TOKEN or --token)"
		}
	}
	var unreachable *client.UnreachableError
	if errors.As(err, &unreachable) && errors.Is(unreachable.Err, syscall.ECONNREFUSED) {
		unreachable.Hint = "is it running? Start it with `make run`, or point --server (BREACHCTL_SERVER) at the right address"
	}
	return err
}
