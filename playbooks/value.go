package playbooks

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// kind is the type of a parameter or fact value.
type kind int

const (
	kString kind = iota
	kInt
	kBool
	kTime     // RFC 3339
	kDuration // 90s, 15m, 4h, 3d
	kList
	kMap // string keys
)

// spec is the type a value must have.
type spec struct {
	kind kind
	elem *spec
	// enum, when set, lists the strings allowed.
	enum []string
}

func (s spec) String() string {
	switch s.kind {
	case kInt:
		return "an integer"
	case kBool:
		return "true or false"
	case kTime:
		return "an RFC 3339 time such as 2026-03-10T14:20:00Z"
	case kDuration:
		return "a duration such as 90s, 15m, 4h or 3d"
	case kList:
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(s.elem.String(), "an "), "a ") + "s"
	case kMap:
		return "a mapping to " + s.elem.String()
	}
	return "a string"
}

// paramSpec is the spec of an action parameter.
func paramSpec(p Param) spec {
	switch p.Type {
	case ParamInt:
		return spec{kind: kInt}
	case ParamBool:
		return spec{kind: kBool}
	case ParamDuration:
		return spec{kind: kDuration}
	case ParamStrings:
		return spec{kind: kList, elem: &spec{kind: kString, enum: p.Enum}}
	}
	return spec{kind: kString, enum: p.Enum}
}

// typeSpec is the spec of a Go type of incident.Facts. ok is false for a
// type a playbook cannot write.
func typeSpec(t reflect.Type) (spec, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return spec{kind: kTime}, true
	case t.Kind() == reflect.String:
		return spec{kind: kString}, true
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		return spec{kind: kInt}, true
	case t.Kind() == reflect.Bool:
		return spec{kind: kBool}, true
	case t.Kind() == reflect.Slice:
		e, ok := typeSpec(t.Elem())
		return spec{kind: kList, elem: &e}, ok && e.kind != kList && e.kind != kMap
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		e, ok := typeSpec(t.Elem())
		return spec{kind: kMap, elem: &e}, ok && e.kind != kList && e.kind != kMap
	}
	return spec{}, false
}

// value is a compiled parameter or fact value: a scalar (constant or
// template), a list or a mapping of them.
type value struct {
	spec   spec
	scalar text
	items  []value
	keys   []string
	node   *yaml.Node
}

// templated reports whether rendering the value needs an alert.
func (v value) templated() bool {
	if v.scalar.t != nil {
		return true
	}
	for _, it := range v.items {
		if it.templated() {
			return true
		}
	}
	return false
}

// compileValue checks node against s: its shape, the templates it holds
// and, for a constant, its value.
func (l *fileLoader) compileValue(sc scope, n *yaml.Node, s spec, what string) (value, bool) {
	v := value{spec: s, node: n}
	switch s.kind {
	case kList:
		if n.Kind != yaml.SequenceNode {
			sc.bad(n, ErrInvalid, "%s must be %s", what, s)
			return v, false
		}
		if len(n.Content) > maxListItems {
			sc.bad(n, ErrLimit, "%s has %d entries, over the limit of %d", what, len(n.Content), maxListItems)
			return v, false
		}
		ok := true
		for i, item := range n.Content {
			iv, iok := l.compileValue(sc, item, *s.elem, fmt.Sprintf("%s[%d]", what, i))
			v.items = append(v.items, iv)
			ok = ok && iok
		}
		return v, ok
	case kMap:
		if n.Kind != yaml.MappingNode {
			sc.bad(n, ErrInvalid, "%s must be %s", what, s)
			return v, false
		}
		ok := true
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag != "!!str" || seen[k.Value] {
				sc.bad(k, ErrInvalid, "%s: keys must be distinct strings", what)
				ok = false
				continue
			}
			seen[k.Value] = true
			iv, iok := l.compileValue(sc, val, *s.elem, what+"."+k.Value)
			v.keys = append(v.keys, k.Value)
			v.items = append(v.items, iv)
			ok = ok && iok
		}
		return v, ok
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		sc.bad(n, ErrInvalid, "%s must be %s", what, s)
		return v, false
	}
	if len(n.Value) > maxScalar {
		sc.bad(n, ErrLimit, "%s is %d bytes, over the limit of %d", what, len(n.Value), maxScalar)
		return v, false
	}
	if n.Tag == "!!str" && isTemplate(n.Value) {
		t, probs := compileText(what, n.Value)
		for _, p := range probs {
			sc.badAt(n, p.offset, ErrTemplate, "%s: %s", what, p.msg)
		}
		v.scalar = t
		return v, len(probs) == 0
	}
	// A constant: YAML's own type must be the one wanted, except that a
	// time or a duration is text to YAML.
	wantTag := map[kind][]string{kString: {"!!str"}, kInt: {"!!int"}, kBool: {"!!bool"}, kTime: {"!!str", "!!timestamp"}, kDuration: {"!!str"}}[s.kind]
	if !contains(wantTag, n.Tag) {
		hint := ""
		if s.kind == kString {
			hint = " (quote it)"
		}
		sc.bad(n, ErrInvalid, "%s must be %s, not %s%s", what, s, yamlType(n), hint)
		return v, false
	}
	v.scalar = text{src: n.Value}
	if _, err := v.convert(n.Value); err != nil {
		cat := ErrInvalid
		if s.kind == kDuration {
			cat = ErrDuration
		}
		sc.bad(n, cat, "%s: %v", what, err)
		return v, false
	}
	return v, true
}

// render renders the value for data: a string, int64, bool, []any or
// map[string]any, as JSON carries it.
func (v value) render(data *TemplateData) (any, error) {
	switch v.spec.kind {
	case kList:
		out := make([]any, 0, len(v.items))
		for _, it := range v.items {
			x, err := it.render(data)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	case kMap:
		out := make(map[string]any, len(v.items))
		for i, it := range v.items {
			x, err := it.render(data)
			if err != nil {
				return nil, err
			}
			out[v.keys[i]] = x
		}
		return out, nil
	}
	s, err := v.scalar.render(data)
	if err != nil {
		return nil, err
	}
	return v.convert(s)
}

// convert reads one rendered scalar as the value's kind and checks it.
func (v value) convert(s string) (any, error) {
	switch v.spec.kind {
	case kInt:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}
		return n, nil
	case kBool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}
		return b, nil
	case kTime:
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("%q is not an RFC 3339 time such as 2026-03-10T14:20:00Z", s)
		}
		return t.UTC().Format(time.RFC3339Nano), nil
	case kDuration:
		if _, err := parseDuration(s); err != nil {
			return nil, err
		}
		return strings.TrimSpace(s), nil
	}
	if len(v.spec.enum) > 0 && !contains(v.spec.enum, s) {
		return nil, fmt.Errorf("%q is not one of %s", s, quoteList(v.spec.enum))
	}
	return s, nil
}

// parseDuration reads a Go duration, or a whole number of days ("3d").
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 && n <= 3650 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: write it like 90s, 15m, 4h or 3d", s)
	}
	return d, nil
}

func yamlType(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a bool"
	case "!!null":
		return "empty"
	case "!!str":
		return "a string"
	}
	return n.Tag
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
