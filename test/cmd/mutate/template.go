package main

// A small reader of Go template actions: enough structure (pipelines, commands, their
// arguments, with byte offsets) for the operators to rewrite one call or one line of a
// chart template as text, leaving the rest of the file byte for byte as it was.

import (
	"strings"
	"text/template/parse"
)

// action is one {{ ... }} of a template file.
type action struct {
	start, end int // the action, braces included
	comment    bool
	toks       []token
	keyword    string    // if, else, with, range, end, define, template, block, or ""
	pipe       *pipeline // the action's pipeline, nil for end, define and comments
}

type tokKind int

const (
	tWord tokKind = iota
	tString
	tLParen
	tRParen
	tPipe
	tAssign // := or =
	tComma
)

type token struct {
	kind       tokKind
	start, end int
	text       string
	space      bool // whitespace before it
}

// term is one argument of a command: a word, a literal, or a parenthesized pipeline
// (with any .field chained to it).
type term struct {
	start, end int
	tok        token     // the word or literal; for a group, its "("
	group      *pipeline // non-nil for ( ... )
}

// command is a function call (or a single value): its terms, the first being the
// function's name when it is one.
type command struct {
	start, end int
	terms      []*term
}

// fn is the name of the function a command calls, or "".
func (c *command) fn() string {
	if len(c.terms) == 0 || c.terms[0].group != nil || c.terms[0].tok.kind != tWord {
		return ""
	}
	w := c.terms[0].tok.text
	if w == "true" || w == "false" || w == "nil" {
		return ""
	}
	for i, r := range w {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return ""
		}
	}
	return w
}

// pipeline is commands joined by |, after any variable declaration or assignment.
type pipeline struct {
	start, end int  // the commands' span
	reassigns  bool // it is a $x = (not :=)
	cmds       []*command
	pipes      []int // offset of each |, pipes[i] between cmds[i] and cmds[i+1]
}

// walk calls fn for every command of p and of the pipelines nested in it.
func (p *pipeline) walk(fn func(p *pipeline, i int)) {
	if p == nil {
		return
	}
	for i, c := range p.cmds {
		fn(p, i)
		for _, t := range c.terms {
			t.group.walk(fn)
		}
	}
}

var blockOpeners = map[string]bool{"if": true, "with": true, "range": true, "define": true, "block": true}

// readActions finds the actions of a template file and parses each.
func readActions(src string) []*action {
	var out []*action
	pos := 0
	for {
		i := strings.Index(src[pos:], "{{")
		if i < 0 {
			return out
		}
		a := &action{start: pos + i}
		j := a.start + 2
		if len(src) > j+1 && src[j] == '-' && strings.ContainsRune(" \t\r\n", rune(src[j+1])) {
			j += 2
		}
		k := j
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
			k++
		}
		if strings.HasPrefix(src[k:], "/*") {
			a.comment = true
			c := strings.Index(src[k:], "*/")
			if c < 0 {
				return out
			}
			e := strings.Index(src[k+c:], "}}")
			a.end = k + c + e + 2
			out = append(out, a)
			pos = a.end
			continue
		}
		a.toks, a.end = lex(src, j)
		if a.end < 0 {
			return out
		}
		parseAction(a)
		out = append(out, a)
		pos = a.end
	}
}

