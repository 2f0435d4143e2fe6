package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// readEquivalent reads the list of equivalent mutants: one per line, its ID, then the
// reason no test could tell it from the chart; # starts a comment.
func readEquivalent(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	s := bufio.NewScanner(f)
	n := 0
	for s.Scan() {
		n++
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return nil, fmt.Errorf("%s:%d: %s has no reason: say why no test could tell it from the chart", path, n, id)
		}
		out[id] = reason
	}
	return out, s.Err()
}
