package playbooks

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/cel"

	"github.com/go-json-experiment/json"
	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/incident"
)

// The keys of the language.
var (
	playbookKeys = []string{"name", "description", "match", "runs", "steps"}
	stepKeys     = []string{"name", "if", "timeout", "retries", "action", "with", "webhook", "approval", "notify", "facts", "wait"}
	kindKeys     = []string{"action", "approval", "notify", "facts", "wait"}
	approvalKeys = []string{"required", "approvers", "expires", "message"}
	notifyKeys   = []string{"channel", "message"}
)

// playbook compiles one document.
func (l *fileLoader) playbook(root *yaml.Node) *Playbook {
	sc := scope{l: l, playbook: nameOf(root)}
	fs, ok := sc.fields(root, "the playbook", playbookKeys...)
	if fs == nil {
		return nil
	}
	pb := &Playbook{File: l.file, Line: root.Line, Runs: RunsOnce}
	if f, has := fs["name"]; has {
		name, nok := sc.name(f.val, "name")
		ok = ok && nok
		pb.Name = name
		sc.playbook = name
	} else {
		sc.bad(root, ErrInvalid, "the playbook has no name")
		ok = false
	}
	if f, has := fs["description"]; has {
		d, dok := sc.str(f.val, "description", 4<<10)
		ok = ok && dok
		pb.Description = d
	}
	if f, has := fs["runs"]; has {
		r, rok := sc.str(f.val, "runs", 64)
		switch Runs(r) {
		case RunsOnce, RunsPerAlert:
			pb.Runs = Runs(r)
		default:
			if rok {
				sc.bad(f.val, ErrInvalid, "runs %q must be %q or %q", r, RunsOnce, RunsPerAlert)
			}
			ok = false
		}
	}
	if f, has := fs["match"]; has {
		pb.Match, pb.match = l.expr(sc, f.val, "match")
		ok = ok && pb.match != nil
	} else {
		sc.bad(root, ErrInvalid, "the playbook has no match expression (write match: true to run it on every incident)")
		ok = false
	}
	f, has := fs["steps"]
	switch {
	case !has:
		sc.bad(root, ErrInvalid, "the playbook has no steps")
		ok = false
	case f.val.Kind != yaml.SequenceNode || len(f.val.Content) == 0:
		sc.bad(f.val, ErrInvalid, "steps must be a non-empty list")
		ok = false
	case len(f.val.Content) > MaxSteps:
		sc.bad(f.val, ErrLimit, "%d steps, over the limit of %d", len(f.val.Content), MaxSteps)
		ok = false
	default:
		names := map[string]int{}
		for i, n := range f.val.Content {
			st, sok := l.step(sc, n, i)
			ok = ok && sok
			if st == nil {
				continue
			}
			if line, dup := names[st.Name]; dup && st.Name != "" {
				scope{l: l, playbook: sc.playbook, step: st.Name}.bad(n, ErrInvalid, "another step (line %d) has the same name", line)
				ok = false
			}
			names[st.Name] = n.Line
			pb.Steps = append(pb.Steps, *st)
		}
	}
	if !ok {
		return nil
	}
	return pb
}

// expr compiles a match or if expression, reporting its problems at their
// place in the file.
func (l *fileLoader) expr(sc scope, n *yaml.Node, what string) (string, cel.Program) {
	src := n.Value
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		src = n.Value // match: true
	} else if _, ok := sc.str(n, what, MaxExprLen); !ok {
		return "", nil
	}
	prg, probs := compileExpr(l.env, src)
	for _, p := range probs {
		off := -1
		if p.line > 0 {
			off = offsetOf(src, p.line, p.col)
		}
		sc.badAt(n, off, ErrExpression, "%s: %s", what, p.msg)
	}
	return src, prg
}

// offsetOf turns CEL's line (1-based) and column (0-based, in runes) into a
// byte offset into src.
func offsetOf(src string, line, col int) int {
	off := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(src[off:], '\n')
		if j < 0 {
			return -1
		}
		off += j + 1
	}
	for i := 0; i < col && off < len(src); i++ {
		_, size := utf8.DecodeRuneInString(src[off:])
		off += size
	}
	return off
}

