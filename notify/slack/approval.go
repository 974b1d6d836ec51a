package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/store"
)

// A playbook run waiting for approval shows on the incident's message
// (and its channel's summary) with what will run once it is approved, how
// many approvals are still needed and until when, and the buttons Approve
// and Reject. Every change to an approval is committed through package
// respond, whose hooks include Slack's Changed, so the message follows. A
// click decides through respond.Decide, as the API does, with the Slack
// user as the approver: listed as slack:U…, in a listed user group
// (slack:S…), or whose Slack profile has a listed e-mail address. Anyone
// else is refused by the engine, and the refusal is recorded.

// Runs is the playbook engine as Slack needs it: the set in force, to
// plan what an approval lets run.
type Runs interface {
	Playbooks() *playbooks.Set
}

// Action ids of an approval's buttons.
const (
	ActionApprove = "breachd_approve"
	ActionReject  = "breachd_reject"
	// approvalBlockID prefixes the block of each approval's buttons.
	approvalBlockID = "breachd_approval_"
	// maxRunsShown, maxApprovalsShown and maxNextShown bound the runs a
	// message lists, the approvals it shows with buttons (a message holds
	// at most 50 blocks) and the steps an approval says it lets run.
	maxRunsShown      = 8
	maxApprovalsShown = 5
	maxNextShown      = 6
)

// RunView is a playbook run as the message shows it.
type RunView struct {
	Run, Playbook string
	Status        incident.RunStatus
	// Step is the step it is at, or the one it ended on when it did not
	// end done; Why says why it ended so.
	Step, Why string
	// Approval is set while the run waits for approvers.
	Approval *Approval
}

// Approval is a pending approval step and what it lets run.
type Approval struct {
	Incident, Run, Step string
	// Message is the step's rendered message.
	Message   string
	Approvers []string
	// Required approvals, Approved given so far, by Approvals.
	Required, Approved int
	Approvals          []incident.Decision
	Until              time.Time
	// Next are the steps that run once it is approved, planned as they
	// would be now, up to the next approval.
	Next []playbooks.PlannedStep
}

// render is the incident's message as it is now.
func (s *Slack) render(inc *incident.Incident, set *incident.Obligations, rs []*incident.Run, own string) Card {
	return RenderCard(inc, set, s.runViews(inc, rs), s.redact, own, s.opts.Now())
}

// runViews describes an incident's runs for its message. The steps an
// approval lets run are planned from the playbook set in force, as the
// engine will plan them when it reaches them.
func (s *Slack) runViews(inc *incident.Incident, rs []*incident.Run) []RunView {
	if s.opts.Runs == nil {
		return nil
	}
	set := s.opts.Runs.Playbooks()
	out := make([]RunView, 0, len(rs))
	for _, r := range rs {
		v := RunView{Run: r.ID, Playbook: r.Playbook, Status: r.Status}
		if r.Current < len(r.Steps) {
			v.Step = r.Steps[r.Current].Name
		}
		for i := range r.Steps {
			st := &r.Steps[i]
			switch st.Status {
			case incident.StepFailed, incident.StepRejected, incident.StepExpired:
				v.Step, v.Why = st.Name, st.Error
			}
		}
		if r.Status == incident.RunWaiting && r.Current < len(r.Steps) {
			if st := &r.Steps[r.Current]; st.Kind == string(playbooks.KindApproval) && st.Status == incident.StepWaiting && st.Until != nil {
				v.Approval = pendingApproval(set, r, st, inc)
			}
		}
		out = append(out, v)
	}
	return out
}

func pendingApproval(set *playbooks.Set, r *incident.Run, st *incident.RunStep, inc *incident.Incident) *Approval {
	a := &Approval{Incident: r.Incident, Run: r.ID, Step: st.Name, Message: st.Detail, Approvers: st.Approvers,
		Required: st.Required, Approvals: st.Approvals, Until: *st.Until}
	for _, d := range st.Approvals {
		if d.Decision == respond.Approve {
			a.Approved++
		}
	}
	pb, ok := set.Lookup(r.Playbook)
	if !ok {
		return a
	}
	for _, next := range r.Steps[r.Current+1:] {
		ps, found := pb.PlanStep(next.Name, r.ID, r.Alert, inc)
		if !found {
			break
		}
		a.Next = append(a.Next, ps)
		if ps.Kind == playbooks.KindApproval && ps.Run || len(a.Next) == maxNextShown {
			break
		}
	}
	return a
}

