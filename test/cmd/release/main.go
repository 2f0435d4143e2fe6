// Command release holds the two steps of make release (scripts/release.sh) that need
// Helm's own code:
//
//	release check -chart charts/escron -version X -index REPO/index.yaml
//	    refuses, in one line, a version that is not the chart's, not greater than every
//	    released one, or whose artifacthub.io/changes is empty or the last release's;
//	    prints the last released version ("none" before the first).
//	release package -chart charts/escron -out DIR [-epoch SECONDS] [-keyring F -key NAME]
//	    writes DIR/escron-X.tgz as helm package does, but reproducibly: every file's
//	    time, and the gzip header's, is -epoch (the release commit's time), so the
//	    same commit gives a byte-identical archive; with a keyring, also the Helm
//	    provenance file DIR/escron-X.tgz.prov, signed with key NAME.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/provenance"
	"helm.sh/helm/v3/pkg/repo"
)

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: release check|package [flags]"))
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "check":
		err = check(args)
	case "package":
		err = pack(args)
	default:
		err = fmt.Errorf("unknown command %q: check or package", cmd)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "release:", err)
	os.Exit(1)
}

const changesKey = "artifacthub.io/changes"

func check(args []string) error {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	chartDir := fs.String("chart", "charts/escron", "the chart directory")
	version := fs.String("version", "", "the version to release")
	index := fs.String("index", "", "the published repository's index.yaml (absent before the first release)")
	_ = fs.Parse(args)
	want, err := semver.StrictNewVersion(*version)
	if err != nil {
		return fmt.Errorf("VERSION is %q: a version such as 0.3.0 (major.minor.patch)", *version)
	}
	ch, err := loader.LoadDir(*chartDir)
	if err != nil {
		return err
	}
	if ch.Metadata.Version != want.String() {
		return fmt.Errorf("%s/Chart.yaml has version %s: set it to %s, and describe the release in annotations.%s, in a commit, then release", *chartDir, ch.Metadata.Version, want, changesKey)
	}
	changes := strings.TrimSpace(ch.Metadata.Annotations[changesKey])
	if changes == "" {
		return fmt.Errorf("%s/Chart.yaml has no annotations.%s: describe what %s changes (kind: added, changed, fixed, ...)", *chartDir, changesKey, want)
	}
	last, lastChanges, err := lastReleased(*index)
	if err != nil {
		return err
	}
	if last != nil && !want.GreaterThan(last) {
		return fmt.Errorf("VERSION %s is not greater than %s, the last released version: releases only go forward", want, last)
	}
	if last != nil && changes == lastChanges {
		return fmt.Errorf("annotations.%s in %s/Chart.yaml still describes %s: describe what %s changes", changesKey, *chartDir, last, want)
	}
	if last == nil {
		fmt.Println("none")
	} else {
		fmt.Println(last)
	}
	return nil
}

// lastReleased is the greatest version of escron in an index and its changes; nil when
// the index does not exist yet.
func lastReleased(index string) (*semver.Version, string, error) {
	if _, err := os.Stat(index); errors.Is(err, os.ErrNotExist) {
		return nil, "", nil
	}
	idx, err := repo.LoadIndexFile(index)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", index, err)
	}
	var last *semver.Version
	changes := ""
	for _, cv := range idx.Entries["escron"] {
		v, err := semver.NewVersion(cv.Version)
		if err != nil {
			continue
		}
		if last == nil || v.GreaterThan(last) {
			last, changes = v, strings.TrimSpace(cv.Annotations[changesKey])
		}
	}
	return last, changes, nil
}

func pack(args []string) error {
	fs := flag.NewFlagSet("package", flag.ExitOnError)
	chartDir := fs.String("chart", "charts/escron", "the chart directory")
	out := fs.String("out", "", "the directory to write the archive (and its provenance) into")
	epoch := fs.Int64("epoch", -1, "the time of every file in the archive, in Unix seconds (default: $SOURCE_DATE_EPOCH, else 0)")
	keyring := fs.String("keyring", "", "the OpenPGP secret keyring to sign with (no provenance without one)")
	key := fs.String("key", "", "the name of the key in the keyring")
	_ = fs.Parse(args)
	if *out == "" {
		return errors.New("-out is required")
	}
	if *epoch < 0 {
		*epoch = 0
		if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
			if _, err := fmt.Sscan(s, epoch); err != nil {
				return fmt.Errorf("SOURCE_DATE_EPOCH is %q: Unix seconds", s)
			}
		}
	}
	ch, err := loader.LoadDir(*chartDir)
	if err != nil {
		return err
	}
	archive, err := reproducible(ch, *out, time.Unix(*epoch, 0).UTC())
	if err != nil {
		return err
	}
	fmt.Println(archive)
	if *keyring == "" {
		return nil
	}
	signer, err := provenance.NewFromKeyring(*keyring, *key)
	if err != nil {
		return fmt.Errorf("the signing key %q in %s: %w", *key, *keyring, err)
	}
	sig, err := signer.ClearSign(archive)
	if err != nil {
		return err
	}
	if err := os.WriteFile(archive+".prov", []byte(sig), 0o644); err != nil {
		return err
	}
	fmt.Println(archive + ".prov")
	return nil
}

// reproducible writes the chart archive as helm package does (chartutil.Save), then
// writes it again with every time set to at and the entries' owner fields cleared.
func reproducible(ch *chart.Chart, out string, at time.Time) (string, error) {
	tmp, err := os.MkdirTemp("", "escron-package-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	saved, err := chartutil.Save(ch, tmp)
	if err != nil {
		return "", err
	}
	f, err := os.Open(saved)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	zw.Header = gzip.Header{Comment: zr.Header.Comment, Extra: zr.Header.Extra, ModTime: at, OS: 255}
	tw := tar.NewWriter(zw)
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return "", err
		}
		if err := tw.WriteHeader(&tar.Header{Name: h.Name, Mode: h.Mode, Size: int64(len(body)), ModTime: at, Typeflag: h.Typeflag}); err != nil {
			return "", err
		}
		if _, err := tw.Write(body); err != nil {
			return "", err
		}
	}
	if err := tw.Close(); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	archive := filepath.Join(out, filepath.Base(saved))
	return archive, os.WriteFile(archive, buf.Bytes(), 0o644)
}
