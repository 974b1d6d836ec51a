package playbooks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"cel.dev/cel-go/cel"
	"go.yaml.in/yaml/v3"
)

// Bounds on playbook files. Playbooks are written by people; anything past
// these is a mistake or an attack, refused with a reason.
const (
	MaxFileSize  = 256 << 10
	MaxFiles     = 512
	MaxDocuments = 64 // playbooks in one file (YAML documents)
	MaxSteps     = 64
	MaxDepth     = 16 // nesting of mappings and lists
	maxListItems = 100
	maxScalar    = 16 << 10
)

// Set is a loaded, valid set of playbooks, sorted by name.
type Set struct {
	Playbooks []*Playbook
}

// Lookup returns the playbook called name.
func (s *Set) Lookup(name string) (*Playbook, bool) {
	i := slices.IndexFunc(s.Playbooks, func(p *Playbook) bool { return p.Name == name })
	if i < 0 {
		return nil, false
	}
	return s.Playbooks[i], true
}

// LoadDir loads every *.yaml and *.yml file directly in dir. On any problem
// it returns a *LoadError listing all of them, and no set.
func LoadDir(dir string, reg *Registry) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read playbooks: %w", err)
	}
	return loadFiles(playbookFiles(entries), func(name string) string { return filepath.Join(dir, name) },
		func(name string) ([]byte, error) { return readBounded(os.DirFS(dir), name) }, reg, dir)
}

// LoadFS is LoadDir on the files at the top of fsys (an embedded set, say);
// problems name the files as prefix/name.
func LoadFS(fsys fs.FS, prefix string, reg *Registry) (*Set, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read playbooks: %w", err)
	}
	return loadFiles(playbookFiles(entries), func(name string) string { return path.Join(prefix, name) },
		func(name string) ([]byte, error) { return readBounded(fsys, name) }, reg, prefix)
}

// playbookFiles names the entries that are playbook files: regular,
// not hidden, *.yaml or *.yml.
func playbookFiles(entries []fs.DirEntry) []string {
	var names []string
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && (ext == ".yaml" || ext == ".yml") {
			names = append(names, e.Name())
		}
	}
	return names
}

// readBounded reads a file, refusing one over MaxFileSize without reading
// the rest of it.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

func loadFiles(names []string, display func(string) string, read func(string) ([]byte, error), reg *Registry, dir string) (*Set, error) {
	var probs []Problem
	if len(names) == 0 {
		probs = append(probs, Problem{File: dir, Line: 1, Col: 1, Message: "no playbook files (*.yaml, *.yml) in the directory", Err: ErrInvalid})
	}
	if len(names) > MaxFiles {
		probs = append(probs, Problem{File: dir, Line: 1, Col: 1, Message: fmt.Sprintf("%d playbook files, over the limit of %d", len(names), MaxFiles), Err: ErrLimit})
		names = names[:MaxFiles]
	}
	var all []*Playbook
	for _, name := range names {
		file := display(name)
		data, err := read(name)
		if err != nil {
			probs = append(probs, Problem{File: file, Line: 1, Col: 1, Message: err.Error(), Err: ErrInvalid})
			continue
		}
		pbs, err := Load(file, data, reg)
		var le *LoadError
		if errors.As(err, &le) {
			probs = append(probs, le.Problems...)
		}
		all = append(all, pbs...)
	}
	probs = append(probs, duplicateNames(all)...)
	if len(probs) > 0 {
		return nil, &LoadError{Problems: probs}
	}
	slices.SortFunc(all, func(a, b *Playbook) int { return strings.Compare(a.Name, b.Name) })
	return &Set{Playbooks: all}, nil
}

func duplicateNames(all []*Playbook) []Problem {
	var probs []Problem
	first := map[string]*Playbook{}
	for _, p := range all {
		if q, ok := first[p.Name]; ok {
			probs = append(probs, Problem{File: p.File, Line: p.Line, Col: 1, Playbook: p.Name,
				Message: fmt.Sprintf("the name is already used by the playbook at %s:%d", q.File, q.Line), Err: ErrInvalid})
			continue
		}
		first[p.Name] = p
	}
	return probs
}

// Load compiles the playbooks of one file, named file in problems. It
// returns the playbooks that compiled and, when anything was wrong, a
// *LoadError with every problem.
func Load(file string, data []byte, reg *Registry) ([]*Playbook, error) {
	if reg == nil {
		reg = DefaultRegistry()
	}
	l := &fileLoader{file: file, reg: reg}
	pbs := l.load(data)
	if len(l.probs) > 0 {
		slices.SortStableFunc(l.probs, func(a, b Problem) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Col - b.Col
		})
		return pbs, &LoadError{Problems: l.probs}
	}
	return pbs, nil
}

// fileLoader compiles one file and collects its problems.
type fileLoader struct {
	file  string
	reg   *Registry
	env   *cel.Env
	probs []Problem
}

// scope is where a problem is: the playbook and step being compiled.
type scope struct {
	l              *fileLoader
	playbook, step string
}

func (sc scope) bad(n *yaml.Node, cat error, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	sc.l.probs = append(sc.l.probs, Problem{File: sc.l.file, Line: line, Col: col, Playbook: sc.playbook, Step: sc.step,
		Message: fmt.Sprintf(format, args...), Err: cat})
}