// runBlocks are the message's blocks of playbook runs: one line per run,
// and for each pending approval what it lets run and its buttons.
func runBlocks(views []RunView, r Redactor, now time.Time) []slackapi.Block {
	if len(views) == 0 {
		return nil
	}
	lines := make([]string, 0, len(views))
	for i, v := range views {
		if i == maxRunsShown {
			lines = append(lines, fmt.Sprintf("… and %d more", len(views)-i))
			break
		}
		line := fmt.Sprintf("• *%s* %s", escape(v.Playbook), runState(v))
		lines = append(lines, line)
	}
	blocks := []slackapi.Block{slackapi.NewSectionBlock(md("*Playbooks*\n%s", strings.Join(lines, "\n")), nil, nil)}
	n := 0
	for _, v := range views {
		if v.Approval == nil {
			continue
		}
		if n == maxApprovalsShown {
			blocks = append(blocks, slackapi.NewContextBlock("", md("More approvals are waiting: `breachctl runs %s` lists them.", escape(v.Approval.Incident))))
			break
		}
		a := v.Approval
		blocks = append(blocks, slackapi.NewSectionBlock(md("%s", approvalText(v.Playbook, a, r, now)), nil, nil))
		value := a.Incident + "|" + a.Run + "|" + a.Step
		approve := slackapi.NewButtonBlockElement(ActionApprove, value, plain("Approve")).WithStyle(slackapi.StylePrimary)
		reject := slackapi.NewButtonBlockElement(ActionReject, value, plain("Reject")).WithStyle(slackapi.StyleDanger).
			WithConfirm(slackapi.NewConfirmationBlockObject(plain("Reject "+text.Truncate(a.Step, 60)+"?"),
				md("The run of *%s* ends here: nothing after the approval runs.", escape(v.Playbook)), plain("Reject"), plain("Cancel")))
		blocks = append(blocks, slackapi.NewActionBlock(fmt.Sprintf("%s%d", approvalBlockID, n), approve, reject))
		n++
	}
	return blocks
}

// runState says where a run stands, in a few words.
func runState(v RunView) string {
	switch v.Status {
	case incident.RunWaiting:
		if v.Approval != nil {
			return "— waiting for approval: `" + escape(v.Step) + "`"
		}
		return "— waiting at `" + escape(v.Step) + "`"
	case incident.RunRunning:
		return "— running `" + escape(v.Step) + "`"
	case incident.RunDone:
		return "— done"
	}
	s := fmt.Sprintf("— %s at `%s`", v.Status, escape(v.Step))
	if v.Why != "" {
		s += ": " + escape(text.Truncate(v.Why, 200))
	}
	return s
}

// approvalText says what an approval is for, what it lets run, and how
// many approvals it still needs until when. Values rendered from the
// alert pass the redactor; approvers come from the playbook.
func approvalText(playbook string, a *Approval, r Redactor, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":raised_hand: *Approval needed* · %s › `%s`\n", escape(playbook), escape(a.Step))
	if a.Message != "" {
		fmt.Fprintf(&b, "%s\n", escape(r.Text(a.Message)))
	}
	if len(a.Next) > 0 {
		b.WriteString("*Once approved:*\n")
		for _, ps := range a.Next {
			fmt.Fprintf(&b, "• %s\n", stepLine(ps, r))
		}
	}
	need := max(a.Required-a.Approved, 0)
	fmt.Fprintf(&b, "*%d more approval%s needed* (%d of %d given) from %s · expires %s",
		need, plural(need), a.Approved, a.Required, approverList(a.Approvers), stamp(a.Until))
	if a.Until.After(now) {
		fmt.Fprintf(&b, " (in %s)", left(a.Until.Sub(now)))
	}
	for _, d := range a.Approvals {
		fmt.Fprintf(&b, "\n:white_check_mark: approved by %s at %s", approverMention(d.Approver), stamp(d.At))
	}
	return b.String()
}

