package signin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// ErrWrongPassword is returned by Users.Authenticate for an unknown name or
// a wrong password; the two are deliberately not told apart.
var ErrWrongPassword = errors.New("wrong name or password")

// ErrBadHash is returned for a password hash that is neither an argon2id
// PHC string nor a bcrypt hash, or whose parameters are out of range.
var ErrBadHash = errors.New("bad password hash")

// User is one entry of the users file.
type User struct {
	Name  string
	Roles Roles
	hash  passwordHash
}

// Users is a parsed users file: local accounts for installs without an
// OpenID Connect provider.
type Users struct {
	byName map[string]*User
	// dummy is checked when the name is unknown, so that a wrong name
	// costs as much as a wrong password. It is the first user's hash: the
	// outcome is thrown away, only the work matters.
	dummy passwordHash
}

// LoadUsers reads and parses the users file at path. A file that its group
// or others may read is refused: it holds password hashes.
func LoadUsers(path string) (*Users, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		return nil, fmt.Errorf("users file %s: mode %04o lets others read the password hashes; chmod 600 it", path, mode)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxUsersFile+1))
	if err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, err)
	}
	if len(data) > maxUsersFile {
		return nil, fmt.Errorf("users file %s: larger than %d bytes", path, maxUsersFile)
	}
	u, err := parseUsers(data, func(line int) string { return fmt.Sprintf("%s:%d", path, line) })
	if err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, err)
	}
	return u, nil
}

const maxUsersFile = 4 << 20

// ParseUsers parses a users file:
//
//	users:
//	  - name: alice
//	    password_hash: "$argon2id$v=19$m=65536,t=3,p=2$..."
//	    roles: [privacy]
//
// Unknown keys are errors. Every problem is reported, each with its line
// and, where known, the user's name.
func ParseUsers(data []byte) (*Users, error) {
	return parseUsers(data, func(line int) string { return fmt.Sprintf("line %d", line) })
}

// parseUsers is ParseUsers with pos saying where a line is.
func parseUsers(data []byte, pos func(line int) string) (*Users, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return nil, errors.New("empty file: it needs a users: list")
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: expected a mapping with users:", pos(doc.Line))
	}
	var list *yaml.Node
	var errs []error
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value != "users" {
			errs = append(errs, fmt.Errorf("%s: unknown key %q", pos(k.Line), k.Value))
			continue
		}
		list = v
	}
	if list == nil || (list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return nil, errors.Join(append(errs, errors.New("no users: the list is missing or empty"))...)
	}
	if list.Kind != yaml.SequenceNode {
		return nil, errors.Join(append(errs, fmt.Errorf("%s: users: expected a list", pos(list.Line)))...)
	}
	us := &Users{byName: make(map[string]*User, len(list.Content))}
	lines := make(map[string]int)
	var first *User
	for _, item := range list.Content {
		u, problems := parseUser(item)
		for _, p := range problems {
			who := ""
			if u.Name != "" {
				who = fmt.Sprintf(" user %q:", u.Name)
			}
			errs = append(errs, fmt.Errorf("%s:%s %w", pos(p.line), who, p.err))
		}
		if len(problems) > 0 {
			continue
		}
		if l, dup := lines[u.Name]; dup {
			errs = append(errs, fmt.Errorf("%s: user %q: duplicate name (first on line %d)", pos(item.Line), u.Name, l))
			continue
		}
		lines[u.Name] = item.Line
		us.byName[u.Name] = u
		if first == nil {
			first = u
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if first == nil {
		return nil, errors.New("no users: the list is empty")
	}
	us.dummy = first.hash
	return us, nil
}

// problem is one thing wrong with a users-file entry, and its line.
type problem struct {
	line int
	err  error
}

// parseUser decodes one entry of the users list. It returns the user,
// with as much filled in as could be, and every problem found.
func parseUser(n *yaml.Node) (*User, []problem) {
	u := &User{}
	if n.Kind != yaml.MappingNode {
		return u, []problem{{n.Line, errors.New("expected a mapping with name, password_hash and roles")}}
	}
	var (
		haveHash bool
		listed   int // role names listed, good or bad
		ps       []problem
	)
	bad := func(line int, format string, args ...any) {
		ps = append(ps, problem{line, fmt.Errorf(format, args...)})
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "name":
			if v.Kind != yaml.ScalarNode {
				bad(v.Line, "name: expected a string")
				continue
			}
			u.Name = strings.TrimSpace(v.Value)
		case "password_hash":
			if v.Kind != yaml.ScalarNode {
				bad(v.Line, "password_hash: expected a string")
				continue
			}
			haveHash = true
			if h, err := parseHash(v.Value); err != nil {
				bad(v.Line, "password_hash: %w", err)
			} else {
				u.hash = h
			}
		case "roles":
			if v.Kind != yaml.SequenceNode {
				bad(v.Line, "roles: expected a list")
				continue
			}
			listed = len(v.Content)
			for _, rn := range v.Content {
				if rn.Kind != yaml.ScalarNode {
					bad(rn.Line, "roles: expected role names")
					continue
				}
				r, err := ParseRole(rn.Value)
				if err != nil {
					bad(rn.Line, "roles: %w", err)
					continue
				}
				u.Roles = append(u.Roles, r)
			}
		default:
			bad(k.Line, "unknown key %q", k.Value)
		}
	}
	if u.Name == "" {
		bad(n.Line, "name is missing")
	} else if !validName(u.Name) {
		bad(n.Line, "name may not hold control characters or be longer than 256 bytes")
	}
	if !haveHash {
		bad(n.Line, "password_hash is missing")
	}
	if listed == 0 {
		bad(n.Line, "roles: at least one is needed")
	}
	u.Roles = u.Roles.normal()
	return u, ps
}

