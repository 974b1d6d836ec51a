// Package playbooks is breachd's playbook language: YAML files that say
// which incidents a playbook applies to (a CEL expression over the alert and
// the incident) and the steps that follow, in order: containment actions
// sent to actuators, approval gates, notifications, breach facts and
// durable waits.
//
// It keeps three shapes apart. The YAML documents are read as nodes and
// decoded strictly against the language's keys (an unknown key is an
// error), so that every problem carries its file:line:col. They compile
// into a Playbook, whose expressions are type-checked CEL programs and
// whose templated parameters ({{ .Alert.Asset.ID }}) are parsed and checked
// field by field against TemplateData, all at load: nothing in a loaded
// playbook can fail to compile at run time. A Playbook plans a Plan for one
// alert and incident: the steps with their parameters rendered and their
// conditions evaluated; breachctl prints it.
//
// A run of a playbook moves through the run state machine (machine.go):
// pure functions that take the run, the incident, one input (it starts, an
// approver decides, its timer fires, a step's outcome comes back) and now,
// and return the timeline events and the effects (send an action or a
// message, arm or cancel a timer) for package runs to carry out in its
// transaction. Loading, planning and the machine are pure.
//
// The actions a playbook may name are a Registry of self-describing
// Actions (name, parameters, an example), built by the caller.
package playbooks
