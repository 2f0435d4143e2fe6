package render

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/escron/escron/test/internal/project"
)

// Umbrella assembles, in dir, the umbrella chart of test/testdata/umbrella with the
// escron chart as its dependency (under charts/escron, as `helm dependency build`
// leaves it), and returns the umbrella's directory.
func Umbrella(dir string) (string, error) {
	umbrella := filepath.Join(dir, "umbrella")
	if err := copyTree(project.Path("test", "testdata", "umbrella"), umbrella); err != nil {
		return "", err
	}
	if err := copyTree(project.ChartDir(), filepath.Join(umbrella, "charts", "escron")); err != nil {
		return "", err
	}
	return umbrella, nil
}

// copyTree copies the regular files and directories under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
