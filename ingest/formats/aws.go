package formats

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/internal/text"
)

// eventBridge is the EventBridge envelope AWS wraps findings in.
type eventBridge struct {
	DetailType *string        `json:"detail-type"`
	Source     string         `json:"source"`
	Account    string         `json:"account"`
	Region     string         `json:"region"`
	Detail     jsontext.Value `json:"detail"`
}

// awsDocument is any of the AWS shapes breachd takes, told apart by their
// members: an EventBridge event, a BatchImportFindings body ("Findings"),
// one ASFF finding ("SchemaVersion"), or one GuardDuty finding.
type awsDocument struct {
	eventBridge   `json:",inline"`
	Findings      []jsontext.Value `json:"Findings"`
	SchemaVersion string           `json:"SchemaVersion"`
}

func decodeAWS(data []byte) ([]Decoded, error) {
	var doc awsDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, classifyJSON(err, AWS.Title(), "")
	}
	switch {
	case doc.DetailType != nil:
		return decodeEventBridge(&doc.eventBridge)
	case doc.Findings != nil:
		return mapEach(doc.Findings, "Findings", mapASFF)
	case doc.SchemaVersion != "":
		d, err := mapASFF(data)
		return []Decoded{d}, err
	}
	d, err := mapGuardDuty(data)
	return []Decoded{d}, err
}

// Event types of the EventBridge events breachd takes.
const (
	detailGuardDuty   = "GuardDuty Finding"
	detailSecurityHub = "Security Hub Findings - Imported"
	detailOCSF        = "Findings Imported V2" // the new Security Hub, OCSF findings
)

func decodeEventBridge(ev *eventBridge) ([]Decoded, error) {
	if len(ev.Detail) == 0 || ev.Detail.Kind() != '{' {
		return nil, missing(AWS, "detail", "the finding")
	}
	switch *ev.DetailType {
	case detailGuardDuty:
		d, err := mapGuardDuty(ev.Detail)
		if err != nil {
			return nil, err
		}
		return []Decoded{d}, nil
	case detailSecurityHub, detailOCSF:
		var detail struct {
			Findings []jsontext.Value `json:"findings"`
		}
		if err := json.Unmarshal(ev.Detail, &detail); err != nil {
			return nil, classifyJSON(err, AWS.Title(), "")
		}
		if *ev.DetailType == detailOCSF {
			return mapEach(detail.Findings, "detail.findings", func(v []byte) (Decoded, error) {
				var f ocsfFinding
				if err := json.Unmarshal(v, &f); err != nil {
					return Decoded{}, classifyJSON(err, OCSF.Title(), "")
				}
				return mapOCSF(&f)
			})
		}
		return mapEach(detail.Findings, "detail.findings", mapASFF)
	}
	return nil, reject(ReasonInvalidField, "EventBridge detail-type %q is not one breachd takes (%q, %q or %q)",
		text.Truncate(*ev.DetailType, 64), detailGuardDuty, detailSecurityHub, detailOCSF)
}