// stepLine says what one planned step will do.
func stepLine(ps playbooks.PlannedStep, r Redactor) string {
	name := "`" + escape(ps.Name) + "`"
	switch {
	case ps.Error != "":
		return fmt.Sprintf("%s: :warning: %s", name, escape(r.Text(ps.Error)))
	case !ps.Run:
		return fmt.Sprintf("%s: skipped (if %s is false now)", name, escape(ps.If))
	}
	switch ps.Kind {
	case playbooks.KindAction:
		if ps.Action == nil {
			break
		}
		params := make([]string, 0, len(ps.Action.Params))
		for _, k := range slices.Sorted(maps.Keys(ps.Action.Params)) {
			params = append(params, k+"="+paramValue(ps.Action.Params[k]))
		}
		return fmt.Sprintf("%s: *%s* %s", name, escape(ps.Action.Name), escape(r.Text(strings.Join(params, " "))))
	case playbooks.KindNotify:
		if ps.Notify != nil && ps.Notify.Channel != "" {
			return fmt.Sprintf("%s: a message to %s", name, escape(ps.Notify.Channel))
		}
		return name + ": a message in the thread"
	case playbooks.KindFacts:
		var set map[string]any
		_ = json.Unmarshal(ps.Facts, &set)
		return fmt.Sprintf("%s: records facts %s", name, escape(strings.Join(slices.Sorted(maps.Keys(set)), ", ")))
	case playbooks.KindWait:
		return fmt.Sprintf("%s: waits %s", name, time.Duration(ps.Wait))
	case playbooks.KindApproval:
		return name + ": then another approval"
	}
	return name
}

func paramValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// approverList shows a step's approvers: Slack users and groups as
// mentions, others as written.
func approverList(approvers []string) string {
	out := make([]string, len(approvers))
	for i, a := range approvers {
		out[i] = approverMention(a)
	}
	return strings.Join(out, ", ")
}

func approverMention(a string) string {
	if playbooks.SlackGroup(a) {
		return groupMention(strings.TrimPrefix(a, actorPrefix))
	}
	return mention(a)
}

// approvalRef is what an approval's buttons carry.
type approvalRef struct{ incident, run, step string }

func parseApprovalRef(v string) (approvalRef, bool) {
	parts := strings.SplitN(v, "|", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return approvalRef{}, false
	}
	return approvalRef{parts[0], parts[1], parts[2]}, true
}

// decide carries out a click on Approve or Reject and returns the answer
// for the person who clicked.
func (s *Slack) decide(ctx context.Context, user, actionID, value string) *slackapi.Msg {
	if s.opts.Runs == nil {
		return ephemeral(":warning: playbooks are not running in this daemon.")
	}
	ref, ok := parseApprovalRef(value)
	if !ok {
		return ephemeral(":warning: this button does not name an approval.")
	}
	decision := respond.Approve
	if actionID == ActionReject {
		decision = respond.Reject
	}
	run, step, err := s.approvalStep(ref)
	if err != nil {
		return s.answerError(err, ref.incident)
	}
	if step == nil {
		return ephemeral(":warning: %s has no approval `%s` in run %s.", escape(ref.incident), escape(ref.step), escape(ref.run))
	}
	if step.Status != incident.StepWaiting {
		return settled(run, step)
	}
	approver, via, err := s.approverOf(ctx, user, step.Approvers)
	if err != nil {
		s.log.Error().Err(err).Str("user", user).Str("run", ref.run).Msg("check approvers")
		return ephemeral(":warning: could not check with Slack whether you may approve (%s); try again in a minute, or use breachctl.", escape(slackError(err)))
	}
	_, err = s.opts.Respond.Decide(ctx, respond.Decision{Incident: ref.incident, Run: ref.run, Step: ref.step,
		Decision: decision, Approver: approver, Via: via})
	switch {
	case errors.Is(err, respond.ErrNotApprover):
		s.log.Info().Str("user", user).Str("incident_id", ref.incident).Str("run", ref.run).Str("step", ref.step).Msg("slack approval refused")
		return ephemeral(":no_entry: You may not decide on `%s` of %s: ask one of %s.", escape(ref.step), escape(ref.run), approverList(step.Approvers))
	case errors.Is(err, incident.ErrTransition):
		run, now, rerr := s.approvalStep(ref)
		if rerr == nil && now != nil && now.Status != incident.StepWaiting {
			return settled(run, now)
		}
		return ephemeral(":information_source: You have decided on `%s` of %s already.", escape(ref.step), escape(ref.run))
	case err != nil:
		return s.answerError(err, ref.incident)
	}
	if decision == respond.Reject {
		return ephemeral(":octagonal_sign: You rejected `%s`: the run of %s ends here.", escape(ref.step), escape(ref.run))
	}
	return ephemeral(":white_check_mark: You approved `%s` of %s.", escape(ref.step), escape(ref.run))
}