// validName reports whether s may be a person's name on the timeline.
func validName(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// Authenticate checks name and password and returns the user. An unknown
// name costs the same work as a wrong password, and both return
// ErrWrongPassword.
func (us *Users) Authenticate(name, password string) (*User, error) {
	u, ok := us.byName[name]
	if !ok {
		us.dummy.verify(password)
		return nil, ErrWrongPassword
	}
	if !u.hash.verify(password) {
		return nil, ErrWrongPassword
	}
	return u, nil
}

// Lookup returns the user called name.
func (us *Users) Lookup(name string) (*User, bool) {
	if us == nil {
		return nil, false
	}
	u, ok := us.byName[name]
	return u, ok
}

// Len returns the number of users.
func (us *Users) Len() int {
	if us == nil {
		return 0
	}
	return len(us.byName)
}

// passwordHash is a parsed argon2id or bcrypt hash.
type passwordHash struct {
	bcrypt []byte // the whole bcrypt hash, or nil for argon2id
	argon  argonParams
	salt   []byte
	key    []byte
}

// argonParams are the argon2id cost parameters of one hash.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

// defaultArgon are RFC 9106's second recommended option with two lanes.
var defaultArgon = argonParams{memory: 64 << 10, time: 3, threads: 2}

// Limits on a hash's parameters keep a hostile users file from making each
// sign-in attempt exhaust memory or time.
const (
	maxArgonMemory = 1 << 20 // KiB: 1 GiB
	maxArgonTime   = 64
	minSalt        = 8
	maxSalt        = 64
	minKey         = 16
	maxKey         = 128
)

// parseHash parses an argon2id PHC string or a $2a$, $2b$ or $2y$ bcrypt hash.
func parseHash(s string) (passwordHash, error) {
	switch {
	case strings.HasPrefix(s, "$argon2id$"):
		return parseArgon2id(s)
	case strings.HasPrefix(s, "$2a$"), strings.HasPrefix(s, "$2b$"), strings.HasPrefix(s, "$2y$"):
		if _, err := bcrypt.Cost([]byte(s)); err != nil || len(s) != 60 {
			return passwordHash{}, fmt.Errorf("%w: not a well-formed bcrypt hash", ErrBadHash)
		}
		return passwordHash{bcrypt: []byte(s)}, nil
	case strings.HasPrefix(s, "$argon2i$"), strings.HasPrefix(s, "$argon2d$"):
		return passwordHash{}, fmt.Errorf("%w: only argon2id is accepted, not %s", ErrBadHash, strings.Split(s, "$")[1])
	}
	return passwordHash{}, fmt.Errorf("%w: expected $argon2id$v=19$m=…,t=…,p=…$salt$hash or a $2a$/$2b$/$2y$ bcrypt hash", ErrBadHash)
}

// parseArgon2id parses "$argon2id$v=19$m=65536,t=3,p=2$<salt>$<key>", salt
// and key in unpadded standard base64.
func parseArgon2id(s string) (passwordHash, error) {
	bad := func(why string) (passwordHash, error) {
		return passwordHash{}, fmt.Errorf("%w: argon2id: %s", ErrBadHash, why)
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("expected $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[2] != "v=19" {
		return bad("version must be v=19")
	}
	var p argonParams
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return bad("parameters must be m=…,t=…,p=…")
	}
	for i, want := range []string{"m", "t", "p"} {
		k, v, ok := strings.Cut(fields[i], "=")
		if !ok || k != want {
			return bad("parameters must be m=…,t=…,p=… in that order")
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return bad(fmt.Sprintf("parameter %s is not a number", k))
		}
		switch k {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n < 1 || n > 255 {
				return bad("p must be 1 to 255")
			}
			p.threads = uint8(n)
		}
	}
	if p.time < 1 || p.time > maxArgonTime {
		return bad(fmt.Sprintf("t must be 1 to %d", maxArgonTime))
	}
	if p.memory < 8*uint32(p.threads) || p.memory > maxArgonMemory {
		return bad(fmt.Sprintf("m must be 8×p to %d KiB", maxArgonMemory))
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < minSalt || len(salt) > maxSalt {
		return bad(fmt.Sprintf("salt must be %d to %d bytes in unpadded base64", minSalt, maxSalt))
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < minKey || len(key) > maxKey {
		return bad(fmt.Sprintf("hash must be %d to %d bytes in unpadded base64", minKey, maxKey))
	}
	return passwordHash{argon: p, salt: salt, key: key}, nil
}

// verify reports whether password matches, comparing in constant time.
func (h passwordHash) verify(password string) bool {
	if h.bcrypt != nil {
		return bcrypt.CompareHashAndPassword(h.bcrypt, []byte(password)) == nil
	}
	if h.key == nil {
		return false
	}
	got := argon2.IDKey([]byte(password), h.salt, h.argon.time, h.argon.memory, h.argon.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1
}

// HashPassword returns an argon2id PHC string for password (64 MiB, three
// passes, two lanes, a 16-byte random salt, a 32-byte hash).
func HashPassword(password string) (string, error) {
	return hashArgon2id(password, defaultArgon)
}

// hashArgon2id hashes password with p; tests use cheap parameters.
func hashArgon2id(password string, p argonParams) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, 32)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", p.memory, p.time, p.threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}
