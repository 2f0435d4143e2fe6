// Command reap deletes the kind clusters of cluster-tier runs that are gone, including
// those kept for inspection, and never one a live run holds (kindcluster.Clean). It is
// what `make clean` (scripts/clean.sh) runs: go run ./test/internal/kindcluster/reap
package main

import (
	"fmt"
	"os"

	"github.com/escron/escron/test/internal/kindcluster"
)

func main() {
	log := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "  -> "+format+"\n", args...) }
	leftovers, err := kindcluster.RemoveLeftoversE(kindcluster.Clean, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	if len(leftovers) == 0 {
		log("no test clusters")
	}
}