// lex reads the tokens of an action's body from offset i up to its "}}" (or " -}}"),
// and returns them with the offset after the "}}".
func lex(src string, i int) ([]token, int) {
	var toks []token
	space := true
	for i < len(src) {
		c := src[i]
		switch {
		case strings.HasPrefix(src[i:], "}}"):
			return toks, i + 2
		case space && strings.HasPrefix(src[i:], "-}}"):
			return toks, i + 3
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			space = true
			i++
			continue
		case c == '"' || c == '\'':
			e := i + 1
			for e < len(src) && src[e] != c {
				if src[e] == '\\' {
					e++
				}
				e++
			}
			toks = append(toks, token{tString, i, e + 1, src[i : e+1], space})
			i = e + 1
		case c == '`':
			e := strings.IndexByte(src[i+1:], '`')
			toks = append(toks, token{tString, i, i + e + 2, src[i : i+e+2], space})
			i += e + 2
		case c == '(':
			toks = append(toks, token{tLParen, i, i + 1, "(", space})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, i, i + 1, ")", space})
			i++
		case c == '|':
			toks = append(toks, token{tPipe, i, i + 1, "|", space})
			i++
		case c == ',':
			toks = append(toks, token{tComma, i, i + 1, ",", space})
			i++
		default:
			e := i
			for e < len(src) && !strings.ContainsRune(" \t\r\n()|,\"'`", rune(src[e])) && !strings.HasPrefix(src[e:], "}}") {
				e++
			}
			kind := tWord
			if w := src[i:e]; w == ":=" || w == "=" {
				kind = tAssign
			}
			toks = append(toks, token{kind, i, e, src[i:e], space})
			i = e
		}
		space = false
	}
	return toks, -1
}

func parseAction(a *action) {
	toks := a.toks
	if len(toks) > 0 && toks[0].kind == tWord {
		switch w := toks[0].text; w {
		case "end", "define", "break", "continue":
			a.keyword = w
			return
		case "else":
			a.keyword = "else"
			toks = toks[1:]
			if len(toks) > 0 && (toks[0].text == "if" || toks[0].text == "with") {
				toks = toks[1:]
			}
		case "if", "with", "range", "block", "template":
			a.keyword = w
			toks = toks[1:]
			if w == "template" || w == "block" {
				toks = toks[1:] // the template's name
			}
		}
	}
	if len(toks) == 0 {
		return
	}
	// A declaration or assignment ($x := ..., $i, $v := ..., $x = ...) comes first.
	reassigns := false
	for i, t := range toks {
		if t.kind == tAssign {
			reassigns = t.text == "="
			toks = toks[i+1:]
			break
		}
		if t.kind != tWord && t.kind != tComma {
			break
		}
	}
	p, _ := parsePipeline(toks, 0)
	p.reassigns = reassigns
	a.pipe = p
}

// parsePipeline reads commands from toks[i] up to a ")" or the end.
func parsePipeline(toks []token, i int) (*pipeline, int) {
	p := &pipeline{start: -1}
	cmd := &command{start: -1}
	flush := func() {
		if len(cmd.terms) > 0 {
			cmd.start, cmd.end = cmd.terms[0].start, cmd.terms[len(cmd.terms)-1].end
			p.cmds = append(p.cmds, cmd)
		}
		cmd = &command{start: -1}
	}
	for i < len(toks) {
		t := toks[i]
		switch t.kind {
		case tRParen:
			flush()
			p.bounds()
			return p, i
		case tPipe:
			flush()
			p.pipes = append(p.pipes, t.start)
			i++
		case tLParen:
			inner, j := parsePipeline(toks, i+1)
			tm := &term{start: t.start, tok: t, group: inner}
			if j < len(toks) {
				tm.end = toks[j].end
				j++
			}
			// (...).field
			if j < len(toks) && toks[j].kind == tWord && !toks[j].space && strings.HasPrefix(toks[j].text, ".") {
				tm.end = toks[j].end
				j++
			}
			cmd.terms = append(cmd.terms, tm)
			i = j
		default:
			cmd.terms = append(cmd.terms, &term{start: t.start, end: t.end, tok: t})
			i++
		}
	}
	flush()
	p.bounds()
	return p, i
}

func (p *pipeline) bounds() {
	if len(p.cmds) > 0 {
		p.start, p.end = p.cmds[0].start, p.cmds[len(p.cmds)-1].end
	}
}

// parses reports whether a template file is still a template Helm can parse: its
// syntax and variables (functions are not checked: Helm adds its own to sprig's).
func parses(name, src string) error {
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	_, err := t.Parse(src, "{{", "}}", map[string]*parse.Tree{})
	return err
}
