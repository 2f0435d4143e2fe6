package main

// Operators for the edges of rules: the kinds of one-line bugs that sit at a rule's
// boundary rather than in its logic (a character class one member short, an
// alternative lost, a bound off by one, a list built in the wrong order, a path not
// normalised, one name of a list of warnings forgotten).

import (
	"regexp"
	"strconv"
	"strings"
)

// regexFuncs are the functions whose first argument is a regular expression.
var regexFuncs = map[string]bool{"regexMatch": true, "mustRegexMatch": true, "regexFind": true, "regexFindAll": true,
	"regexReplaceAll": true, "regexReplaceAllLiteral": true, "regexSplit": true}

// regexEdge: in a regular expression literal, a character class loses its first or
// last member, a group loses one alternative, a repetition bound moves by one, + becomes
// *, an anchor (^ or $) goes. Only mutants that still compile.
func regexEdge(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		if !regexFuncs[cmd.fn()] || len(cmd.terms) < 2 {
			return
		}
		lit := cmd.terms[1]
		if lit.group != nil || lit.tok.kind != tString || !strings.HasPrefix(lit.tok.text, `"`) {
			return
		}
		re, err := strconv.Unquote(lit.tok.text)
		if err != nil {
			return
		}
		for _, m := range regexMutations(re) {
			if _, err := regexp.Compile(m); err != nil || m == re {
				continue
			}
			out = append(out, newMutant("regex-edge", f, src, lit.start, lit.end, strconv.Quote(m), ""))
		}
	})
	return out
}

// regexMutations are the variants of re that regexEdge makes.
func regexMutations(re string) []string {
	var out []string
	cut := func(s, e int, repl string) { out = append(out, re[:s]+repl+re[e:]) }
	if strings.HasPrefix(re, "^") {
		cut(0, 1, "")
	}
	if strings.HasSuffix(re, "$") && !strings.HasSuffix(re, `\$`) {
		cut(len(re)-1, len(re), "")
	}
	type group struct {
		open  int
		pipes []int
	}
	var groups []*group
	for i := 0; i < len(re); i++ {
		switch re[i] {
		case '\\':
			i++
		case '[':
			end := classEnd(re, i)
			if end < 0 {
				return out
			}
			body := i + 1
			if body < end && re[body] == '^' {
				body++
			}
			members := classMembers(re[body:end])
			if len(members) >= 2 {
				first, last := members[0], members[len(members)-1]
				cut(body+first[0], body+first[1], "")
				cut(body+last[0], body+last[1], "")
			}
			i = end
		case '(':
			groups = append(groups, &group{open: i})
		case '|':
			if len(groups) > 0 {
				g := groups[len(groups)-1]
				g.pipes = append(g.pipes, i)
			}
		case ')':
			if len(groups) == 0 {
				continue
			}
			g := groups[len(groups)-1]
			groups = groups[:len(groups)-1]
			if len(g.pipes) == 0 {
				continue
			}
			start := g.open + 1
			if strings.HasPrefix(re[start:], "?:") {
				start += 2
			}
			bounds := append(append([]int{start - 1}, g.pipes...), i)
			for k := 0; k+1 < len(bounds); k++ {
				s, e := bounds[k]+1, bounds[k+1] // the alternative
				if k == 0 {
					cut(s, e+1, "") // with the | after it
				} else {
					cut(s-1, e, "") // with the | before it
				}
			}
		case '{':
			if m := repetition.FindStringSubmatchIndex(re[i:]); m != nil {
				for _, g := range [][2]int{{m[2], m[3]}, {m[4], m[5]}} {
					if g[0] < 0 {
						continue
					}
					n, _ := strconv.Atoi(re[i+g[0] : i+g[1]])
					if quantifierLimits[n] {
						continue // the limit operator's
					}
					for _, d := range []int{-1, 1} {
						if n+d >= 0 {
							cut(i+g[0], i+g[1], strconv.Itoa(n+d))
						}
					}
				}
			}
		case '+':
			cut(i, i+1, "*")
		}
	}
	return out
}

var repetition = regexp.MustCompile(`^\{([0-9]+)(?:,([0-9]*))?\}`)

// classEnd is the offset of the ] closing the class opened at re[open], or -1.
func classEnd(re string, open int) int {
	i := open + 1
	if i < len(re) && re[i] == '^' {
		i++
	}
	if i < len(re) && re[i] == ']' {
		i++
	}
	for ; i < len(re); i++ {
		switch re[i] {
		case '\\':
			i++
		case ']':
			return i
		}
	}
	return -1
}

