package render

import (
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/project"
)

// SeedFix is a correction to the seed document's values.
type SeedFix int

const (
	// FixImage removes the stray quote in mainContainer.image.
	FixImage SeedFix = 1 << iota
	// FixRedirect removes the "2>&1" command argument that no shell reads.
	FixRedirect
	// FixAll applies every correction.
	FixAll = FixImage | FixRedirect
)

// Seed is the seed document's values (test/testdata/seed-values.yaml, with the
// `escron:` wrapper of an umbrella chart), with the given corrections applied.
func Seed(fixes SeedFix) (string, error) {
	data, err := os.ReadFile(project.Path("test", "testdata", "seed-values.yaml"))
	if err != nil {
		return "", err
	}
	seed := string(data)
	replace := func(old, new string) error {
		if !strings.Contains(seed, old) {
			return fmt.Errorf("seed-values.yaml no longer contains %q", old)
		}
		seed = strings.Replace(seed, old, new, 1)
		return nil
	}
	if fixes&FixImage != 0 {
		if err := replace(`image: curlimages/curl"`, `image: curlimages/curl`); err != nil {
			return "", err
		}
	}
	if fixes&FixRedirect != 0 {
		if err := replace("      - \"2>&1\"\n", ""); err != nil {
			return "", err
		}
	}
	return seed, nil
}

// Unwrap is the values under the `escron:` wrapper, as a user passes them to
// `helm install -f` when escron is installed directly.
func Unwrap(wrapped string) (string, error) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(wrapped), &doc); err != nil {
		return "", err
	}
	inner, ok := doc["escron"]
	if !ok {
		return "", fmt.Errorf("no escron: key")
	}
	out, err := yaml.Marshal(inner)
	return string(out), err
}
