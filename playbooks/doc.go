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
// conditions evaluated. Loading and planning are pure; the daemon turns a
// plan into outbox entries and timers, and breachctl prints it.
//
// The actions a playbook may name are a Registry of self-describing
// Actions (name, parameters, an example), built by the caller.
//
// The subpackages hold the regulation catalog, deadline arithmetic and
// notification drafts.
package playbooks
