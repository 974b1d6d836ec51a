package playbooks

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/breachd/breachd/incident"
)

// MaxRendered bounds what one template may render: a parameter or a
// message, not a document.
const MaxRendered = 16 << 10

// TemplateData is what a templated parameter or message reads:
// {{ .Alert.Asset.ID }}, {{ .Incident.ID }}, {{ .Playbook }}.
type TemplateData struct {
	Alert    incident.Alert
	Incident incident.Incident
	Playbook string
	Step     string
}

// templateFuncs are the functions templates may call, besides text/template's
// own (and, or, not, len, index, printf, eq, lt…). They have no side effects
// and read no clock.
var templateFuncs = template.FuncMap{
	"join":  strings.Join,
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"default": func(def, v any) any {
		if v == nil || reflect.ValueOf(v).IsZero() {
			return def
		}
		return v
	},
}

// text is a string that may hold a template. t is nil for a constant.
type text struct {
	src string
	t   *template.Template
}

// isTemplate reports whether s holds template actions.
func isTemplate(s string) bool { return strings.Contains(s, "{{") }

// tmplProblem is a problem at a byte offset into the template's source
// (-1 when unknown).
type tmplProblem struct {
	offset int
	msg    string
}

// compileText parses s as a template when it holds one, and checks every
// field it reads against TemplateData.
func compileText(name, s string) (text, []tmplProblem) {
	if !isTemplate(s) {
		return text{src: s}, nil
	}
	t, err := template.New(name).Funcs(templateFuncs).Option("missingkey=error").Parse(s)
	if err != nil {
		return text{}, []tmplProblem{{offset: -1, msg: templateParseMessage(err)}}
	}
	c := tmplChecker{src: s}
	for _, def := range t.Templates() {
		if def.Name() != name {
			c.bad(0, "defines a template (%q): define and template are not supported", def.Name())
		}
	}
	if t.Tree != nil && t.Root != nil {
		c.list(t.Root, reflect.TypeFor[TemplateData](), map[string]reflect.Type{"$": reflect.TypeFor[TemplateData]()})
	}
	if len(c.probs) > 0 {
		return text{}, c.probs
	}
	return text{src: s, t: t}, nil
}

// templateParseMessage strips text/template's "template: name:line:" prefix,
// which names our internal template rather than the file.
func templateParseMessage(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "template: ")
	// name:line: rest, or name:line:col: rest
	parts := strings.SplitN(msg, ": ", 2)
	if len(parts) == 2 {
		return "template: " + parts[1]
	}
	return "template: " + msg
}

// render executes the text for data. A constant renders as itself.
func (t text) render(data *TemplateData) (string, error) {
	if t.t == nil {
		return t.src, nil
	}
	var b bytes.Buffer
	w := &limitWriter{w: &b, n: MaxRendered}
	if err := t.t.Execute(w, data); err != nil {
		if errors.Is(err, errTooLong) {
			return "", fmt.Errorf("renders more than %d bytes", MaxRendered)
		}
		return "", fmt.Errorf("render %q: %s", t.src, strings.TrimPrefix(err.Error(), "template: "))
	}
	return b.String(), nil
}

var errTooLong = errors.New("rendered text too long")

type limitWriter struct {
	w *bytes.Buffer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.w.Len()+len(p) > l.n {
		return 0, errTooLong
	}
	return l.w.Write(p)
}

// tmplChecker walks a template's parse tree with the type of dot, and
// reports every field that the type does not have. A type it cannot know
// (a function's result, an interface) is nil, and below it nothing is
// checked.
type tmplChecker struct {
	src   string
	probs []tmplProblem
}

func (c *tmplChecker) bad(pos parse.Pos, format string, args ...any) {
	c.probs = append(c.probs, tmplProblem{offset: int(pos), msg: "template: " + fmt.Sprintf(format, args...)})
}

func (c *tmplChecker) list(l *parse.ListNode, dot reflect.Type, vars map[string]reflect.Type) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		c.node(n, dot, vars)
	}
}

