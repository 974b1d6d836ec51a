package client_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Programs that only talk to breachd import this package; it must not
// bring the server (store, api, NATS, bbolt) into them.
func TestTheClientImportsOnlyTheStandardLibraryAndIncident(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			first, _, _ := strings.Cut(path, "/")
			if path == "github.com/breachd/breachd/incident" || !strings.Contains(first, ".") {
				continue
			}
			t.Errorf("%s imports %s", name, path)
		}
	}
}