// badAt reports a problem at byte offset off of scalar n's value (-1 for
// the scalar itself). On a one-line scalar the column is exact; in a
// block scalar the line is.
func (sc scope) badAt(n *yaml.Node, off int, cat error, format string, args ...any) {
	before := len(sc.l.probs)
	sc.bad(n, cat, format, args...)
	if off < 0 || off > len(n.Value) {
		return
	}
	p := &sc.l.probs[before]
	lines := strings.Count(n.Value[:off], "\n")
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		p.Line += 1 + lines
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if lines == 0 {
			p.Col += 1 + utf8.RuneCountInString(n.Value[:off])
		}
	default:
		if lines == 0 {
			p.Col += utf8.RuneCountInString(n.Value[:off])
		}
	}
}

func (l *fileLoader) load(data []byte) []*Playbook {
	top := scope{l: l}
	switch {
	case len(data) > MaxFileSize:
		top.bad(nil, ErrLimit, "the file is over %d bytes", MaxFileSize)
		return nil
	case !utf8.Valid(data):
		top.bad(nil, ErrInvalid, "the file is not valid UTF-8")
		return nil
	case bytes.IndexByte(data, 0) >= 0:
		top.bad(nil, ErrInvalid, "the file holds a NUL byte: it is not text")
		return nil
	}
	env, err := newExprEnv()
	if err != nil {
		top.bad(nil, ErrInvalid, "expression environment: %v", err)
		return nil
	}
	l.env = env
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var pbs []*Playbook
	for i := 0; ; i++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			top.bad(nil, ErrInvalid, "%s", yamlError(err))
			break
		}
		if i == MaxDocuments {
			top.bad(&doc, ErrLimit, "more than %d playbooks in one file", MaxDocuments)
			break
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		if !l.checkTree(root, 1) {
			continue
		}
		if pb := l.playbook(root); pb != nil {
			pbs = append(pbs, pb)
		}
	}
	return pbs
}

// yamlError rewords the YAML parser's error, which says "yaml: line N:".
func yamlError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return "not valid YAML: " + msg
}

// checkTree refuses what the language has no use for and an attacker does:
// aliases (exponential expansion), anchors, custom tags, and nesting past
// MaxDepth. It reports the first offence and returns false.
func (l *fileLoader) checkTree(n *yaml.Node, depth int) bool {
	sc := scope{l: l}
	switch {
	case depth > MaxDepth:
		sc.bad(n, ErrLimit, "nested more than %d levels deep", MaxDepth)
		return false
	case n.Kind == yaml.AliasNode:
		sc.bad(n, ErrInvalid, "aliases (*%s) are not supported: write the value out", n.Value)
		return false
	case n.Anchor != "":
		sc.bad(n, ErrInvalid, "anchors (&%s) are not supported", n.Anchor)
		return false
	case n.Tag != "" && !slices.Contains([]string{"!!str", "!!int", "!!bool", "!!float", "!!null", "!!timestamp", "!!map", "!!seq"}, n.Tag):
		sc.bad(n, ErrInvalid, "custom tags (%s) are not supported", n.Tag)
		return false
	}
	for _, c := range n.Content {
		if !l.checkTree(c, depth+1) {
			return false
		}
	}
	return true
}

// nameOf returns the value of a mapping's name key, so that problems found
// before it is read can name their playbook or step.
func nameOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "name" && v.Kind == yaml.ScalarNode && namePattern.MatchString(v.Value) {
			return v.Value
		}
	}
	return ""
}

// field is one key of a mapping with its value.
type field struct {
	key, val *yaml.Node
}

// fields reads a mapping strictly: every key must be one of allowed (each
// key once); it returns the values by key. An unknown key is reported with
// the closest allowed one.
func (sc scope) fields(n *yaml.Node, what string, allowed ...string) (map[string]field, bool) {
	if n.Kind != yaml.MappingNode {
		sc.bad(n, ErrInvalid, "%s must be a mapping (key: value), not %s", what, yamlType(n))
		return nil, false
	}
	out := map[string]field{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			sc.bad(k, ErrInvalid, "%s: keys must be strings", what)
			ok = false
			continue
		}
		if _, dup := out[k.Value]; dup {
			sc.bad(k, ErrInvalid, "%s: key %s appears twice", what, k.Value)
			ok = false
			continue
		}
		if !slices.Contains(allowed, k.Value) {
			sc.bad(k, ErrUnknownKey, "unknown key %q in %s%s (allowed: %s)", k.Value, what, suggest(k.Value, allowed), strings.Join(allowed, ", "))
			ok = false
			continue
		}
		out[k.Value] = field{key: k, val: v}
	}
	return out, ok
}

// str reads a string scalar.
func (sc scope) str(n *yaml.Node, what string, max int) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		sc.bad(n, ErrInvalid, "%s must be a string, not %s", what, yamlType(n))
		return "", false
	}
	if len(n.Value) > max {
		sc.bad(n, ErrLimit, "%s is %d bytes, over the limit of %d", what, len(n.Value), max)
		return "", false
	}
	return n.Value, true
}

// name reads a playbook, step or action name.
func (sc scope) name(n *yaml.Node, what string) (string, bool) {
	s, ok := sc.str(n, what, 64)
	if ok && !namePattern.MatchString(s) {
		sc.bad(n, ErrInvalid, "%s %q must start with a lower case letter and hold only a-z, 0-9, _ and - (at most 63)", what, s)
		return s, false
	}
	return s, ok
}

// suggest names the allowed key closest to a misspelt one.
func suggest(got string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := levenshtein.ComputeDistance(got, a); d < bestD {
			best, bestD = a, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