// classMembers are the spans of a class body's members: a character, an escape (\d,
// \x{7f}), a range of either.
func classMembers(body string) [][2]int {
	var out [][2]int
	one := func(i int) int { // the end of the single member at i
		if body[i] != '\\' || i+1 >= len(body) {
			return i + 1
		}
		if body[i+1] == 'x' && i+2 < len(body) && body[i+2] == '{' {
			if e := strings.IndexByte(body[i:], '}'); e >= 0 {
				return i + e + 1
			}
		}
		if body[i+1] == 'p' || body[i+1] == 'P' {
			if i+2 < len(body) && body[i+2] == '{' {
				if e := strings.IndexByte(body[i:], '}'); e >= 0 {
					return i + e + 1
				}
			}
			return i + 3
		}
		return i + 2
	}
	for i := 0; i < len(body); {
		e := one(i)
		if e < len(body)-1 && body[e] == '-' {
			e = one(e + 1)
		}
		out = append(out, [2]int{i, e})
		i = e
	}
	return out
}

// numberEdge: an integer literal compared with, or bounding, a value (eq, ne, lt, le,
// gt, ge, min, max, trunc, until, add, sub) plus one and minus one, where the limit
// operator does not already move it.
func numberEdge(c *chart) []*mutant {
	fns := map[string]bool{"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true, "min": true, "max": true, "trunc": true, "until": true, "add": true, "sub": true}
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		if !fns[cmd.fn()] {
			return
		}
		for _, t := range cmd.terms[1:] {
			if t.group != nil || t.tok.kind != tWord {
				continue
			}
			n, err := strconv.Atoi(t.tok.text)
			if err != nil || limits[n] {
				continue
			}
			for _, d := range []int{-1, 1} {
				out = append(out, newMutant("number-edge", f, src, t.start, t.end, strconv.Itoa(n+d), ""))
			}
		}
	})
	return out
}

// orderSwap: append <-> prepend, and concat's first two lists exchanged: what comes
// first (the chart's or the user's, a default or an override) changes.
func orderSwap(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		switch cmd.fn() {
		case "append":
			out = append(out, newMutant("order", f, src, cmd.terms[0].start, cmd.terms[0].end, "prepend", ""))
		case "prepend":
			out = append(out, newMutant("order", f, src, cmd.terms[0].start, cmd.terms[0].end, "append", ""))
		case "concat":
			if len(cmd.terms) >= 3 {
				a, b := cmd.terms[1], cmd.terms[2]
				out = append(out, newMutant("order", f, src, a.start, b.end, text(src, b)+src[a.end:b.start]+text(src, a), ""))
			}
		}
	})
	return out
}

// normalisers are the functions that normalise text before a comparison or a path is
// built.
var normalisers = map[string]bool{"trimSuffix": true, "trimPrefix": true, "trim": true, "trimAll": true, "lower": true, "upper": true, "clean": true, "base": true, "dir": true}

// normaliseDrop: one normalising call left out, X | trimSuffix "/" -> X and
// (trimSuffix "/" X) -> X: a trailing slash, a case, a prefix then reach what follows.
func normaliseDrop(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		if !normalisers[cmd.fn()] {
			return
		}
		switch {
		case i > 0:
			out = append(out, newMutant("normalise", f, src, p.pipes[i-1], cmd.end, "", ""))
		case len(cmd.terms) >= 2 && len(p.cmds) == 1:
			last := cmd.terms[len(cmd.terms)-1]
			out = append(out, newMutant("normalise", f, src, cmd.start, cmd.end, text(src, last), ""))
		}
	})
	return out
}

// listItemDrop: one string of a list literal forgotten (a host namespace field, a
// shell operator, an allowed value): list "a" "b" "c" -> list "a" "c".
func listItemDrop(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		if cmd.fn() != "list" || len(cmd.terms) < 3 {
			return
		}
		for _, t := range cmd.terms[1:] {
			if t.group != nil || t.tok.kind != tString {
				return
			}
		}
		for k, t := range cmd.terms[1:] {
			prev := cmd.terms[k] // the term before t
			out = append(out, newMutant("list-item", f, src, prev.end, t.end, "", ""))
		}
	})
	return out
}