func (c *tmplChecker) node(n parse.Node, dot reflect.Type, vars map[string]reflect.Type) {
	switch n := n.(type) {
	case *parse.ActionNode:
		c.pipe(n.Pipe, dot, vars)
	case *parse.IfNode:
		c.pipe(n.Pipe, dot, vars)
		c.list(n.List, dot, vars)
		c.list(n.ElseList, dot, vars)
	case *parse.WithNode:
		t := c.pipe(n.Pipe, dot, vars)
		c.list(n.List, t, vars)
		c.list(n.ElseList, dot, vars)
	case *parse.RangeNode:
		t := c.pipe(n.Pipe, dot, vars)
		key, elem := rangeTypes(t)
		if len(n.Pipe.Decl) == 2 {
			vars[n.Pipe.Decl[0].Ident[0]] = key
			vars[n.Pipe.Decl[1].Ident[0]] = elem
		} else if len(n.Pipe.Decl) == 1 {
			vars[n.Pipe.Decl[0].Ident[0]] = elem
		}
		c.list(n.List, elem, vars)
		c.list(n.ElseList, dot, vars)
	case *parse.TemplateNode:
		c.bad(n.Position(), "{{ template }} is not supported")
	}
}

// pipe checks a pipeline and returns the type it yields, or nil.
func (c *tmplChecker) pipe(p *parse.PipeNode, dot reflect.Type, vars map[string]reflect.Type) reflect.Type {
	if p == nil {
		return nil
	}
	var t reflect.Type
	for i, cmd := range p.Cmds {
		t = c.command(cmd, dot, vars)
		if i > 0 {
			t = nil // the previous result became a function's last argument
		}
	}
	if len(p.Decl) == 1 && !p.IsAssign {
		vars[p.Decl[0].Ident[0]] = t
	}
	return t
}

func (c *tmplChecker) command(cmd *parse.CommandNode, dot reflect.Type, vars map[string]reflect.Type) reflect.Type {
	var t reflect.Type
	for i, arg := range cmd.Args {
		at := c.arg(arg, dot, vars)
		if i == 0 {
			t = at
		}
	}
	if len(cmd.Args) > 1 {
		return nil // a function call
	}
	return t
}

func (c *tmplChecker) arg(n parse.Node, dot reflect.Type, vars map[string]reflect.Type) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return c.fields(n.Position(), dot, n.Ident, "")
	case *parse.VariableNode:
		t, ok := vars[n.Ident[0]]
		if !ok {
			return nil
		}
		return c.fields(n.Position(), t, n.Ident[1:], n.Ident[0])
	case *parse.ChainNode:
		var t reflect.Type
		if p, ok := n.Node.(*parse.PipeNode); ok {
			t = c.pipe(p, dot, vars)
		} else {
			t = c.arg(n.Node, dot, vars)
		}
		return c.fields(n.Position(), t, n.Field, "(…)")
	case *parse.PipeNode:
		return c.pipe(n, dot, vars)
	}
	return nil
}

// fields follows a chain of field names from type t, reporting the first
// one that does not exist.
func (c *tmplChecker) fields(pos parse.Pos, t reflect.Type, names []string, prefix string) reflect.Type {
	path := prefix
	for _, name := range names {
		if t == nil {
			return nil
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		next, ok := fieldType(t, name)
		if !ok {
			where := path
			if where == "" {
				where = "."
			}
			c.bad(pos, "%s has no field %s (it has %s)", describe(where, t), name, strings.Join(fieldNames(t), ", "))
			return nil
		}
		path += "." + name
		t = next
	}
	return t
}

// fieldType returns the type of t's field or method name; a map with string
// keys has every field. ok is false when t has no such field. A type that
// cannot be known (an interface) is nil with ok true.
func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	switch t.Kind() {
	case reflect.Struct:
		if f, ok := t.FieldByName(name); ok && f.IsExported() {
			return f.Type, true
		}
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return t.Elem(), true
		}
	case reflect.Interface:
		return nil, true
	}
	for _, mt := range []reflect.Type{t, reflect.PointerTo(t)} {
		if m, ok := mt.MethodByName(name); ok && m.Type.NumOut() > 0 {
			return m.Type.Out(0), true
		}
	}
	return nil, false
}

func fieldNames(t reflect.Type) []string {
	var names []string
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				names = append(names, t.Field(i).Name)
			}
		}
	}
	if len(names) == 0 {
		return []string{"no fields"}
	}
	return names
}

func describe(path string, t reflect.Type) string {
	return fmt.Sprintf("%s (%s)", path, t)
}

// rangeTypes returns the key and element types of ranging over t.
func rangeTypes(t reflect.Type) (key, elem reflect.Type) {
	if t == nil {
		return nil, nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	}
	return nil, nil
}
