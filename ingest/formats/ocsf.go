package formats

import (
	"math"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/breachd/breachd/incident"
)

// OCSF finding classes breachd takes.
const (
	ocsfSecurityFinding     = 2001 // legacy, deprecated in OCSF 1.1 but still produced
	ocsfDetectionFinding    = 2004
	ocsfDataSecurityFinding = 2006
)

// ocsfFinding is the subset of an OCSF 1.x finding that breachd reads.
// Classes 2004 and 2006 keep the finding in finding_info, the legacy 2001 in
// finding.
type ocsfFinding struct {
	ClassUID    *int         `json:"class_uid"`
	ActivityID  int          `json:"activity_id"`
	SeverityID  *int         `json:"severity_id"`
	StatusID    int          `json:"status_id"`
	Time        *float64     `json:"time"`
	Message     string       `json:"message"`
	Metadata    ocsfMetadata `json:"metadata"`
	FindingInfo *ocsfInfo    `json:"finding_info"`
	Finding     *ocsfInfo    `json:"finding"`
	Device      struct {
		Hostname    string `json:"hostname"`
		Name        string `json:"name"`
		UID         string `json:"uid"`
		InstanceUID string `json:"instance_uid"`
		IP          string `json:"ip"`
	} `json:"device"`
	Actor struct {
		User struct {
			Name string `json:"name"`
			UID  string `json:"uid"`
		} `json:"user"`
	} `json:"actor"`
	Resources []struct {
		UID  string `json:"uid"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"resources"`
	Cloud struct {
		Provider string `json:"provider"`
		Region   string `json:"region"`
		Account  struct {
			UID string `json:"uid"`
		} `json:"account"`
	} `json:"cloud"`
	Databucket   ocsfNamed `json:"databucket"`
	Database     ocsfNamed `json:"database"`
	File         ocsfNamed `json:"file"`
	DataSecurity *struct {
		CategoryID        int    `json:"category_id"`
		ConfidentialityID int    `json:"confidentiality_id"`
		DetectionPattern  string `json:"detection_pattern"`
		Policy            struct {
			Name string `json:"name"`
		} `json:"policy"`
	} `json:"data_security"`
}

type ocsfMetadata struct {
	UID       string `json:"uid"`
	Version   string `json:"version"`
	TenantUID string `json:"tenant_uid"`
	Product   struct {
		Name       string `json:"name"`
		VendorName string `json:"vendor_name"`
	} `json:"product"`
}

type ocsfInfo struct {
	UID           string   `json:"uid"`
	Title         string   `json:"title"`
	Desc          string   `json:"desc"`
	Types         []string `json:"types"`
	FirstSeenTime *float64 `json:"first_seen_time"`
	Analytic      struct {
		Name string `json:"name"`
	} `json:"analytic"`
}

type ocsfNamed struct {
	UID  string `json:"uid"`
	Name string `json:"name"`
	Path string `json:"path"`
}

// ocsfSeverity maps severity_id: 1 Informational … 5 Critical, 6 Fatal.
// 0 Unknown and 99 Other say the producer could not rank the finding; they
// become medium, so the finding is neither lost nor ranked as an emergency.
func ocsfSeverity(id int) (incident.Severity, bool) {
	switch id {
	case 1:
		return incident.SeverityInfo, true
	case 2:
		return incident.SeverityLow, true
	case 3:
		return incident.SeverityMedium, true
	case 4:
		return incident.SeverityHigh, true
	case 5, 6:
		return incident.SeverityCritical, true
	case 0, 99:
		return incident.SeverityMedium, true
	}
	return 0, false
}

func decodeOCSF(data []byte) ([]Decoded, error) {
	var f ocsfFinding
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, classifyJSON(err, OCSF.Title(), "")
	}
	d, err := mapOCSF(&f)
	if err != nil {
		return nil, err
	}
	return []Decoded{d}, nil
}