// approvalStep reads a run and its step called ref.step, or nil when the
// incident has no such approval.
func (s *Slack) approvalStep(ref approvalRef) (*incident.Run, *incident.RunStep, error) {
	var (
		run  *incident.Run
		step *incident.RunStep
	)
	err := s.store.View(func(tx *store.Tx) error {
		var err error
		if run, err = tx.Run(ref.run); err != nil || run == nil || run.Incident != ref.incident {
			run = nil
			return err
		}
		if st := run.Step(ref.step); st != nil && st.Kind == string(playbooks.KindApproval) {
			step = st
		}
		return nil
	})
	return run, step, err
}

// settled says what became of an approval that no longer waits.
func settled(r *incident.Run, st *incident.RunStep) *slackapi.Msg {
	name := "`" + escape(st.Name) + "` of " + escape(r.ID)
	switch st.Status {
	case incident.StepDone:
		who := make([]string, 0, len(st.Approvals))
		for _, d := range st.Approvals {
			if d.Decision == respond.Approve {
				who = append(who, approverMention(d.Approver))
			}
		}
		return ephemeral(":information_source: %s is approved already (by %s).", name, strings.Join(who, ", "))
	case incident.StepRejected:
		return ephemeral(":information_source: %s was rejected already (%s): the run has ended.", name, escape(st.Error))
	case incident.StepExpired:
		when := ""
		if st.Until != nil {
			when = " at " + stamp(*st.Until)
		}
		return ephemeral(":hourglass: %s expired%s without enough approvals: the run has ended.", name, when)
	case incident.StepPending:
		return ephemeral(":information_source: %s is not waiting for approvals yet.", name)
	}
	return ephemeral(":information_source: %s is %s: there is nothing to decide.", name, st.Status)
}

// approverOf finds as whom user may decide on a step with approvers: as
// slack:U… when listed so; as the listed e-mail address their Slack
// profile has (users.info), so that one person decides once whether
// through Slack or the API; or as slack:U… via a listed user group they
// are in. When none admits them, they are slack:U… with nothing to vouch
// for them, which the engine refuses and records. An error means Slack
// could not be asked, and nothing is decided.
func (s *Slack) approverOf(ctx context.Context, user string, approvers []string) (approver, via string, err error) {
	me := Actor(user)
	if slices.Contains(approvers, me) {
		return me, "", nil
	}
	var errs []error
	if slices.ContainsFunc(approvers, isEmail) {
		u, err := s.api.GetUserInfoContext(ctx, user)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("users.info %s: %w", user, err))
		case u.Profile.Email != "":
			for _, a := range approvers {
				if isEmail(a) && strings.EqualFold(a, u.Profile.Email) {
					return a, me, nil
				}
			}
		}
	}
	for _, a := range approvers {
		if !playbooks.SlackGroup(a) {
			continue
		}
		members, err := s.members.group(ctx, strings.TrimPrefix(a, actorPrefix))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if slices.Contains(members, user) {
			return me, a, nil
		}
	}
	if len(errs) > 0 {
		return "", "", errors.Join(errs...)
	}
	return me, "", nil
}

func isEmail(a string) bool { return !strings.HasPrefix(a, actorPrefix) && strings.Contains(a, "@") }
