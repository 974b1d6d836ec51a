package drafts

import "strings"

// categoryWords names the data categories of the facts in plain words, as
// the letters to people must (GDPR Art. 34(2) "clear and plain language",
// HIPAA 164.404(c)(2), PDPA reg. 6, the State laws): a token such as
// national_id is never shown to a reader. A category not listed here is
// shown with its underscores as spaces.
var categoryWords = map[string]string{
	"name":                "names",
	"email":               "email addresses",
	"phone":               "telephone numbers",
	"address":             "postal addresses",
	"contact":             "contact details",
	"personal":            "personal details",
	"national_id":         "national identity numbers",
	"government_id":       "government identity document numbers",
	"ssn":                 "Social Security numbers",
	"tax":                 "tax identification numbers",
	"drivers_license":     "driver's licence numbers",
	"passport":            "passport numbers",
	"financial":           "financial account information",
	"payment_card":        "payment card numbers",
	"credentials":         "usernames and passwords",
	"account_credentials": "account usernames and passwords",
	"password":            "passwords",
	"health":              "health information",
	"phi":                 "health information",
	"genetic":             "genetic data",
	"biometric":           "biometric data",
	"special_category":    "special categories of personal data",
	"children":            "children's personal data",
	"location":            "location data",
	"education":           "education records",
	"criminal":            "criminal records",
	"religion":            "religious beliefs",
	"political_opinion":   "political opinions",
	"ethnic_origin":       "racial or ethnic origin",
	"sexual_life":         "sex life or sexual orientation",
	"marital_status":      "marital status",
	"date_of_birth":       "dates of birth",
}

// categoryWord is one category in plain words.
func categoryWord(c string) string {
	if w, ok := categoryWords[c]; ok {
		return w
	}
	return strings.ReplaceAll(strings.TrimSpace(c), "_", " ")
}
