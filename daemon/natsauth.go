package daemon

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/breachd/breachd/playbooks"
)

// The identities of the embedded NATS server. Each is an nkey user whose
// seed breachd generates into <data_dir>/nats on first start; a client
// without one of them is refused.
const (
	// IdentityBreachd is breachd's own connection: every right, the
	// streams and consumers included. Its seed file is for operators'
	// tools (nats stream info, breachload).
	IdentityBreachd = "breachd"
	// IdentityProducer publishes alerts: under alerts.> and on the Falco
	// subjects, and reads the replies of its JetStream publishes.
	IdentityProducer = "producer"
	// IdentityActuator serves breachd.actions.> and answers the requests
	// it gets; it can publish nothing else.
	IdentityActuator = "actuator"
)

// identities lists every identity, in the order they are printed.
var identities = []string{IdentityBreachd, IdentityProducer, IdentityActuator}

// ProducerUser is the user name of the producers' password, for clients
// that can give a user and a password but no nkey (Falcosidekick's NATS
// output takes only a URL: nats://producer:PASSWORD@host:4222).
const ProducerUser = "producer"

// breachdInboxPrefix is the inbox of breachd's own connection: not under
// _INBOX, which producers may read (to get their JetStream publish acks),
// so that what JetStream delivers to breachd (raw alerts) and what
// actuators answer stays breachd's. An external server's permissions for
// breachd must let it subscribe to _BREACHD_INBOX.>.
const breachdInboxPrefix = "_BREACHD_INBOX"

// natsDirName is the directory under data_dir that holds the seeds.
const natsDirName = "nats"

// NATSIdentityFile is the nkey seed file of the identity name under
// dataDir: <data_dir>/nats/<name>.nk, usable with nats.NkeyOptionFromSeed
// and the nats CLI's --nkey.
func NATSIdentityFile(dataDir, name string) string {
	return filepath.Join(dataDir, natsDirName, name+".nk")
}

// NATSProducerPasswordFile is the file of the producers' password under
// dataDir: <data_dir>/nats/producer.password.
func NATSProducerPasswordFile(dataDir string) string {
	return filepath.Join(dataDir, natsDirName, ProducerUser+".password")
}

// NATSRoutePasswordFile is the file of the password the embedded servers
// of a cluster authenticate their routes with, under dataDir:
// <data_dir>/nats/route.password. Every node must hold the same.
func NATSRoutePasswordFile(dataDir string) string {
	return filepath.Join(dataDir, natsDirName, routeUser+".password")
}

// natsIdentities are the keys of the embedded server's users, loaded from
// (or first generated into) the data directory.
type natsIdentities struct {
	dataDir  string
	keys     map[string]nkeys.KeyPair
	password string // the producers'
	// routePassword is what the servers of a cluster authenticate their
	// routes with: every node must have the same file.
	routePassword string
}

// loadNATSIdentities reads the seeds and the producers' password under
// dataDir, generating those missing (files 0600 in a 0700 directory).
// WriteNATSIdentities makes the NATS identities and passwords of the
// embedded server in <dataDir>/nats, those missing only, and returns the
// directory: the set the nodes of a cluster share, made once and copied to
// each node's data directory before its first start.
func WriteNATSIdentities(dataDir string) (string, error) {
	if err := os.MkdirAll(dataDir, dataDirMode); err != nil {
		return "", fmt.Errorf("nats identities: %w", err)
	}
	if _, err := loadNATSIdentities(dataDir); err != nil {
		return "", err
	}
	return filepath.Join(dataDir, natsDirName), nil
}

func loadNATSIdentities(dataDir string) (*natsIdentities, error) {
	dir := filepath.Join(dataDir, natsDirName)
	if err := os.MkdirAll(dir, dataDirMode); err != nil {
		return nil, fmt.Errorf("nats identities: %w", err)
	}
	if err := tighten(dir, dataDirMode); err != nil {
		return nil, fmt.Errorf("nats identities: %w", err)
	}
	ids := &natsIdentities{dataDir: dataDir, keys: map[string]nkeys.KeyPair{}}
	for _, name := range identities {
		path := NATSIdentityFile(dataDir, name)
		seed, err := readOrCreate(path, func() ([]byte, error) {
			kp, err := nkeys.CreateUser()
			if err != nil {
				return nil, err
			}
			seed, err := kp.Seed()
			if err != nil {
				return nil, err
			}
			return append(seed, '\n'), nil
		})
		if err != nil {
			return nil, fmt.Errorf("nats identity %s: %w", name, err)
		}
		kp, err := nkeys.ParseDecoratedNKey(seed)
		if err != nil {
			return nil, fmt.Errorf("nats identity %s: %s: %w", name, path, err)
		}
		if pub, err := kp.PublicKey(); err != nil || !nkeys.IsValidPublicUserKey(pub) {
			return nil, fmt.Errorf("nats identity %s: %s holds no user seed", name, path)
		}
		ids.keys[name] = kp
	}
	var err error
	if ids.password, err = readOrCreatePassword(NATSProducerPasswordFile(dataDir)); err != nil {
		return nil, fmt.Errorf("nats producer password: %w", err)
	}
	if ids.routePassword, err = readOrCreatePassword(NATSRoutePasswordFile(dataDir)); err != nil {
		return nil, fmt.Errorf("nats route password: %w", err)
	}
	return ids, nil
}

