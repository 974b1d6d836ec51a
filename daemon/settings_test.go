package daemon

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every setting is a flag, a variable and a config key, and the
// configuration table of docs/operators.md documents all three.
func TestEverySettingIsAConfigKeyAndDocumented(t *testing.T) {
	keys := map[string]bool{}
	configKeys(reflect.TypeFor[Config](), keys)
	doc, err := os.ReadFile("../docs/operators.md")
	require.NoError(t, err)
	for _, s := range settings() {
		require.True(t, keys[s.Key()], "setting --%s has no config key %q", s.name, s.Key())
		delete(keys, s.Key())
		for _, want := range []string{"`--" + s.name + "`", "`" + s.Env() + "`", "`" + s.Key() + "`"} {
			require.True(t, strings.Contains(string(doc), want), "docs/operators.md does not document %s", want)
		}
	}
	require.Empty(t, keys, "config keys without a flag")
}

// configKeys adds the config keys of struct type t to keys, those of its
// inline sections too.
func configKeys(t reflect.Type, keys map[string]bool) {
	for i := range t.NumField() {
		switch tag := t.Field(i).Tag.Get("yaml"); tag {
		case "", "-":
		case ",inline":
			configKeys(t.Field(i).Type, keys)
		default:
			keys[tag] = true
		}
	}
}

// Each setting's flag parses what its default prints, so --help never shows
// a default the flag would refuse.
func TestEverySettingAcceptsItsOwnDefault(t *testing.T) {
	def := Default()
	for _, s := range settings() {
		c := Default()
		require.NoError(t, s.set(&c, s.get(&def)), s.name)
		require.Equal(t, s.get(&def), s.get(&c), s.name)
	}
}

// A true-or-false setting is a flag that needs no value, as make run
// passes --example-actuator.
func TestABooleanFlagNeedsNoValue(t *testing.T) {
	noEnv := func(string) string { return "" }
	cfg, err := LoadConfig([]string{"--example-actuator"}, noEnv, io.Discard)
	require.NoError(t, err)
	require.True(t, cfg.Runs.ExampleActuator)
	cfg, err = LoadConfig([]string{"--example-actuator=false"}, noEnv, io.Discard)
	require.NoError(t, err)
	require.False(t, cfg.Runs.ExampleActuator)
	cfg, err = LoadConfig(nil, func(k string) string {
		if k == "BREACHD_EXAMPLE_ACTUATOR" {
			return "true"
		}
		return ""
	}, io.Discard)
	require.NoError(t, err)
	require.True(t, cfg.Runs.ExampleActuator)
	_, err = LoadConfig([]string{"--example-actuator=maybe"}, noEnv, io.Discard)
	require.ErrorContains(t, err, "--example-actuator")
}

// A misspelt flag names the closest one instead of printing the whole usage;
// --help prints the usage.
func TestAMisspeltFlagNamesTheClosestOne(t *testing.T) {
	noEnv := func(string) string { return "" }
	var usage bytes.Buffer
	_, err := LoadConfig([]string{"--http-adr", "127.0.0.1:9"}, noEnv, &usage)
	require.EqualError(t, err, "unknown flag --http-adr: did you mean --http-addr? (breachd --help lists the flags)")
	require.Empty(t, usage.String(), "no wall of usage")
	_, err = LoadConfig([]string{"--playbooks-dir", "x"}, noEnv, &usage)
	require.EqualError(t, err, "unknown flag --playbooks-dir: did you mean --playbooks? (breachd --help lists the flags)")
	_, err = LoadConfig([]string{"--zzzzzzzzzz"}, noEnv, &usage)
	require.EqualError(t, err, "unknown flag --zzzzzzzzzz (breachd --help lists the flags)")
	_, err = LoadConfig([]string{"--help"}, noEnv, &usage)
	require.ErrorIs(t, err, ErrHelp)
	require.Contains(t, usage.String(), "Usage: breachd [flags]")
	require.Contains(t, usage.String(), "-http-addr")
	require.Contains(t, usage.String(), "-version")
}

// --version wins over a config file that would not load: it reads nothing.
func TestVersionIsAskedForBeforeTheConfigIsRead(t *testing.T) {
	_, err := LoadConfig([]string{"--config", "/does/not/exist.yaml", "--version"}, func(string) string { return "" }, io.Discard)
	require.ErrorIs(t, err, ErrVersion)
}
