package incident_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/breachd/breachd/incident"
)

var redactKey = []byte("0123456789abcdef0123456789abcdef")

func TestRedactorReplacesPersonalDataWithAStableToken(t *testing.T) {
	r, err := incident.NewRedactor(incident.DefaultRedactPatterns(), []string{"labels.user"}, redactKey)
	require.NoError(t, err)
	a := validAlert()
	a.Title = "Login by jane.doe@example.com from card 4111 1111 1111 1111 and order 1234567890123"
	a.Description = "key AKIAIOSFODNN7EXAMPLE, NRIC S1234567D, NINO AB 12 34 56 C, SSN 123-45-6789, IBAN GB82 WEST 1234 5698 7654 32, Authorization: Bearer abcdefghijklmnopqrstuvwxyz"
	a.Labels = map[string]string{"user": "jdoe", "mail": "jane.doe@example.com", "env": "prod"}
	a.Fingerprint = "login:jane.doe@example.com"
	before := *a
	out := r.Redact(a)

	require.Equal(t, before.Title, a.Title, "the original is left alone")
	require.NotContains(t, out.Title, "jane.doe@example.com")
	require.NotContains(t, out.Title, "4111 1111 1111 1111")
	require.Contains(t, out.Title, "order 1234567890123", "a number that fails the Luhn check is not a card")
	require.Regexp(t, `^Login by \[email:[0-9a-f]{8}\] from card \[card:[0-9a-f]{8}\]`, out.Title)
	require.Equal(t, a.Description, out.Description, "the description is left to Description")
	desc := r.Description(a.Description)
	for _, secret := range []string{"AKIAIOSFODNN7EXAMPLE", "S1234567D", "AB 12 34 56 C", "123-45-6789", "GB82 WEST", "abcdefghijklmnop"} {
		require.NotContains(t, desc, secret)
	}
	require.Regexp(t, `^\[labels\.user:[0-9a-f]{8}\]$`, out.Labels["user"], "a configured field is replaced whole")
	require.Equal(t, "prod", out.Labels["env"])

	// The same value reads the same everywhere, so duplicates still match.
	email := strings.Fields(out.Title)[2]
	require.Equal(t, email, out.Labels["mail"])
	require.Equal(t, "login:"+email, out.Fingerprint)
	other, err := incident.NewRedactor(incident.DefaultRedactPatterns(), nil, []byte("another key of 32 bytes, secret!"))
	require.NoError(t, err)
	require.NotEqual(t, email, strings.Fields(other.Redact(a).Title)[2], "the token depends on the key")
}

func TestRedactorConfiguration(t *testing.T) {
	_, err := incident.NewRedactor([]string{"email", "passport", "x=("}, []string{"colour"}, redactKey)
	p := problems(t, err)
	require.Len(t, p, 3)
	require.Contains(t, p[0], `"passport" is not one of`)
	_, err = incident.NewRedactor(nil, nil, []byte("short"))
	require.Error(t, err)
	r, err := incident.NewRedactor([]string{`employee=E\d{6}`}, nil, redactKey)
	require.NoError(t, err)
	a := validAlert()
	a.Title = "badge E123456 used"
	require.Regexp(t, `^badge \[employee:[0-9a-f]{8}\] used$`, r.Redact(a).Title)
}

func TestTriageKeepsNoPersonalDataOfARedactedAlert(t *testing.T) {
	r, err := incident.NewRedactor(incident.DefaultRedactPatterns(), nil, redactKey)
	require.NoError(t, err)
	p := testPolicy()
	p.Redact = r
	l := newLedger()
	a := validAlert()
	a.Title = "Mail from ceo@example.com forwarded outside"
	a.Asset.ID = "mailbox:ceo@example.com"
	a.Description = "Forwarding rule on ceo@example.com created"
	dup := validAlert()
	dup.ID, dup.Title, dup.Asset.ID, dup.Description = "a-2", a.Title, a.Asset.ID, a.Description
	outs, c := l.run(t, p, t0, a, dup)
	require.True(t, outs[1].Duplicate, "duplicates still match")
	inc := l.only(t)
	require.NotContains(t, inc.Title, "ceo@example.com")
	require.NotContains(t, inc.Asset.ID, "ceo@example.com")
	require.NotContains(t, inc.CorrelationKey, "ceo@example.com")
	require.Regexp(t, `^Forwarding rule on \[email:[0-9a-f]{8}\] created$`, inc.Description)
	require.Len(t, c.Alerts, 2)
	require.Equal(t, inc.Description, c.Alerts[0].Alert.Description, "the text handed on is redacted")
	require.Empty(t, c.Alerts[1].Alert.Description, "a duplicate's description is dropped, not redacted")
	require.Equal(t, "Forwarding rule on ceo@example.com created", a.Description, "the caller's alert is left alone")
	for _, e := range c.Events {
		require.NotContains(t, string(e.Data), "ceo@example.com", string(e.Type))
	}
}

// BenchmarkRedact is the cost redaction adds to every alert: a load-tool
// sized alert (about 1 KiB of text) with nothing to redact.
func BenchmarkRedact(b *testing.B) {
	r, err := incident.NewRedactor(incident.DefaultRedactPatterns(), nil, redactKey)
	if err != nil {
		b.Fatal(err)
	}
	a := validAlert()
	a.Description = strings.Repeat("Large upload from db-1 to 203.0.113.7 over TLS; 3 GB in 40 s. ", 14)
	b.ReportAllocs()
	for b.Loop() {
		r.Redact(a)
		r.Description(a.Description)
	}
}

func TestRedactorTextHidesIPAddressesButNotTimes(t *testing.T) {
	r, err := incident.NewRedactor([]string{"ip", "email"}, []string{"title"}, redactKey)
	require.NoError(t, err)
	out := r.Text("from 10.1.2.3 and fe80::1:2 and 2001:0db8:0000:0000:0000:ff00:0042:8329 at 09:30:00, version 1.2.3.4567, 999.1.1.1, a@b.io")
	require.Regexp(t, `^from \[ip:[0-9a-f]{8}\] and \[ip:[0-9a-f]{8}\] and \[ip:[0-9a-f]{8}\] at 09:30:00, version 1\.2\.3\.4567, 999\.1\.1\.1, \[email:[0-9a-f]{8}\]$`, out)
	require.Equal(t, "title", r.Text("title"), "fields play no part in Text")
}
