package e2e_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// throwawayKeyrings generates an OpenPGP key for one test and writes the secret and
// public keyrings helm reads (the legacy binary format).
func throwawayKeyrings(t *testing.T) (secring, pubring, name string) {
	t.Helper()
	name = "escron provenance test"
	entity, err := openpgp.NewEntity(name, "throwaway", "provenance@escron.invalid", nil)
	require.NoError(t, err)
	dir := t.TempDir()
	secring, pubring = filepath.Join(dir, "secring.gpg"), filepath.Join(dir, "pubring.gpg")
	var sec, pub bytes.Buffer
	require.NoError(t, entity.SerializePrivate(&sec, nil))
	require.NoError(t, entity.Serialize(&pub))
	require.NoError(t, os.WriteFile(secring, sec.Bytes(), 0o600))
	require.NoError(t, os.WriteFile(pubring, pub.Bytes(), 0o644))
	return secring, pubring, name
}

// tamper rewrites a chart archive with one file's content changed, as an attacker
// between the signer and the user would, and keeps the original provenance file.
func tamper(t *testing.T, archive, file, from, to string) string {
	t.Helper()
	in, err := os.Open(archive)
	require.NoError(t, err)
	defer in.Close()
	gz, err := gzip.NewReader(in)
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	dir := t.TempDir()
	out := filepath.Join(dir, filepath.Base(archive))
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	changed := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(tr)
		require.NoError(t, err)
		if hdr.Name == file {
			require.Contains(t, string(data), from)
			data = []byte(strings.Replace(string(data), from, to, 1))
			hdr.Size = int64(len(data))
			changed = true
		}
		require.NoError(t, tw.WriteHeader(hdr))
		_, err = tw.Write(data)
		require.NoError(t, err)
	}
	require.True(t, changed, "%s not in %s", file, archive)
	require.NoError(t, tw.Close())
	require.NoError(t, gw.Close())
	require.NoError(t, os.WriteFile(out, buf.Bytes(), 0o644))
	prov, err := os.ReadFile(archive + ".prov")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(out+".prov", prov, 0o644))
	return out
}

// TestProvenance: a chart packaged with --sign is accepted by `helm verify` and
// `helm install --verify`; the same archive with its values changed is rejected by both.
func TestProvenance(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	opts := consumerOptions(t, kopts, scriptValues("#!/bin/sh\necho verified chart\n"))
	secring, pubring, key := throwawayKeyrings(t)
	t.Log("helm package --sign with a throwaway key")
	archive := packageChart(t, opts, t.TempDir(), "--sign", "--key", key, "--keyring", secring)
	require.FileExists(t, archive+".prov")

	out, err := runHelmE(t, opts, "verify", archive, "--keyring", pubring)
	require.NoError(t, err, out)
	assert.Contains(t, out, "Signed by: "+key)

	opts.ExtraArgs = map[string][]string{"install": {"--verify", "--keyring", pubring}}
	t.Log("helm install --verify signed")
	require.NoError(t, helmInstallE(t, opts, archive, "signed"))
	runInstalledJob(t, kopts, "signed-escron", "verified chart")

	t.Log("the same archive with runAsNonRoot turned off in values.yaml, and the original signature")
	forged := tamper(t, archive, "escron/values.yaml", "runAsNonRoot: true", "runAsNonRoot: false")
	out, err = runHelmE(t, opts, "verify", forged, "--keyring", pubring)
	require.Error(t, err, "helm verify accepted a tampered archive:\n%s", out)
	assert.Contains(t, out, "sha256 sum does not match")
	t.Log("helm install --verify forged")
	require.Error(t, helmInstallE(t, opts, forged, "forged"), "helm install --verify accepted a tampered archive")
}
