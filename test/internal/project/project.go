// Package project locates the escron repository and the tools its scripts install
// into ./bin, so that tests run the pinned tools, not whatever a machine has.
//
// ESCRON_CHART_DIR, when set, is the chart directory (an absolute path) ChartDir
// returns instead of charts/escron: make mutate (test/cmd/mutate) points the render
// tier at mutated copies of the chart that way.
package project

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"sigs.k8s.io/yaml"
)

var (
	rootOnce sync.Once
	root     string
	rootErr  error
)

// Root is the repository's top directory: the nearest parent holding go.mod.
func Root() (string, error) {
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			rootErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				rootErr = fmt.Errorf("no go.mod above %s", dir)
				return
			}
			dir = parent
		}
	})
	return root, rootErr
}

// Path joins elements onto the repository root; it panics outside the repository,
// where no test of this project can run.
func Path(elem ...string) string {
	r, err := Root()
	if err != nil {
		panic(err)
	}
	return filepath.Join(append([]string{r}, elem...)...)
}

// ChartDir is the escron chart: charts/escron, or the directory ESCRON_CHART_DIR names.
func ChartDir() string {
	if dir := os.Getenv("ESCRON_CHART_DIR"); dir != "" {
		return dir
	}
	return Path("charts", "escron")
}

// Tool is the path of a tool that scripts/tools.sh installs into ./bin, or an error
// that says how to install it.
func Tool(name string) (string, error) {
	p := Path("bin", name)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s is not installed in %s: run make tools (scripts/tools.sh)", name, Path("bin"))
}

// SystemTool is a tool that comes from the machine's packages (shellcheck, yamllint).
func SystemTool(name string) (string, error) {
	if p, err := Tool(name); err == nil {
		return p, nil
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found: run make tools (scripts/tools.sh installs it from Debian)", name)
	}
	return p, nil
}

// UseProjectBin puts ./bin first in PATH, so that what runs tools by name (ct runs
// "helm" and "kubectl", the scripts some tests run call them too) runs the project's
// pinned ones.
func UseProjectBin() {
	bin := Path("bin")
	path := os.Getenv("PATH")
	if strings.HasPrefix(path, bin+string(os.PathListSeparator)) {
		return
	}
	_ = os.Setenv("PATH", bin+string(os.PathListSeparator)+path)
}

// ChartVersion is the version in ChartDir()'s Chart.yaml.
func ChartVersion() (string, error) {
	raw, err := os.ReadFile(filepath.Join(ChartDir(), "Chart.yaml"))
	if err != nil {
		return "", err
	}
	var chart struct {
		Version string `json:"version"`
	}
	if err := yaml.Unmarshal(raw, &chart); err != nil {
		return "", fmt.Errorf("Chart.yaml: %w", err)
	}
	if chart.Version == "" {
		return "", fmt.Errorf("%s/Chart.yaml has no version", ChartDir())
	}
	return chart.Version, nil
}
