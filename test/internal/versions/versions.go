// Package versions reads scripts/versions.env, the one file that pins every version
// escron builds, installs or runs, so that Go code never writes a version itself. The
// scripts source the same file; ParseEnvFile accepts only what bash and Go read alike.
package versions

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/escron/escron/test/internal/project"
)

// The pins Go reads, by their names in scripts/versions.env.
const (
	// MinorsKey lists the Kubernetes minors escron supports, oldest first, comma-separated.
	MinorsKey = "KUBERNETES_MINORS"
	// DefaultMinorKey is the minor of the cluster tier's node and the render tier's API
	// server unless MinorEnv picks another.
	DefaultMinorKey = "KUBERNETES_MINOR"
	// KindUpstreamNodeImageKey is kind's kindest/node image of the default minor, by
	// digest: the node image of ESCRON_NODE_IMAGE=upstream.
	KindUpstreamNodeImageKey = "KIND_UPSTREAM_NODE_IMAGE"
	// BusyboxImageKey is the job image of ESCRON_NODE_IMAGE=upstream (or an image
	// reference), which the nodes pull.
	BusyboxImageKey = "BUSYBOX_IMAGE"
)

// MinorEnv picks the Kubernetes minor of a run (one of KUBERNETES_MINORS), as it does
// for the scripts (scripts/lib.sh); unset, the default minor.
const MinorEnv = "ESCRON_KUBERNETES_MINOR"

var (
	keyRE     = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	valueRE   = regexp.MustCompile(`^[A-Za-z0-9._:/@+=,-]*$`)
	versionRE = regexp.MustCompile(`^v?(\d+)\.(\d+)(\.\d+)?([-+].*)?$`)
)

// ParseEnvFile reads a file of KEY=VALUE lines, with blank lines and # comments, as
// scripts/versions.env and the offline images file are. A value is one plain word (no
// quotes, blanks or $), so that sourcing the file in bash gives the same values.
func ParseEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	values := map[string]string{}
	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		switch {
		case !ok || !keyRE.MatchString(key):
			return nil, fmt.Errorf("%s:%d: %q is not KEY=VALUE", path, n, line)
		case !valueRE.MatchString(value):
			return nil, fmt.Errorf("%s:%d: the value of %s, %q, is not one plain word (no quotes, blanks or $)", path, n, key, value)
		}
		if _, dup := values[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s is set twice", path, n, key)
		}
		values[key] = value
	}
	return values, scanner.Err()
}

// File is scripts/versions.env.
func File() string { return project.Path("scripts", "versions.env") }

var (
	loadOnce sync.Once
	pins     map[string]string
	loadErr  error
)

// GetE is the pin named key, read from scripts/versions.env (once per process).
func GetE(key string) (string, error) {
	loadOnce.Do(func() { pins, loadErr = ParseEnvFile(File()) })
	if loadErr != nil {
		return "", loadErr
	}
	v, ok := pins[key]
	if !ok || v == "" {
		return "", fmt.Errorf("%s does not set %s", File(), key)
	}
	return v, nil
}

// Get is GetE that fails the test on an error.
func Get(t testing.TB, key string) string {
	t.Helper()
	v, err := GetE(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// MinorsE are the supported Kubernetes minors ("1.34", ...), oldest first.
func MinorsE() ([]string, error) {
	v, err := GetE(MinorsKey)
	if err != nil {
		return nil, err
	}
	return strings.Split(v, ","), nil
}

// MinorE is the Kubernetes minor of this run: $ESCRON_KUBERNETES_MINOR, else the default.
func MinorE() (string, error) {
	minors, err := MinorsE()
	if err != nil {
		return "", err
	}
	minor := os.Getenv(MinorEnv)
	if minor == "" {
		if minor, err = GetE(DefaultMinorKey); err != nil {
			return "", err
		}
	}
	if !slices.Contains(minors, minor) {
		return "", fmt.Errorf("%s=%s is not a minor escron supports (%s)", MinorEnv, minor, strings.Join(minors, ","))
	}
	return minor, nil
}

// KubernetesOfE is the pinned Kubernetes version of a minor ("1.37" -> "v1.37.2").
func KubernetesOfE(minor string) (string, error) {
	return GetE("KUBERNETES_" + strings.ReplaceAll(minor, ".", "_"))
}

// AllKubernetesE are the pinned Kubernetes versions of every supported minor, oldest first.
func AllKubernetesE() ([]string, error) {
	minors, err := MinorsE()
	if err != nil {
		return nil, err
	}
	all := make([]string, len(minors))
	for i, m := range minors {
		if all[i], err = KubernetesOfE(m); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// AllKubernetes is AllKubernetesE that fails the test on an error.
func AllKubernetes(t testing.TB) []string {
	t.Helper()
	all, err := AllKubernetesE()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// KubernetesE is the pinned Kubernetes version of this run's minor (MinorE), e.g. for
// `helm template --kube-version`.
func KubernetesE() (string, error) {
	minor, err := MinorE()
	if err != nil {
		return "", err
	}
	return KubernetesOfE(minor)
}

// Kubernetes is KubernetesE that fails the test on an error.
func Kubernetes(t testing.TB) string {
	t.Helper()
	v, err := KubernetesE()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// KindUpstreamNodeImageE is kind's node image for the pinned Kubernetes minor, by digest.
func KindUpstreamNodeImageE() (string, error) { return GetE(KindUpstreamNodeImageKey) }

// KindUpstreamNodeImage is KindUpstreamNodeImageE that fails the test on an error.
func KindUpstreamNodeImage(t testing.TB) string { t.Helper(); return Get(t, KindUpstreamNodeImageKey) }

// BusyboxImageE is the pinned busybox image.
func BusyboxImageE() (string, error) { return GetE(BusyboxImageKey) }

// BusyboxImage is BusyboxImageE that fails the test on an error.
func BusyboxImage(t testing.TB) string { t.Helper(); return Get(t, BusyboxImageKey) }

// MinorOfE is the "vMAJOR.MINOR" of a version: vMAJOR.MINOR.PATCH, MAJOR.MINOR, or either
// with a pre-release or build suffix.
func MinorOfE(version string) (string, error) {
	m := versionRE.FindStringSubmatch(version)
	if m == nil {
		return "", fmt.Errorf("%q is not a version", version)
	}
	return "v" + m[1] + "." + m[2], nil
}
