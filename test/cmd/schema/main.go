// Command schema writes the escron chart's generated files (values.schema.json and
// templates/lib/_generated.tpl) from the pinned Kubernetes OpenAPI documents of every
// supported minor (the newest is the schema's source), or with -check fails when the
// committed files differ from what it would write.
//
// usage: go run ./test/cmd/schema -openapi bin/kube-openapi [-check]
// (scripts/schema.sh, make schema; the versions are those of scripts/versions.env)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/escron/escron/test/internal/schemagen"
	"github.com/escron/escron/test/internal/versions"
)

func main() {
	chart := flag.String("chart", "charts/escron", "the chart directory")
	openapi := flag.String("openapi", "bin/kube-openapi", "the OpenAPI v3 documents: a directory per Kubernetes version, a file per group and version in it")
	check := flag.Bool("check", false, "compare with the committed files instead of writing them")
	flag.Parse()
	if err := run(*chart, *openapi, *check); err != nil {
		fmt.Fprintln(os.Stderr, "schema:", err)
		os.Exit(1)
	}
}

func run(chart, openapi string, check bool) error {
	all, err := versions.AllKubernetesE()
	if err != nil {
		return err
	}
	out, err := schemagen.Generate(chart, openapi, all)
	if err != nil {
		return err
	}
	stale := false
	for _, f := range []struct {
		path string
		data []byte
	}{
		{filepath.Join(chart, schemagen.Files.Schema), out.Schema},
		{filepath.Join(chart, schemagen.Files.Templates), out.Templates},
	} {
		if check {
			old, err := os.ReadFile(f.path)
			if err != nil || !bytes.Equal(old, f.data) {
				fmt.Fprintf(os.Stderr, "%s is not what make schema generates\n", f.path)
				stale = true
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", f.path, len(f.data))
	}
	if stale {
		return fmt.Errorf("generated files are stale: run make schema")
	}
	return nil
}