// mapEach maps every finding of a list, naming the list when it is empty
// and the position of a finding that fails.
func mapEach(list []jsontext.Value, field string, mapOne func([]byte) (Decoded, error)) ([]Decoded, error) {
	if len(list) == 0 {
		return nil, missing(AWS, field, "at least one finding")
	}
	out := make([]Decoded, len(list))
	for i, v := range list {
		d, err := mapOne(v)
		if err != nil {
			if rej, ok := err.(*RejectError); ok {
				return nil, &RejectError{Reason: rej.Reason, Err: prefixErr(field+"["+strconv.Itoa(i)+"]: ", rej.Err)}
			}
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// guardDutyFinding is the subset of a GuardDuty finding breachd reads.
type guardDutyFinding struct {
	AccountID   string   `json:"accountId"`
	Region      string   `json:"region"`
	ID          string   `json:"id"`
	Arn         string   `json:"arn"`
	Type        string   `json:"type"`
	Severity    *float64 `json:"severity"`
	CreatedAt   string   `json:"createdAt"`
	UpdatedAt   string   `json:"updatedAt"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Resource    struct {
		ResourceType     string `json:"resourceType"`
		AccessKeyDetails struct {
			AccessKeyID string `json:"accessKeyId"`
			UserName    string `json:"userName"`
			UserType    string `json:"userType"`
		} `json:"accessKeyDetails"`
		InstanceDetails struct {
			InstanceID string `json:"instanceId"`
		} `json:"instanceDetails"`
		S3BucketDetails []struct {
			Name string `json:"name"`
		} `json:"s3BucketDetails"`
		EksClusterDetails struct {
			Name string `json:"name"`
		} `json:"eksClusterDetails"`
		RdsDbInstanceDetails struct {
			DBInstanceIdentifier string `json:"dbInstanceIdentifier"`
		} `json:"rdsDbInstanceDetails"`
		LambdaDetails struct {
			FunctionName string `json:"functionName"`
		} `json:"lambdaDetails"`
	} `json:"resource"`
	Service struct {
		Count         int    `json:"count"`
		Archived      bool   `json:"archived"`
		EventLastSeen string `json:"eventLastSeen"`
	} `json:"service"`
}

// guardDutySeverity maps GuardDuty's 1.0–10.0 score by AWS's own bands:
// below 4 low, 4–6.9 medium, 7–8.9 high, 9 and above critical.
func guardDutySeverity(s float64) incident.Severity {
	return banded(s, math.Inf(-1), 4, 7, 9)
}

func mapGuardDuty(data []byte) (Decoded, error) {
	var f guardDutyFinding
	if err := json.Unmarshal(data, &f); err != nil {
		return Decoded{}, classifyJSON(err, "GuardDuty finding", "")
	}
	const what = "GuardDuty finding"
	switch {
	case f.ID == "":
		return Decoded{}, missingIn(what, "id", "the alert's id and fingerprint")
	case f.Severity == nil:
		return Decoded{}, missingIn(what, "severity", "the severity")
	case f.Type == "":
		return Decoded{}, missingIn(what, "type", "the alert's kind")
	}
	t, err := awsTime(what, first(f.UpdatedAt, f.CreatedAt, f.Service.EventLastSeen), "updatedAt")
	if err != nil {
		return Decoded{}, err
	}
	var b builder
	r := &f.Resource
	switch {
	case r.InstanceDetails.InstanceID != "":
		b.a.Asset = incident.Asset{ID: r.InstanceDetails.InstanceID, Type: "ec2-instance"}
	case len(r.S3BucketDetails) > 0 && r.S3BucketDetails[0].Name != "":
		b.a.Asset = incident.Asset{ID: r.S3BucketDetails[0].Name, Type: "s3-bucket"}
	case r.EksClusterDetails.Name != "":
		b.a.Asset = incident.Asset{ID: r.EksClusterDetails.Name, Type: "eks-cluster"}
	case r.RdsDbInstanceDetails.DBInstanceIdentifier != "":
		b.a.Asset = incident.Asset{ID: r.RdsDbInstanceDetails.DBInstanceIdentifier, Type: "rds-instance"}
	case r.LambdaDetails.FunctionName != "":
		b.a.Asset = incident.Asset{ID: r.LambdaDetails.FunctionName, Type: "lambda-function"}
	case r.AccessKeyDetails.UserName != "":
		b.a.Asset = incident.Asset{ID: r.AccessKeyDetails.UserName, Type: "iam-principal"}
	case f.AccountID != "":
		// A finding about the account as a whole.
		b.a.Asset = incident.Asset{ID: f.AccountID, Type: "aws-account"}
	default:
		return Decoded{}, missingIn(what, "resource (or accountId)", "the asset the alert is about")
	}
	b.a.Asset.Tenant = f.AccountID
	b.a.ID = "guardduty-" + f.ID + "@" + t.Format(time.RFC3339)
	// GuardDuty updates a finding in place (same id, growing count).
	b.a.Fingerprint = fingerprint(AWS, "guardduty", f.AccountID, f.ID)
	b.a.Source = "guardduty"
	b.a.Kind = f.Type
	b.a.Time = t
	b.a.Severity = guardDutySeverity(*f.Severity)
	b.a.Title = first(f.Title, f.Type)
	b.a.Description = f.Description
	b.label("aws.account", f.AccountID)
	b.label("aws.region", f.Region)
	b.label("aws.finding_arn", f.Arn)
	b.label("guardduty.severity", strconv.FormatFloat(*f.Severity, 'f', -1, 64))
	b.label("guardduty.resource_type", r.ResourceType)
	b.label("user", r.AccessKeyDetails.UserName)
	b.label("aws.access_key_id", r.AccessKeyDetails.AccessKeyID)
	if f.Service.Count > 0 {
		b.label("guardduty.count", strconv.Itoa(f.Service.Count))
	}
	a, err := b.finish(AWS)
	if err != nil {
		return Decoded{}, err
	}
	return Decoded{Alert: a, Resolved: f.Service.Archived}, nil
}

// asffFinding is the subset of an AWS Security Finding Format finding
// (Security Hub CSPM) breachd reads.
type asffFinding struct {
	ID              string   `json:"Id"`
	ProductArn      string   `json:"ProductArn"`
	ProductName     string   `json:"ProductName"`
	GeneratorID     string   `json:"GeneratorId"`
	AwsAccountID    string   `json:"AwsAccountId"`
	Types           []string `json:"Types"`
	CreatedAt       string   `json:"CreatedAt"`
	UpdatedAt       string   `json:"UpdatedAt"`
	FirstObservedAt string   `json:"FirstObservedAt"`
	Severity        *struct {
		Label      string   `json:"Label"`
		Normalized *float64 `json:"Normalized"`
	} `json:"Severity"`
	Title       string `json:"Title"`
	Description string `json:"Description"`
	Resources   []struct {
		Type               string `json:"Type"`
		ID                 string `json:"Id"`
		Region             string `json:"Region"`
		DataClassification struct {
			Result struct {
				SensitiveData []struct {
					Category   string `json:"Category"`
					Detections []struct {
						Type string `json:"Type"`
					} `json:"Detections"`
				} `json:"SensitiveData"`
			} `json:"Result"`
		} `json:"DataClassification"`
	} `json:"Resources"`
	Workflow struct {
		Status string `json:"Status"`
	} `json:"Workflow"`
	RecordState string `json:"RecordState"`
}

// asffSeverity maps Severity.Label, or the deprecated Normalized score
// (0 informational, 1–39 low, 40–69 medium, 70–89 high, 90–100 critical).
func asffSeverity(label string, normalized *float64) (incident.Severity, bool) {
	switch strings.ToUpper(label) {
	case "INFORMATIONAL":
		return incident.SeverityInfo, true
	case "LOW":
		return incident.SeverityLow, true
	case "MEDIUM":
		return incident.SeverityMedium, true
	case "HIGH":
		return incident.SeverityHigh, true
	case "CRITICAL":
		return incident.SeverityCritical, true
	case "":
		if normalized == nil {
			return 0, false
		}
		return banded(*normalized, 1, 40, 70, 90), true
	}
	return 0, false
}

// asffDataCategories maps Macie's sensitive data findings to breach-facts
// data categories.
var asffDataCategories = map[string]string{
	"PERSONAL_INFORMATION":           "personal",
	"FINANCIAL_INFORMATION":          "financial",
	"CREDENTIALS":                    "credentials",
	"NATIONAL_IDENTIFICATION_NUMBER": "national_id",
	"CREDIT_CARD_NUMBER":             "payment_card",
	"BANK_ACCOUNT_NUMBER":            "financial",
	"EMAIL_ADDRESS":                  "email",
	"NAME":                           "name",
	"ADDRESS":                        "address",
	"PHONE_NUMBER":                   "phone",
	"PASSPORT_NUMBER":                "passport",
	"HEALTH_INSURANCE_CLAIM_NUMBER":  "health",
	"MEDICAL_DEVICE_UDI":             "health",
}

func mapASFF(data []byte) (Decoded, error) {
	var f asffFinding
	if err := json.Unmarshal(data, &f); err != nil {
		return Decoded{}, classifyJSON(err, "ASFF finding", "")
	}
	const what = "ASFF finding"
	if f.ID == "" {
		return Decoded{}, missingIn(what, "Id", "the alert's id and fingerprint")
	}
	if f.Severity == nil {
		return Decoded{}, missingIn(what, "Severity.Label", "the severity")
	}
	sev, ok := asffSeverity(f.Severity.Label, f.Severity.Normalized)
	if !ok {
		if f.Severity.Label == "" {
			return Decoded{}, missingIn(what, "Severity.Label", "the severity")
		}
		return Decoded{}, reject(ReasonInvalidField, "ASFF Severity.Label %q is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL", text.Truncate(f.Severity.Label, 32))
	}
	t, err := awsTime(what, first(f.UpdatedAt, f.CreatedAt, f.FirstObservedAt), "UpdatedAt")
	if err != nil {
		return Decoded{}, err
	}
	if f.Title == "" {
		return Decoded{}, missingIn(what, "Title", "the alert's title")
	}
	if len(f.Resources) == 0 || f.Resources[0].ID == "" {
		return Decoded{}, missingIn(what, "Resources[0].Id", "the asset the alert is about")
	}
	var b builder
	res := f.Resources[0]
	b.a.Asset = incident.Asset{ID: res.ID, Type: first(res.Type, "aws-resource"), Tenant: f.AwsAccountID}
	b.a.ID = f.ID + "@" + t.Format(time.RFC3339)
	b.a.Fingerprint = fingerprint(AWS, "asff", f.ProductArn, f.ID)
	_, product, _ := strings.Cut(f.ProductArn, ":product/")
	b.a.Source = first(f.ProductName, product, f.GeneratorID, "securityhub")
	b.a.Kind = f.GeneratorID
	if len(f.Types) > 0 {
		b.a.Kind = first(f.Types[0], f.GeneratorID)
	}
	b.a.Kind = first(b.a.Kind, "asff-finding")
	b.a.Time = t
	b.a.Severity = sev
	b.a.Title = f.Title
	b.a.Description = f.Description
	var cats []string
	for _, r := range f.Resources {
		for _, sd := range r.DataClassification.Result.SensitiveData {
			cats = appendNew(cats, asffDataCategories[sd.Category])
			for _, det := range sd.Detections {
				cats = appendNew(cats, asffDataCategories[det.Type])
			}
		}
	}
	if len(cats) > 0 {
		b.a.PersonalData = &incident.PersonalData{Categories: cats}
	}
	b.label("aws.account", f.AwsAccountID)
	b.label("aws.region", res.Region)
	b.label("aws.product_arn", f.ProductArn)
	b.label("asff.generator_id", f.GeneratorID)
	b.label("asff.workflow_status", f.Workflow.Status)
	a, err := b.finish(AWS)
	if err != nil {
		return Decoded{}, err
	}
	resolved := strings.EqualFold(f.Workflow.Status, "RESOLVED") || strings.EqualFold(f.RecordState, "ARCHIVED")
	return Decoded{Alert: a, Resolved: resolved}, nil
}

// awsTime parses an AWS timestamp (RFC 3339, with or without fractions).
func awsTime(what, v, field string) (time.Time, error) {
	if v == "" {
		return time.Time{}, missingIn(what, field, "the alert's time")
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, reject(ReasonInvalidField, "%s %s %q is not an RFC 3339 timestamp", what, field, text.Truncate(v, 64))
	}
	return t.UTC(), nil
}

// appendNew appends v unless it is empty or already listed, keeping within
// the native list limit.
func appendNew(list []string, v string) []string {
	if v == "" || len(list) >= incident.MaxListLen {
		return list
	}
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