// step compiles the i-th step.
func (l *fileLoader) step(pbScope scope, n *yaml.Node, i int) (*Step, bool) {
	sc := pbScope
	sc.step = fmt.Sprintf("#%d", i+1)
	if name := nameOf(n); name != "" {
		sc.step = name
	}
	fs, ok := sc.fields(n, "a step", stepKeys...)
	if fs == nil {
		return nil, false
	}
	st := &Step{Line: n.Line, Timeout: DefaultTimeout, Retries: DefaultRetries}
	if f, has := fs["name"]; has {
		name, nok := sc.name(f.val, "step name")
		ok = ok && nok
		st.Name = name
		if nok {
			sc.step = name
		}
	} else {
		sc.bad(n, ErrInvalid, "the step has no name")
		ok = false
	}
	var kinds []string
	for _, k := range kindKeys {
		if _, has := fs[k]; has {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) != 1 {
		sc.bad(n, ErrInvalid, "a step must have exactly one of %s (it has %s)", strings.Join(kindKeys, ", "), orNone(kinds))
		return st, false
	}
	st.Kind = StepKind(kinds[0])
	if f, has := fs["if"]; has {
		st.If, st.cond = l.expr(sc, f.val, "if")
		ok = ok && st.cond != nil
	}
	for _, k := range []string{"timeout", "retries"} {
		if f, has := fs[k]; has && st.Kind != KindAction && st.Kind != KindNotify {
			sc.bad(f.key, ErrInvalid, "%s applies to action and notify steps only", k)
			ok = false
		}
	}
	if f, has := fs["timeout"]; has {
		d, dok := sc.duration(f.val, "timeout", MaxTimeout)
		st.Timeout, ok = d, ok && dok
	}
	if f, has := fs["retries"]; has {
		if f.val.Kind != yaml.ScalarNode || f.val.Tag != "!!int" {
			sc.bad(f.val, ErrInvalid, "retries must be a whole number from 0 to %d", MaxRetries)
			ok = false
		} else if v, err := parseIntBounded(f.val.Value, 0, MaxRetries); err != nil {
			sc.bad(f.val, ErrInvalid, "retries %s", err)
			ok = false
		} else {
			st.Retries = v
		}
	}
	if st.Kind != KindAction {
		for _, k := range []string{"with", "webhook"} {
			if f, has := fs[k]; has {
				sc.bad(f.key, ErrInvalid, "%s belongs to action steps", k)
				ok = false
			}
		}
	}
	kf := fs[kinds[0]]
	var kok bool
	switch st.Kind {
	case KindAction:
		st.Action, kok = l.action(sc, kf, fs)
	case KindApproval:
		st.Approval, kok = l.approval(sc, kf)
	case KindNotify:
		st.Notify, kok = l.notify(sc, kf)
	case KindFacts:
		st.Facts, kok = l.facts(sc, kf)
	case KindWait:
		st.Wait, kok = sc.duration(kf.val, "wait", MaxDelay)
	}
	return st, ok && kok
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// duration reads a positive duration up to max.
func (sc scope) duration(n *yaml.Node, what string, max time.Duration) (time.Duration, bool) {
	s, ok := sc.str(n, what, 64)
	if !ok {
		return 0, false
	}
	d, err := parseDuration(s)
	switch {
	case err != nil:
		sc.bad(n, ErrDuration, "%s: %v", what, err)
		return 0, false
	case d <= 0:
		sc.bad(n, ErrDuration, "%s must be positive", what)
		return 0, false
	case d > max:
		sc.bad(n, ErrDuration, "%s %s is over the limit of %s", what, s, formatDuration(max))
		return 0, false
	}
	return d, true
}

// action compiles an action step: a known action, its parameters checked
// against the action's schema, an optional webhook URL.
func (l *fileLoader) action(sc scope, kf field, fs map[string]field) (*ActionStep, bool) {
	name, ok := sc.str(kf.val, "action", 64)
	if !ok {
		return nil, false
	}
	a, known := l.reg.Lookup(name)
	if !known {
		sc.bad(kf.val, ErrUnknownAction, "unknown action %q%s (known: %s)", name, suggest(name, l.reg.Names()), strings.Join(l.reg.Names(), ", "))
		return nil, false
	}
	as := &ActionStep{Name: name}
	if f, has := fs["webhook"]; has {
		u, uok := sc.str(f.val, "webhook", 2048)
		if uok {
			if err := checkWebhook(u); err != nil {
				sc.bad(f.val, ErrInvalid, "webhook: %v", err)
				uok = false
			}
		}
		ok = ok && uok
		as.Webhook = u
	}
	set := map[string]bool{}
	if f, has := fs["with"]; has {
		var names []string
		for _, p := range a.Params {
			names = append(names, p.Name)
		}
		params, pok := sc.fields(f.val, "with (the parameters of "+name+")", names...)
		ok = ok && pok
		for _, p := range a.Params {
			pf, has := params[p.Name]
			if !has {
				continue
			}
			set[p.Name] = true
			v, vok := l.compileValue(sc, pf.val, paramSpec(p), p.Name)
			ok = ok && vok
			as.params = append(as.params, namedValue{name: p.Name, v: v})
		}
	}
	for _, p := range a.Params {
		if p.Required && !set[p.Name] {
			sc.bad(kf.val, ErrInvalid, "action %s needs parameter %s (%s) under with", name, p.Name, p.Doc)
			ok = false
		}
	}
	return as, ok
}

// checkWebhook accepts an absolute http(s) URL without credentials: a
// secret in a playbook ends up in every copy of the repository.
func checkWebhook(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a URL", raw)
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("%q must be an http or https URL", raw)
	case u.Host == "":
		return fmt.Errorf("%q has no host", raw)
	case u.User != nil:
		return fmt.Errorf("the URL holds credentials: give the actuator's token in the daemon's configuration, not in a playbook")
	case isTemplate(raw):
		return fmt.Errorf("the URL cannot be a template")
	}
	return nil
}

// approval compiles an approval gate.
func (l *fileLoader) approval(sc scope, kf field) (*ApprovalStep, bool) {
	fs, ok := sc.fields(kf.val, "approval", approvalKeys...)
	if fs == nil {
		return nil, false
	}
	ap := &ApprovalStep{Required: 1}
	if f, has := fs["approvers"]; !has {
		sc.bad(kf.val, ErrInvalid, "approval has no approvers: list who may approve (approvers: [alice@example.com, …])")
		ok = false
	} else if f.val.Kind != yaml.SequenceNode || len(f.val.Content) == 0 {
		sc.bad(f.val, ErrInvalid, "approvers must be a non-empty list of people")
		ok = false
	} else if len(f.val.Content) > maxListItems {
		sc.bad(f.val, ErrLimit, "approvers has %d entries, over the limit of %d", len(f.val.Content), maxListItems)
		ok = false
	} else {
		for _, n := range f.val.Content {
			who, wok := sc.str(n, "an approver", incident.MaxActorLen)
			switch {
			case !wok:
				ok = false
			case strings.TrimSpace(who) == "" || isTemplate(who):
				sc.bad(n, ErrInvalid, "an approver must be a person's name, not empty or a template")
				ok = false
			case strings.HasPrefix(who, SlackPrefix) && !SlackUser(who) && !SlackGroup(who):
				sc.bad(n, ErrInvalid, "approver %.80s: a Slack approver is slack: and a user id (slack:U0123ABCD, slack:W…) or a user group id (slack:S0123ABCD)", who)
				ok = false
			case contains(ap.Approvers, who):
				sc.bad(n, ErrInvalid, "approver %s is listed twice", who)
				ok = false
			default:
				ap.Approvers = append(ap.Approvers, who)
			}
		}
	}
	if f, has := fs["required"]; has {
		if f.val.Kind != yaml.ScalarNode || f.val.Tag != "!!int" {
			sc.bad(f.val, ErrInvalid, "required must be a whole number")
			ok = false
		} else if v, err := parseIntBounded(f.val.Value, 1, maxListItems); err != nil {
			sc.bad(f.val, ErrInvalid, "required %s", err)
			ok = false
		} else {
			ap.Required = v
			// A user group may hold as many approvers as required.
			if len(ap.Approvers) > 0 && v > len(ap.Approvers) && !slices.ContainsFunc(ap.Approvers, SlackGroup) {
				sc.bad(f.val, ErrInvalid, "required is %d but only %d approvers are listed", v, len(ap.Approvers))
				ok = false
			}
		}
	}
	if f, has := fs["expires"]; has {
		d, dok := sc.duration(f.val, "expires", MaxDelay)
		ap.Expires, ok = d, ok && dok
	} else {
		sc.bad(kf.val, ErrInvalid, "approval has no expires: say how long approvers have (expires: 30m)")
		ok = false
	}
	if f, has := fs["message"]; has {
		t, tok := l.text(sc, f.val, "message")
		ap.message, ok = t, ok && tok
	}
	return ap, ok
}

// notify compiles a message to a channel.
func (l *fileLoader) notify(sc scope, kf field) (*NotifyStep, bool) {
	fs, ok := sc.fields(kf.val, "notify", notifyKeys...)
	if fs == nil {
		return nil, false
	}
	ns := &NotifyStep{}
	if f, has := fs["channel"]; has {
		c, cok := sc.str(f.val, "channel", 256)
		if cok && (strings.TrimSpace(c) == "" || isTemplate(c)) {
			sc.bad(f.val, ErrInvalid, "channel must name a channel (log, #sec-incidents…), not be empty or a template")
			cok = false
		}
		ns.Channel, ok = c, ok && cok
	} else {
		sc.bad(kf.val, ErrInvalid, "notify has no channel")
		ok = false
	}
	if f, has := fs["message"]; has {
		t, tok := l.text(sc, f.val, "message")
		ns.message, ok = t, ok && tok
	} else {
		sc.bad(kf.val, ErrInvalid, "notify has no message")
		ok = false
	}
	return ns, ok
}

// text compiles a string that may be a template.
func (l *fileLoader) text(sc scope, n *yaml.Node, what string) (text, bool) {
	s, ok := sc.str(n, what, maxScalar)
	if !ok {
		return text{}, false
	}
	t, probs := compileText(what, s)
	for _, p := range probs {
		sc.badAt(n, p.offset, ErrTemplate, "%s: %s", what, p.msg)
	}
	return t, len(probs) == 0
}

// factKeys maps each fact a playbook may set to its Go type: every key of
// incident.Facts except the ones only people record (a filing, a hold).
func factKeys() (map[string]reflect.Type, []string) {
	keys := map[string]reflect.Type{}
	var names []string
	t := reflect.TypeFor[incident.Facts]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || name == "submitted" || name == "holds" {
			continue
		}
		if _, ok := typeSpec(f.Type); !ok {
			continue
		}
		keys[name] = f.Type
		names = append(names, name)
	}
	return keys, names
}

