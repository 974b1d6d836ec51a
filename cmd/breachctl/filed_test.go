package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/breachd/breachd/checkpoint"
	"github.com/breachd/breachd/evidence"
)

// A filing keeps the draft as it stood: later changes to the facts change
// the live draft, not the one filed; its SHA-256 is in the timeline, the
// evidence bundle carries it and verify notices when it is changed or gone,
// in a bundle and in a copy of the database.
func TestTheDraftAsFiledIsKeptAndVerified(t *testing.T) {
	td := startDaemon(t)
	inc := td.openIncident("filed-1", "high")
	td.mustCtl("facts", inc.ID, "aware_at=2026-11-20T09:00:00Z", "role=controller", "jurisdictions=EU-IE",
		"data_subjects=1200", "--actor", "dpo")
	td.mustCtl("narrative", inc.ID, "likely_consequences=Phishing aimed at customers", "--actor", "dpo")

	r := td.ctl("draft", inc.ID, "gdpr_art33_sa", "--as-filed")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "has no filing of \"gdpr_art33_sa\" with a draft")

	r = td.mustCtl("submitted", inc.ID, "gdpr_art33_sa", "--ref", "DPC-1", "--at", "2026-11-21T10:00:00Z")
	m := regexp.MustCompile(`draft as filed: (\S+) sha256 ([0-9a-f]{64})`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	require.Equal(t, inc.ID+"-gdpr_art33_sa.md", m[1])
	digest := m[2]

	td.mustCtl("narrative", inc.ID, "likely_consequences=Nothing further", "--actor", "dpo")
	filed := td.mustCtl("draft", inc.ID, "gdpr_art33_sa", "--as-filed").stdout
	sum := sha256.Sum256([]byte(filed))
	require.Equal(t, digest, hex.EncodeToString(sum[:]), "the text printed is the text whose hash the timeline holds")
	require.Contains(t, filed, "Phishing aimed at customers", "the draft as it stood at filing")
	require.Contains(t, filed, "Art. 33(3)(a)")
	require.Contains(t, td.mustCtl("draft", inc.ID, "gdpr_art33_sa").stdout, "Nothing further", "the live draft moved on")
	require.Contains(t, td.mustCtl("timeline", inc.ID, "--wide").stdout, digest)
	r = td.ctl("draft", inc.ID, "gdpr_art33_sa", "--as-filed", "--format", "html")
	require.Equal(t, exitError, r.code)
	require.Contains(t, r.stderr, "--as-filed prints the draft kept at filing")

	td.stop() // a clean stop signs a checkpoint of every head
	td.start()
	dir := t.TempDir()
	bundle := filepath.Join(dir, "evidence.zip")
	td.mustCtl("evidence", inc.ID, "--out", bundle)
	pub := filepath.Join(td.cfg.DataDir, checkpoint.PublicKeyFile)
	r = td.mustCtl("verify", "--bundle", bundle, "--key", pub)
	require.Contains(t, r.stdout, "1 draft as filed")
	files := zipFiles(t, bundle)
	var name string
	for n, body := range files {
		if filepath.Dir(n)+"/" == evidence.FiledDir {
			name = n
			require.Equal(t, filed, string(body))
		}
	}
	require.Regexp(t, `^filed/\d+-`+inc.ID+`-gdpr_art33_sa\.md$`, name)

	changed := withEdit(files, func(f map[string][]byte) { f[name] = bytes.Replace(f[name], []byte("Phishing"), []byte("Fishing"), 1) })
	r = td.ctl("verify", "--bundle", writeZip(t, dir, "changed.zip", changed), "--key", pub)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, "is not the draft that was filed")
	gone := withEdit(files, func(f map[string][]byte) { delete(f, name) })
	r = td.ctl("verify", "--bundle", writeZip(t, dir, "gone.zip", gone), "--key", pub)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, "is not in the bundle")

	backup := backupOf(t, td)
	td.stop()
	r = td.ctl("verify", "--offline", backup)
	require.Equal(t, 0, r.code, r.String())
	editFile(t, backup, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("filed_drafts"))
		key := []byte(inc.ID + "/" + digest)
		return b.Put(key, bytes.Replace(b.Get(key), []byte("Phishing"), []byte("Fishing"), 1))
	})
	r = td.ctl("verify", "--offline", backup)
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stdout, "was changed: its SHA-256 is")
}

// zipFiles reads every file of a zip.
func zipFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		require.NoError(t, err)
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
	}
	return files
}

// withEdit returns a copy of files changed by edit.
func withEdit(files map[string][]byte, edit func(map[string][]byte)) map[string][]byte {
	c := make(map[string][]byte, len(files))
	for n, b := range files {
		c[n] = b
	}
	edit(c)
	return c
}

// writeZip writes files as a zip named name in dir.
func writeZip(t *testing.T, dir, name string, files map[string][]byte) string {
	t.Helper()
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	for n, data := range files {
		w, err := z.Create(n)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, z.Close())
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, out.Bytes(), 0o600))
	return path
}