// mapOCSF maps one finding; the AWS decoder uses it for Security Hub's OCSF
// findings too.
func mapOCSF(f *ocsfFinding) (Decoded, error) {
	if f.ClassUID == nil {
		return Decoded{}, missing(OCSF, "class_uid", "knowing the finding's class (2004, 2006 or 2001)")
	}
	var kind string
	info := f.FindingInfo
	switch *f.ClassUID {
	case ocsfDetectionFinding:
		kind = "detection-finding"
	case ocsfDataSecurityFinding:
		kind = "data-security-finding"
	case ocsfSecurityFinding:
		kind = "security-finding"
		if info == nil {
			info = f.Finding
		}
	default:
		return Decoded{}, reject(ReasonInvalidField, "OCSF class_uid %d is not a finding breachd takes (2004 Detection Finding, 2006 Data Security Finding or 2001 Security Finding)", *f.ClassUID)
	}
	infoField := "finding_info"
	if *f.ClassUID == ocsfSecurityFinding && f.FindingInfo == nil {
		infoField = "finding"
	}
	if info == nil || info.UID == "" {
		return Decoded{}, missing(OCSF, infoField+".uid", "the alert's id and fingerprint")
	}
	if f.SeverityID == nil {
		return Decoded{}, missing(OCSF, "severity_id", "the severity")
	}
	sev, ok := ocsfSeverity(*f.SeverityID)
	if !ok {
		return Decoded{}, reject(ReasonInvalidField, "OCSF severity_id %d is not one of 0-6 or 99", *f.SeverityID)
	}
	ms := f.Time
	if ms == nil {
		ms = info.FirstSeenTime
	}
	if ms == nil {
		return Decoded{}, missing(OCSF, "time", "the alert's time")
	}
	t, ok := epochMillis(*ms)
	if !ok {
		return Decoded{}, reject(ReasonInvalidField, "OCSF time %v is not milliseconds since 1970 in years 1970-9999", *ms)
	}
	product := first(f.Metadata.Product.Name, f.Metadata.Product.VendorName)
	if product == "" {
		return Decoded{}, missing(OCSF, "metadata.product.name", "the alert's source")
	}
	title := first(info.Title, f.Message)
	if title == "" {
		return Decoded{}, missing(OCSF, infoField+".title", "the alert's title")
	}

	var b builder
	b.a.ID = firstID(f.Metadata.UID, info.UID+"@"+strconv.FormatInt(t.UnixMilli(), 10))
	b.a.Source = product
	b.a.Kind = kind
	if len(info.Types) > 0 {
		b.a.Kind = first(info.Types[0], kind)
	} else if info.Analytic.Name != "" {
		b.a.Kind = info.Analytic.Name
	}
	b.a.Time = t
	b.a.Severity = sev
	b.a.Title = title
	b.a.Description = info.Desc
	if f.Message != "" && f.Message != title && f.Message != info.Desc {
		b.a.Description = first(info.Desc+"\n\n"+f.Message, f.Message)
	}
	// Updates of a finding (activity 2) carry its uid again: one fingerprint.
	b.a.Fingerprint = fingerprint(OCSF, f.Metadata.Product.VendorName, f.Metadata.Product.Name, info.UID)

	switch {
	case first(f.Device.Hostname, f.Device.Name, f.Device.InstanceUID, f.Device.UID, f.Device.IP) != "":
		b.a.Asset = incident.Asset{ID: first(f.Device.Hostname, f.Device.Name, f.Device.InstanceUID, f.Device.UID, f.Device.IP), Type: "host"}
	case len(f.Resources) > 0 && first(f.Resources[0].UID, f.Resources[0].Name) != "":
		r := f.Resources[0]
		b.a.Asset = incident.Asset{ID: first(r.UID, r.Name), Type: first(r.Type, "resource")}
	case first(f.Databucket.UID, f.Databucket.Name) != "":
		b.a.Asset = incident.Asset{ID: first(f.Databucket.UID, f.Databucket.Name), Type: "databucket"}
	case first(f.Database.UID, f.Database.Name) != "":
		b.a.Asset = incident.Asset{ID: first(f.Database.UID, f.Database.Name), Type: "database"}
	case first(f.File.Path, f.File.Name) != "":
		b.a.Asset = incident.Asset{ID: first(f.File.Path, f.File.Name), Type: "file"}
	default:
		return Decoded{}, missing(OCSF, "device.hostname (or resources[].uid, databucket, database, file)", "the asset the alert is about")
	}
	b.a.Asset.Tenant = first(f.Metadata.TenantUID, f.Cloud.Account.UID)

	b.label("ocsf.class_uid", strconv.Itoa(*f.ClassUID))
	b.label("ocsf.activity", ocsfActivity(f.ActivityID))
	b.label("ocsf.finding_uid", info.UID)
	b.label("vendor", f.Metadata.Product.VendorName)
	b.label("user", first(f.Actor.User.Name, f.Actor.User.UID))
	b.label("cloud.provider", f.Cloud.Provider)
	b.label("cloud.region", f.Cloud.Region)
	b.label("cloud.account", f.Cloud.Account.UID)
	if *f.SeverityID == 0 || *f.SeverityID == 99 {
		b.label("ocsf.severity_id", strconv.Itoa(*f.SeverityID))
	}
	if ds := f.DataSecurity; ds != nil {
		b.label("dlp.policy", ds.Policy.Name)
		b.label("dlp.pattern", ds.DetectionPattern)
		if cat := ocsfDataCategory(ds.CategoryID); cat != "" {
			b.a.PersonalData = &incident.PersonalData{Categories: []string{cat}}
		}
	}
	a, err := b.finish(OCSF)
	if err != nil {
		return Decoded{}, err
	}
	// Activity 3 (Close) and status 4 (Resolved) report the end of a finding.
	return Decoded{Alert: a, Resolved: f.ActivityID == 3 || f.StatusID == 4}, nil
}

// ocsfDataCategory maps data_security.category_id to a breach-facts data
// category: 1 Personal and 3 Financial concern people; the others
// (governmental, business, military, security) are not personal data.
func ocsfDataCategory(id int) string {
	switch id {
	case 1:
		return "personal"
	case 3:
		return "financial"
	}
	return ""
}

func ocsfActivity(id int) string {
	switch id {
	case 1:
		return "create"
	case 2:
		return "update"
	case 3:
		return "close"
	}
	return ""
}

// epochMillis converts OCSF's milliseconds since the epoch, refusing what
// cannot be a time breachd stores.
func epochMillis(ms float64) (time.Time, bool) {
	const maxMillis = 253402300799999 // 9999-12-31T23:59:59.999Z
	if math.IsNaN(ms) || ms < 0 || ms > maxMillis {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}
