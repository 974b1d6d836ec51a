package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every write goes through bucket.go's wrapper, which records it: no other
// file of the package reaches a bbolt bucket or cursor of a transaction
// (t.tx.Bucket, t.tx.CreateBucket…), names bbolt's bucket or cursor types,
// or holds a raw bbolt transaction but for the few that must.
func TestOnlyBucketWrites(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	reached := map[string]bool{"Bucket": true, "CreateBucket": true, "CreateBucketIfNotExists": true,
		"DeleteBucket": true, "Cursor": true, "ForEach": true, "Inspect": true}
	// The files that hold a raw transaction: Tx's field, and the
	// closures of Open, View, Check, Backup, Snapshot, RestoreFile and
	// ApplyChange, which read or hand it to a Tx.
	rawTx := map[string]bool{"tx.go": true, "store.go": true, "replica.go": true, "snapshot.go": true}
	var found []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "bucket.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if inner, ok := n.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "tx" && reached[n.Sel.Name] {
					found = append(found, fset.Position(n.Pos()).String()+": reaches bbolt's "+n.Sel.Name+" around the write set")
				}
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "bolt" {
					switch {
					case n.Sel.Name == "Bucket" || n.Sel.Name == "Cursor":
						found = append(found, fset.Position(n.Pos()).String()+": uses bolt."+n.Sel.Name+" around the write set")
					case n.Sel.Name == "Tx" && !rawTx[name] && !strings.HasPrefix(name, "resident_"):
						found = append(found, fset.Position(n.Pos()).String()+": takes a raw bbolt transaction")
					}
				}
			}
			return true
		})
	}
	require.Empty(t, found, "writes must go through bucket.go")
}
