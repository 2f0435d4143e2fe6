// Package render_test is the render tier: it renders the escron chart (Helm SDK in
// process, helm v3 and v4 command lines) and asserts on the typed objects.
package render_test

import (
	"os"
	"testing"

	"github.com/escron/escron/test/internal/project"
)

func TestMain(m *testing.M) {
	// What runs tools by name (ct, the scripts some tests run) finds the pinned ones.
	project.UseProjectBin()
	code := m.Run()
	stopAPIServer()
	os.Exit(code)
}
