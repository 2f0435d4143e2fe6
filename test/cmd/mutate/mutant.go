package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// chart is the chart's files, by path relative to the chart directory.
type chart struct {
	files map[string]string
}

func loadChart(dir string) (*chart, error) {
	c := &chart{files: map[string]string{}}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		c.files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	return c, err
}

// paths are the chart's files matching a glob (path.Match syntax), sorted.
func (c *chart) paths(glob string) []string {
	var out []string
	for p := range c.files {
		if ok, _ := filepath.Match(glob, p); ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// mutant is one change to one file of the chart: the bytes [start, end) of file
// become repl.
type mutant struct {
	op         string
	file       string
	start, end int
	repl       string
	site       string // what identifies the site beyond its text (a JSON or YAML path), or ""
	id         string
	line       int    // 1-based line of start
	col        int    // offset of start in its line
	old, new   string // the changed line(s), before and after
	invalid    string // why the mutant is not a valid chart, or ""
}

// newMutant records an edit of file's content src.
func newMutant(op, file, src string, start, end int, repl, site string) *mutant {
	m := &mutant{op: op, file: file, start: start, end: end, repl: repl, site: site}
	ls := strings.LastIndexByte(src[:start], '\n') + 1
	le := end
	if i := strings.IndexByte(src[end:], '\n'); i >= 0 {
		le = end + i
	} else {
		le = len(src)
	}
	if end > start && src[end-1] == '\n' { // a whole line (or lines) dropped
		le = end - 1
	}
	m.line = strings.Count(src[:start], "\n") + 1
	m.col = start - ls
	m.old = src[ls:le]
	if end > start && src[end-1] == '\n' && start == ls && repl == "" {
		m.new = "(line dropped)"
	} else {
		tail := le
		if tail < end {
			tail = end
		}
		m.new = src[ls:start] + repl + src[end:tail]
	}
	return m
}

// apply is file's content with the mutation made.
func (m *mutant) apply(src string) string { return src[:m.start] + m.repl + src[m.end:] }

// assignIDs gives each mutant an ID made of its operator, file and a hash of what it
// changes (not its line number), so that IDs survive edits elsewhere in the chart.
func assignIDs(ms []*mutant) {
	seen := map[string]int{}
	for _, m := range ms {
		key := strings.Join([]string{m.op, m.file, m.site, strings.TrimSpace(m.old), strings.TrimSpace(m.new)}, "\x00")
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, n)))
		m.id = fmt.Sprintf("%s/%s/%s", m.op, filepath.Base(m.file), hex.EncodeToString(sum[:])[:8])
	}
}

// at is the site's path in the schema or values, as " (PATH)", or "".
func (m *mutant) at() string {
	if m.site == "" {
		return ""
	}
	return " (" + m.site + ")"
}

// where is file:line.
func (m *mutant) where() string { return fmt.Sprintf("%s:%d", m.file, m.line) }

// excerpt is a changed line as printed: its first line, cut to about n characters
// around col, where the change is.
func excerpt(s string, col, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " ..."
	}
	lead := len(s) - len(strings.TrimLeft(s, " \t"))
	s, col = s[lead:], col-lead
	if len(s) <= n {
		return s
	}
	from := col - n/3
	if from < 0 {
		from = 0
	}
	to := from + n
	if to > len(s) {
		to, from = len(s), len(s)-n
	}
	out := s[from:to]
	if from > 0 {
		out = "..." + out
	}
	if to < len(s) {
		out += "..."
	}
	return out
}
