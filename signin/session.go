package signin

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"
)

// SessionCookie is the name of the cookie that holds a signed-in session.
const SessionCookie = "breachd_session"

// KeySize is the size of the signing key, in bytes.
const KeySize = 32

// ErrNoSession is returned when a request carries no valid session: none
// at all, one that was tampered with, or one that expired.
var ErrNoSession = errors.New("not signed in")

// LoadOrCreateKey reads the session signing key at path, or creates it
// (32 random bytes, mode 0600) when the file does not exist. A key file
// that its group or others may read is refused: whoever has it can sign
// in as anyone.
func LoadOrCreateKey(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		_, werr := f.Write(key)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return nil, fmt.Errorf("session key %s: %w", path, werr)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("session key: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		return nil, fmt.Errorf("session key %s: mode %04o lets others read it; chmod 600 it", path, mode)
	}
	key, err = os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("session key %s: %d bytes, expected %d; remove it to have a new one made (everyone is signed out)", path, len(key), KeySize)
	}
	return key, nil
}

// deriveKey returns a key for one purpose, so that a value signed for one
// cookie can never pass as another.
func deriveKey(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("breachd signin " + purpose))
	return m.Sum(nil)
}

// session is what the session cookie holds. Times are Unix seconds.
type session struct {
	Name   string `json:"n"`
	Roles  Roles  `json:"r"`
	Method Method `json:"m"`
	Issued int64  `json:"i"`
	Seen   int64  `json:"s"`
}

// codec signs and checks values with HMAC-SHA256: "v1.<payload>.<mac>",
// both in unpadded URL-safe base64. The payload is readable by the person
// holding the cookie (their own name and roles), never changeable.
type codec struct {
	key []byte
}

const (
	codecVersion = "v1."
	// maxCookie bounds what is decoded; browsers keep at most 4 KiB.
	maxCookie = 4096
)

// seal returns v signed.
func (c codec) seal(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	body := codecVersion + base64.RawURLEncoding.EncodeToString(data)
	return body + "." + base64.RawURLEncoding.EncodeToString(c.mac(body)), nil
}

// open checks s and decodes its payload into v.
func (c codec) open(s string, v any) error {
	if len(s) > maxCookie || !strings.HasPrefix(s, codecVersion) {
		return ErrNoSession
	}
	i := strings.LastIndexByte(s, '.')
	if i < len(codecVersion) {
		return ErrNoSession
	}
	body, sig := s[:i], s[i+1:]
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, c.mac(body)) {
		return ErrNoSession
	}
	data, err := base64.RawURLEncoding.DecodeString(body[len(codecVersion):])
	if err != nil {
		return ErrNoSession
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return ErrNoSession
	}
	return nil
}

func (c codec) mac(body string) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(body))
	return m.Sum(nil)
}

// sessions issues and checks session cookies.
type sessions struct {
	codec  codec
	idle   time.Duration
	maxAge time.Duration
	secure bool
}

// refreshAfter is how stale the last-seen time may grow before a request
// renews the cookie; it keeps Set-Cookie off most responses.
const refreshAfter = time.Minute

// decode checks a cookie value at now. Expired, tampered and malformed
// values all give ErrNoSession.
func (ss sessions) decode(value string, now time.Time) (session, error) {
	var s session
	if err := ss.codec.open(value, &s); err != nil {
		return session{}, err
	}
	if err := s.valid(); err != nil {
		return session{}, ErrNoSession
	}
	issued, seen := time.Unix(s.Issued, 0), time.Unix(s.Seen, 0)
	// A little slack for clocks: a cookie from the future was not made here.
	if issued.After(now.Add(time.Minute)) || seen.Before(issued) || seen.After(now.Add(time.Minute)) {
		return session{}, ErrNoSession
	}
	if now.Sub(issued) >= ss.maxAge || now.Sub(seen) >= ss.idle {
		return session{}, ErrNoSession
	}
	return s, nil
}

// valid checks what the signature cannot: that the fields make sense.
func (s session) valid() error {
	if s.Name == "" || !validName(s.Name) {
		return errors.New("bad name")
	}
	if len(s.Roles) == 0 {
		return errors.New("no roles")
	}
	for _, r := range s.Roles {
		if _, err := ParseRole(string(r)); err != nil || r != Role(strings.ToLower(string(r))) {
			return errors.New("bad role")
		}
	}
	if s.Method != MethodPassword && s.Method != MethodOIDC {
		return errors.New("bad method")
	}
	return nil
}

// cookie returns the session cookie for s.
func (ss sessions) cookie(s session) (*http.Cookie, error) {
	v, err := ss.codec.seal(s)
	if err != nil {
		return nil, err
	}
	expires := time.Unix(s.Seen, 0).Add(ss.idle)
	if abs := time.Unix(s.Issued, 0).Add(ss.maxAge); abs.Before(expires) {
		expires = abs
	}
	return &http.Cookie{
		Name:     SessionCookie,
		Value:    v,
		Path:     "/",
		Expires:  expires.UTC(),
		HttpOnly: true,
		Secure:   ss.secure,
		SameSite: http.SameSiteLaxMode,
	}, nil
}

// clear returns a cookie that removes the session.
func (ss sessions) clear() *http.Cookie {
	return &http.Cookie{
		Name:     SessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   ss.secure,
		SameSite: http.SameSiteLaxMode,
	}
}
