package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/breachd/breachd/signin"
)

// ConsoleCmd groups the web console's commands.
type ConsoleCmd struct {
	HashPassword ConsoleHashPasswordCmd `cmd:"" name:"hash-password" help:"Print the argon2id hash of a password for the console's users file (password_hash): typed twice without echo on a terminal, else the first line of standard input."`
}

// ConsoleHashPasswordCmd hashes a password.
type ConsoleHashPasswordCmd struct{}

// Run reads the password and prints its hash.
func (c *ConsoleHashPasswordCmd) Run(_ context.Context, app *App) error {
	pw, err := readPassword(app)
	if err != nil {
		return err
	}
	if pw == "" {
		return errors.New("the password is empty")
	}
	hash, err := signin.HashPassword(pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(app.Stdout, hash)
	return nil
}

// readPassword reads a password: twice without echo when standard input
// is a terminal, else its first line.
func readPassword(app *App) (string, error) {
	if f, ok := app.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(app.Stderr, "password: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(app.Stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		fmt.Fprint(app.Stderr, "again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(app.Stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		if string(first) != string(second) {
			return "", errors.New("the two passwords differ")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(app.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