// facts compiles a facts step: known keys, values of their types and, for
// the constants, the incident package's own validation.
func (l *fileLoader) facts(sc scope, kf field) (*FactsStep, bool) {
	types, names := factKeys()
	fs, ok := sc.fields(kf.val, "facts", names...)
	if fs == nil {
		return nil, false
	}
	if len(fs) == 0 && ok {
		sc.bad(kf.val, ErrFacts, "facts sets nothing")
		return nil, false
	}
	st := &FactsStep{}
	constant := map[string]any{}
	for i := 0; i+1 < len(kf.val.Content); i += 2 {
		key := kf.val.Content[i].Value
		if _, known := fs[key]; !known {
			continue
		}
		s, _ := typeSpec(types[key])
		v, vok := l.compileValue(sc, fs[key].val, s, key)
		if !vok {
			ok = false
			continue
		}
		st.facts = append(st.facts, namedValue{name: key, v: v})
		if !v.templated() {
			if x, err := v.render(nil); err == nil {
				constant[key] = x
			}
		}
	}
	if len(constant) > 0 {
		if err := checkFactsPatch(constant); err != nil {
			for _, p := range splitFactsError(err) {
				key, _, _ := strings.Cut(p, ":")
				key, _, _ = strings.Cut(key, ".")
				node := kf.val
				if f, has := fs[key]; has {
					node = f.val
				}
				sc.bad(node, ErrFacts, "%s", p)
			}
			ok = false
		}
	}
	return st, ok
}

// checkFactsPatch runs the constant facts through the incident package's
// decoding and validation, on facts that hold nothing else.
func checkFactsPatch(set map[string]any) error {
	doc, err := json.Marshal(set, json.Deterministic(true))
	if err != nil {
		return err
	}
	f, err := (*incident.Facts)(nil).PatchFacts(doc)
	if err != nil {
		return err
	}
	if f.AwareAt.IsZero() {
		f.AwareAt = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return f.Validate()
}

// splitFactsError lists the problems of a facts error without the
// "invalid facts: " prefix, each starting with the key.
func splitFactsError(err error) []string {
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		out = append(out, strings.TrimPrefix(line, incident.ErrInvalidFacts.Error()+": "))
	}
	return out
}

func parseIntBounded(s string, lo, hi int) (int, error) {
	var v int
	if _, err := fmt.Sscan(s, &v); err != nil || fmt.Sprint(v) != s || v < lo || v > hi {
		return 0, fmt.Errorf("must be a whole number from %d to %d, not %s", lo, hi, s)
	}
	return v, nil
}

func formatDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