// readOrCreatePassword is the password in the file at path, first
// generated into it (24 random bytes, base64).
func readOrCreatePassword(path string) (string, error) {
	pw, err := readOrCreate(path, func() ([]byte, error) {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		return []byte(base64.RawURLEncoding.EncodeToString(b) + "\n"), nil
	})
	if err != nil {
		return "", err
	}
	if p := strings.TrimSpace(string(pw)); p != "" {
		return p, nil
	}
	return "", fmt.Errorf("%s is empty", path)
}

// readOrCreate is the content of path, or what create makes, written to
// path with mode 0600 when it does not exist yet.
func readOrCreate(path string, create func() ([]byte, error)) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		return data, tighten(path, 0o600)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if data, err = create(); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return data, f.Close()
}

// tighten takes from others any access they have to path (a seed copied
// in with a umask of 022, say).
func tighten(path string, mode fs.FileMode) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o077 == 0 {
		return nil
	}
	return os.Chmod(path, mode)
}

// producerPermissions: publish alerts (under alerts.> and on the Falco
// subjects), read the replies to its own JetStream publishes (under
// _INBOX), and ask for the alert stream's info, which is how a JetStream
// client (nats.go's js.Stream, `nats stream info`) checks that the stream
// it publishes to is there. Nothing else of $JS.API: no consumer to read,
// no stream to change or delete.
func producerPermissions(stream string, falcoSubjects []string) *server.Permissions {
	allow := append([]string{"alerts.>", "$JS.API.STREAM.INFO." + stream}, falcoSubjects...)
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: allow},
		Subscribe: &server.SubjectPermission{Allow: []string{"_INBOX.>"}},
	}
}

// actuatorPermissions: serve breachd.actions.> (and the micro service's
// $SRV discovery subjects), answer what it is asked, publish nothing
// else.
func actuatorPermissions() *server.Permissions {
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: []string{}},
		Subscribe: &server.SubjectPermission{Allow: []string{playbooks.SubjectPrefix + ">", "$SRV.>"}},
		Response:  &server.ResponsePermission{},
	}
}

// configure closes opts to everyone but the identities: breachd with every
// right, the producers (nkey or password) and the actuators with theirs.
func (ids *natsIdentities) configure(opts *server.Options, stream string, falcoSubjects []string) {
	perms := map[string]*server.Permissions{
		IdentityBreachd:  nil, // every right
		IdentityProducer: producerPermissions(stream, falcoSubjects),
		IdentityActuator: actuatorPermissions(),
	}
	for _, name := range identities {
		pub, _ := ids.keys[name].PublicKey()
		opts.Nkeys = append(opts.Nkeys, &server.NkeyUser{Nkey: pub, Permissions: perms[name]})
	}
	opts.Users = append(opts.Users, &server.User{Username: ProducerUser, Password: ids.password,
		Permissions: producerPermissions(stream, slices.Clone(falcoSubjects))})
}

// option authenticates a connection as the identity name.
func (ids *natsIdentities) option(name string) nats.Option {
	kp := ids.keys[name]
	pub, _ := kp.PublicKey()
	return nats.Nkey(pub, kp.Sign)
}

// natsHint is the log line that says, at start, how each kind of client
// connects to the embedded server at url (empty: in-process only) and
// with which file; with TLS (the server's certificate tlsCert), how it
// trusts the certificate. It names the password's file, never the password.
func natsHint(url, dataDir, tlsCert string) string {
	if url == "" {
		return "the embedded NATS server serves this process only (nats_listen: none): no producer or actuator can connect; " +
			"set nats_listen to a loopback address to let them"
	}
	var b strings.Builder
	scheme, hostport, _ := strings.Cut(url, "://")
	var natsTLS, actuatorTLS string
	if tlsCert != "" {
		// The certificate itself when it is self-signed, else its CA.
		natsTLS, actuatorTLS = " --tlsca "+tlsCert, " --tls-ca "+tlsCert
		fmt.Fprintf(&b, "NATS clients need TLS (trusting %s, or its CA) and an identity (seed files, mode 0600, in %s): ", tlsCert, filepath.Join(dataDir, natsDirName))
	} else {
		fmt.Fprintf(&b, "NATS clients need an identity (seed files, mode 0600, in %s): ", filepath.Join(dataDir, natsDirName))
	}
	fmt.Fprintf(&b, "producers: nats pub --server %s%s --nkey %s alerts.native.test \"$(cat examples/alert.json)\"; ",
		url, natsTLS, NATSIdentityFile(dataDir, IdentityProducer))
	fmt.Fprintf(&b, "Falcosidekick (no nkey): nats.hostport %s://%s:$(cat %s)@%s; ",
		scheme, ProducerUser, NATSProducerPasswordFile(dataDir), hostport)
	fmt.Fprintf(&b, "actuators: go run ./cmd/breachd-actuator --nats-url %s%s --nkey %s; ",
		url, actuatorTLS, NATSIdentityFile(dataDir, IdentityActuator))
	fmt.Fprintf(&b, "operators (every right): nats --server %s%s --nkey %s stream info ALERTS",
		url, natsTLS, NATSIdentityFile(dataDir, IdentityBreachd))
	return b.String()
}
