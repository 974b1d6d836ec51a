package formats

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// wazuhAlert is the subset of a Wazuh 4.x alert (a line of alerts.json)
// breachd reads.
type wazuhAlert struct {
	Timestamp string `json:"timestamp"`
	ID        string `json:"id"`
	Rule      *struct {
		Level       *int     `json:"level"`
		ID          string   `json:"id"`
		Description string   `json:"description"`
		Groups      []string `json:"groups"`
		GDPR        []string `json:"gdpr"`
		HIPAA       []string `json:"hipaa"`
		PCIDSS      []string `json:"pci_dss"`
		Mitre       struct {
			ID []string `json:"id"`
		} `json:"mitre"`
	} `json:"rule"`
	Agent struct {
		ID     string            `json:"id"`
		Name   string            `json:"name"`
		IP     string            `json:"ip"`
		Labels map[string]string `json:"labels"`
	} `json:"agent"`
	Manager struct {
		Name string `json:"name"`
	} `json:"manager"`
	Decoder struct {
		Name string `json:"name"`
	} `json:"decoder"`
	Location string `json:"location"`
	FullLog  string `json:"full_log"`
	Data     struct {
		SrcIP   string `json:"srcip"`
		SrcUser string `json:"srcuser"`
		DstUser string `json:"dstuser"`
	} `json:"data"`
}

// wazuhSeverity maps rule.level (0–15): 0–3 info, 4–6 low, 7–11 medium,
// 12–14 high, 15 critical.
func wazuhSeverity(level int) incident.Severity {
	return banded(float64(level), 4, 7, 12, 15)
}

// wazuhTime is Wazuh's timestamp layout: milliseconds, and an offset
// without a colon.
const wazuhTime = "2006-01-02T15:04:05.999999999-0700"

func decodeWazuh(data []byte) ([]Decoded, error) {
	var w wazuhAlert
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, classifyJSON(err, Wazuh.Title(), "")
	}
	switch {
	case w.Rule == nil || w.Rule.ID == "":
		return nil, missing(Wazuh, "rule.id", "the alert's kind and fingerprint")
	case w.Rule.Level == nil:
		return nil, missing(Wazuh, "rule.level", "the severity")
	case w.Rule.Description == "":
		return nil, missing(Wazuh, "rule.description", "the alert's title")
	case w.Timestamp == "":
		return nil, missing(Wazuh, "timestamp", "the alert's time")
	case first(w.Agent.Name, w.Agent.ID) == "":
		return nil, missing(Wazuh, "agent.name", "the asset the alert is about")
	}
	t, err := time.Parse(wazuhTime, w.Timestamp)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, w.Timestamp); err != nil {
			return nil, reject(ReasonInvalidField, "Wazuh timestamp %q is not like 2026-11-20T14:07:31.402+0000", text.Truncate(w.Timestamp, 64))
		}
	}
	r := w.Rule
	var b builder
	b.a.Asset = incident.Asset{ID: first(w.Agent.Name, w.Agent.ID), Type: "host", Tenant: w.Agent.Labels["tenant"]}
	b.a.ID = "wazuh-" + firstID(w.ID, digest(w.Timestamp, r.ID, w.Agent.ID, w.FullLog))
	b.a.Fingerprint = fingerprint(Wazuh, r.ID, first(w.Agent.ID, w.Agent.Name))
	b.a.Source = "wazuh"
	b.a.Kind = "wazuh-rule-" + r.ID
	b.a.Time = t.UTC()
	b.a.Severity = wazuhSeverity(*r.Level)
	b.a.Title = r.Description
	b.a.Description = w.FullLog
	b.label("wazuh.rule_id", r.ID)
	b.label("wazuh.rule_level", strconv.Itoa(*r.Level))
	b.label("wazuh.groups", strings.Join(r.Groups, ","))
	// Compliance tags are hints about the data involved, not facts.
	b.label("wazuh.gdpr", strings.Join(r.GDPR, ","))
	b.label("wazuh.hipaa", strings.Join(r.HIPAA, ","))
	b.label("wazuh.pci_dss", strings.Join(r.PCIDSS, ","))
	b.label("mitre.id", strings.Join(r.Mitre.ID, ","))
	b.label("wazuh.agent_id", w.Agent.ID)
	b.label("wazuh.manager", w.Manager.Name)
	b.label("wazuh.decoder", w.Decoder.Name)
	b.label("wazuh.location", w.Location)
	b.label("host.ip", w.Agent.IP)
	b.label("src_ip", w.Data.SrcIP)
	b.label("user", first(w.Data.DstUser, w.Data.SrcUser))
	a, err := b.finish(Wazuh)
	if err != nil {
		return nil, err
	}
	return []Decoded{{Alert: a}}, nil
}
