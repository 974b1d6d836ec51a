package drafts

import (
	"strings"
	"testing"
)

// The HIPAA notices to individuals and to the media give contact
// procedures that include a toll-free telephone number (164.404(c)(1)(E),
// read strictly): an e-mail address alone leaves the number missing, and a
// number given is flagged for the reviewer to check it is toll-free.
func TestHIPAAContactProcedures(t *testing.T) {
	for _, regime := range []string{"hipaa_164_404_individuals", "hipaa_164_406_media"} {
		in := inputFor(t, regime, "complete")
		got := render(t, regime, Markdown, in)
		wantIn(t, got, "**Telephone:** +353 1 555 0100", "check that +353 1 555 0100 is one before sending")
		if strings.Contains(got, "MISSING: a toll-free") {
			t.Errorf("%s: the number is marked missing although given:\n%s", regime, got)
		}
		in.Org.Phone = ""
		wantIn(t, render(t, regime, Markdown, in), "⚠ MISSING: a toll-free telephone number (164.404(c)(1)(E))")
		in.Org.Email, in.Org.Address = "", ""
		in.Org.Phone = "1-800-555-0100"
		wantIn(t, render(t, regime, Markdown, in), "⚠ MISSING: an e-mail address, website or postal address beside the toll-free number")
	}
}
