package main

// The mutation operators. Each stands for one kind of bug a maintainer could make in
// one line of the chart, and yields one mutant per site where that bug could be made,
// in file and offset order. A mutant the render tier does not fail on is a behaviour
// no test pins down.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

type operator struct {
	name   string
	weight int // its share of the sample when there are more sites than the cap
	sites  func(c *chart) []*mutant
}

var operators = []operator{
	// A line forgotten in a helper: a field never set, a check that never fails, an
	// item never appended.
	{"drop-line", 3, dropLine},
	// "Is the key there?" asked as "is its value truthy?": an explicit false, 0, "" or
	// {} then counts as not given.
	{"haskey-truthy", 2, hasKeyTruthy},
	// Precedence reversed: merge and mergeOverwrite letting the defaults win over what
	// the user set, ternary's branches exchanged, default's value and fallback exchanged.
	{"swap-args", 2, swapArgs},
	// A condition inverted or off by one: eq/ne, lt/le, gt/ge, and/or, a not dropped.
	{"flip-cmp", 2, flipComparison},
	// A limit of Kubernetes (a name's 52, 63 or 253 characters, an image's 255, a
	// ConfigMap's 1 MiB, annotations' 256 KiB, the default file mode 365) off by one.
	{"limit", 1, limitOffByOne},
	// The values' shape stops refusing unknown keys at one level: a typo such as
	// cronjob.shedule passes silently.
	{"shape-open", 1, shapeOpen},
	// The values' shape loses one bound of an escron key (a minimum, a maximum, a key
	// count, a required key): an out-of-range number reaches the API server.
	{"shape-bound", 1, shapeBound},
	// The schema accepts one more type for an escron key (integer -> number, a string
	// where a boolean goes, ...).
	{"schema-type", 1, schemaType},
	// A default of values.yaml changed: Forbid -> Allow, a number -> 0, true <-> false,
	// a security-context default dropped.
	{"values-default", 1, valuesDefault},
	// A default written in the templates changed: restartPolicy Never, the default
	// resources, the default file mode, the fallbacks of default calls.
	{"template-default", 2, templateDefault},
	// The edges of rules (operators_edges.go): a regular expression's character
	// class, alternative, repetition bound or anchor; a number a value is compared
	// with; append vs prepend; a normalising call (trimSuffix "/", lower) left out; one
	// name of a list literal forgotten.
	{"regex-edge", 1, regexEdge},
	{"number-edge", 1, numberEdge},
	{"order", 1, orderSwap},
	{"normalise", 1, normaliseDrop},
	{"list-item", 1, listItemDrop},
}

// templateFiles are the chart's template files.
func templateFiles(c *chart) []string {
	var out []string
	for _, g := range []string{"templates/*.yaml", "templates/*.txt", "templates/*/*.tpl", "templates/*/*.yaml"} {
		out = append(out, c.paths(g)...)
	}
	return out
}

// eachCommand calls fn for every command of every action of the template files.
func eachCommand(c *chart, fn func(file, src string, p *pipeline, i int)) {
	for _, f := range templateFiles(c) {
		src := c.files[f]
		for _, a := range readActions(src) {
			a.pipe.walk(func(p *pipeline, i int) { fn(f, src, p, i) })
		}
	}
}

func text(src string, t *term) string { return src[t.start:t.end] }

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// dropLine: every line of a define in templates/lib that sets something (set, unset,
// a $variable = ...), fails, or appends (append, prepend, concat), when the line holds
// whole actions and opens as many blocks as it closes.
func dropLine(c *chart) []*mutant {
	var out []*mutant
	for _, f := range c.paths("templates/lib/*.tpl") {
		src := c.files[f]
		acts := readActions(src)
		inDefine := make([]bool, len(acts))
		var stack []string
		for i, a := range acts {
			inDefine[i] = len(stack) > 0 && stack[0] == "define"
			switch {
			case blockOpeners[a.keyword]:
				stack = append(stack, a.keyword)
			case a.keyword == "end" && len(stack) > 0:
				stack = stack[:len(stack)-1]
			}
		}
		next := 0
		for ls := 0; ls < len(src); {
			le := strings.IndexByte(src[ls:], '\n')
			if le < 0 {
				le = len(src)
			} else {
				le += ls
			}
			for next < len(acts) && acts[next].end <= ls {
				next++
			}
			var on []*action
			first := next
			for j := next; j < len(acts) && acts[j].start < le; j++ {
				on = append(on, acts[j])
			}
			if first < len(acts) && len(on) > 0 && inDefine[first] && droppable(src[ls:le], ls, le, on) {
				out = append(out, newMutant("drop-line", f, src, ls, le+1, "", ""))
			}
			ls = le + 1
		}
	}
	return out
}

func droppable(line string, ls, le int, on []*action) bool {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "{{") || !strings.HasSuffix(t, "}}") || on[0].start < ls || on[len(on)-1].end > le {
		return false
	}
	depth, changes := 0, false
	for _, a := range on {
		if a.comment || a.keyword == "define" {
			return false
		}
		switch {
		case blockOpeners[a.keyword]:
			depth++
		case a.keyword == "end":
			depth--
		case a.keyword == "else" && depth == 0:
			return false
		}
		if depth < 0 {
			return false
		}
		if a.pipe != nil && a.pipe.reassigns {
			changes = true
		}
		a.pipe.walk(func(p *pipeline, i int) {
			switch p.cmds[i].fn() {
			case "set", "unset", "fail", "append", "prepend", "concat":
				changes = true
			}
		})
	}
	return depth == 0 && changes
}

// hasKeyTruthy: hasKey $x "k" -> $x.k, where the key is a literal name. (With a key
// computed at render time the sets the templates ask hold only truthy values, so
// hasKey and get agree there: no site.)
func hasKeyTruthy(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		if cmd.fn() != "hasKey" || len(cmd.terms) != 3 || i > 0 {
			return
		}
		obj, key := cmd.terms[1], cmd.terms[2]
		if k, err := strconv.Unquote(key.tok.text); key.group == nil && key.tok.kind == tString && err == nil && identifier.MatchString(k) {
			repl := strings.TrimSuffix(text(src, obj), ".") + "." + k
			out = append(out, newMutant("haskey-truthy", f, src, cmd.start, cmd.end, repl, ""))
		}
	})
	return out
}

// swapArgs: the first two arguments of merge, mergeOverwrite, ternary and default
// exchanged; X | default Y becomes Y | default (X), except where Y is an empty dict or
// list: there the swap only turns an absent value's {} into nil, which the templates
// read alike (a field of nil is empty, a range over nil does nothing).
func swapArgs(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		switch cmd.fn() {
		case "merge", "mergeOverwrite", "ternary", "default":
		default:
			return
		}
		args := cmd.terms[1:]
		switch {
		case len(args) >= 2:
			a, b := args[0], args[1]
			repl := text(src, b) + src[a.end:b.start] + text(src, a)
			out = append(out, newMutant("swap-args", f, src, a.start, b.end, repl, ""))
		case len(args) == 1 && i > 0 && cmd.fn() == "default" && !emptyCollection[text(src, args[0])]:
			prefix := strings.TrimSpace(src[p.start:p.pipes[i-1]])
			repl := text(src, args[0]) + " | default (" + prefix + ")"
			out = append(out, newMutant("swap-args", f, src, p.start, cmd.end, repl, ""))
		}
	})
	return out
}

var emptyCollection = map[string]bool{"dict": true, "list": true, "(dict)": true, "(list)": true}

var flips = map[string]string{"eq": "ne", "ne": "eq", "lt": "le", "le": "lt", "gt": "ge", "ge": "gt", "and": "or", "or": "and"}

// flipComparison: eq <-> ne, lt <-> le, gt <-> ge, and <-> or; not X -> X.
func flipComparison(c *chart) []*mutant {
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		fn := cmd.fn()
		if to, ok := flips[fn]; ok {
			out = append(out, newMutant("flip-cmp", f, src, cmd.terms[0].start, cmd.terms[0].end, to, ""))
		}
		if fn == "not" && len(cmd.terms) == 2 {
			out = append(out, newMutant("flip-cmp", f, src, cmd.start, cmd.end, text(src, cmd.terms[1]), ""))
		}
		if fn == "not" && len(cmd.terms) == 1 && i > 0 {
			out = append(out, newMutant("flip-cmp", f, src, p.pipes[i-1], cmd.end, "", ""))
		}
	})
	return out
}

// limits are the numbers of the templates that are limits; quantifierLimits the
// repetition bounds of regular expressions that are (a DNS label's 61 inner
// characters, a tag's 127).
var (
	limits           = map[int]bool{52: true, 63: true, 253: true, 255: true, 365: true, 262144: true, 1048576: true}
	quantifierLimits = map[int]bool{61: true, 127: true}
	quantifier       = regexp.MustCompile(`\{[0-9]+,([0-9]+)\}`)
	number           = regexp.MustCompile(`\b[0-9]+\b`)
)

// limitOffByOne: each limit plus one and minus one, in an action, in a regular
// expression, or as the text a define returns.
func limitOffByOne(c *chart) []*mutant {
	var out []*mutant
	add := func(f, src string, start, end int) {
		n, _ := strconv.Atoi(src[start:end])
		for _, d := range []int{+1, -1} {
			out = append(out, newMutant("limit", f, src, start, end, strconv.Itoa(n+d), ""))
		}
	}
	for _, f := range templateFiles(c) {
		src := c.files[f]
		prev := 0
		for _, a := range readActions(src) {
			if strings.HasPrefix(f, "templates/lib/") {
				for _, m := range number.FindAllStringIndex(src[prev:a.start], -1) {
					if n, _ := strconv.Atoi(src[prev+m[0] : prev+m[1]]); limits[n] {
						add(f, src, prev+m[0], prev+m[1])
					}
				}
			}
			prev = a.end
			for _, t := range a.toks {
				switch t.kind {
				case tWord:
					if n, err := strconv.Atoi(t.text); err == nil && limits[n] {
						add(f, src, t.start, t.end)
					}
				case tString:
					for _, m := range quantifier.FindAllStringSubmatchIndex(t.text, -1) {
						if n, _ := strconv.Atoi(t.text[m[2]:m[3]]); quantifierLimits[n] {
							add(f, src, t.start+m[2], t.start+m[3])
						}
					}
				}
			}
		}
	}
	return out
}

// templateDefault: the fallbacks the templates write: default "Never" -> "OnFailure",
// "Forbid" -> "Allow", "warning" -> "critical", false -> true; the test hook's
// restartPolicy Never; the default file mode 0555 -> 0644; each default resource
// request and limit dropped.
func templateDefault(c *chart) []*mutant {
	alternatives := map[string]string{`"Never"`: `"OnFailure"`, `"Forbid"`: `"Allow"`, `"warning"`: `"critical"`, "false": "true"}
	var out []*mutant
	eachCommand(c, func(f, src string, p *pipeline, i int) {
		cmd := p.cmds[i]
		if cmd.fn() == "default" && len(cmd.terms) >= 2 && cmd.terms[1].group == nil {
			if to, ok := alternatives[cmd.terms[1].tok.text]; ok {
				out = append(out, newMutant("template-default", f, src, cmd.terms[1].start, cmd.terms[1].end, to, ""))
			}
		}
		for k := 0; k+1 < len(cmd.terms); k++ {
			if cmd.terms[k].tok.text == `"restartPolicy"` && cmd.terms[k+1].group == nil && cmd.terms[k+1].tok.text == `"Never"` {
				out = append(out, newMutant("template-default", f, src, cmd.terms[k+1].start, cmd.terms[k+1].end, `"OnFailure"`, ""))
			}
		}
	})
	quantity := regexp.MustCompile(`"(cpu|memory|ephemeral-storage)": "[^"]*"`)
	for _, f := range c.paths("templates/lib/*.tpl") {
		src := c.files[f]
		acts := readActions(src)
		for i, a := range acts {
			if a.keyword != "define" || len(a.toks) < 2 || i+1 >= len(acts) {
				continue
			}
			bodyStart, bodyEnd := a.end, acts[i+1].start
			body := src[bodyStart:bodyEnd]
			switch a.toks[1].text {
			case `"escron.defaultFileMode"`:
				if j := strings.Index(body, "365"); j >= 0 {
					out = append(out, newMutant("template-default", f, src, bodyStart+j, bodyStart+j+3, "420", ""))
				}
			case `"escron.defaultResources"`:
				for _, m := range quantity.FindAllStringIndex(body, -1) {
					s, e := bodyStart+m[0], bodyStart+m[1]
					if strings.HasPrefix(src[e:], ", ") {
						e += 2
					} else if strings.HasSuffix(src[:s], ", ") {
						s -= 2
					}
					out = append(out, newMutant("template-default", f, src, s, e, "", ""))
				}
			}
		}
	}
	return out
}

// schemaNodes calls fn for every value of the escron-level part of the values schema
// (the root and definitions/escron.*, not the Kubernetes definitions), with its path.
func schemaNodes(src string, fn func(path string, v *jvalue)) error {
	root, err := readJSON(src)
	if err != nil {
		return err
	}
	var walk func(path string, v *jvalue)
	walk = func(path string, v *jvalue) {
		fn(path, v)
		for _, m := range v.members {
			if path == "/" && m.key == "definitions" {
				continue
			}
			walk(strings.TrimSuffix(path, "/")+"/"+m.key, m.value)
		}
		for i, e := range v.elems {
			walk(fmt.Sprintf("%s/%d", strings.TrimSuffix(path, "/"), i), e)
		}
	}
	walk("/", root)
	if defs := root.get("definitions"); defs != nil {
		for _, m := range defs.members {
			if strings.HasPrefix(m.key, "escron.") {
				walk("/definitions/"+m.key, m.value)
			}
		}
	}
	return nil
}

const schemaFile = "values.schema.json"

const shapeFile = "templates/lib/_generated.tpl"

// shapeNodes calls fn for every object of the escron-level part of the values' shape
// in _generated.tpl (its root and defs/escron.*, not the Kubernetes types), with its
// path and the offset of the shape's JSON in the file.
func shapeNodes(src string, fn func(path string, v *jvalue, base int)) error {
	const open = `define "escron.valuesShape" -}}` + "\n"
	i := strings.Index(src, open)
	if i < 0 {
		return fmt.Errorf("%s defines no escron.valuesShape", shapeFile)
	}
	base := i + len(open)
	end := base + strings.IndexByte(src[base:], '\n')
	doc, err := readJSON(src[base:end])
	if err != nil {
		return err
	}
	var walk func(path string, v *jvalue)
	walk = func(path string, v *jvalue) {
		if v.kind == '{' {
			fn(path, v, base)
		}
		for _, m := range v.members {
			walk(path+"/"+m.key, m.value)
		}
	}
	walk("", doc.get("root"))
	if defs := doc.get("defs"); defs != nil {
		for _, m := range defs.members {
			if strings.HasPrefix(m.key, "escron.") {
				walk("/defs/"+m.key, m.value)
			}
		}
	}
	return nil
}

// shapeOpen: one escron-level object takes any key ("a":0 added): a typo such as
// cronjob.shedule passes silently.
func shapeOpen(c *chart) []*mutant {
	var out []*mutant
	src := c.files[shapeFile]
	_ = shapeNodes(src, func(path string, v *jvalue, base int) {
		if v.get("k") != nil && v.get("a") == nil {
			at := base + v.start + 1
			out = append(out, newMutant("shape-open", shapeFile, src, at, at, `"a":0,`, path))
		}
	})
	return out
}

// shapeBound: one escron-level bound loosened: a number's minimum or maximum dropped,
// an object's key count opened (0 to 99), a required key list emptied.
func shapeBound(c *chart) []*mutant {
	var out []*mutant
	src := c.files[shapeFile]
	_ = shapeNodes(src, func(path string, v *jvalue, base int) {
		if b := v.get("b"); b != nil && len(b.elems) == 2 {
			for i, e := range b.elems {
				if e.text != `""` {
					out = append(out, newMutant("shape-bound", shapeFile, src, base+e.start, base+e.end, `""`, fmt.Sprintf("%s/b/%d", path, i)))
				}
			}
		}
		if n := v.get("n"); n != nil {
			out = append(out, newMutant("shape-bound", shapeFile, src, base+n.start, base+n.end, "[0,99]", path+"/n"))
		}
		if q := v.get("q"); q != nil {
			out = append(out, newMutant("shape-bound", shapeFile, src, base+q.start, base+q.end, "[]", path+"/q"))
		}
	})
	return out
}

// schemaType: one escron-level type widened: integer -> number, else one type more
// (a string where a boolean or a number goes, a number where a string goes, an array
// where an object goes and the reverse).
func schemaType(c *chart) []*mutant {
	wider := map[string]string{"boolean": "string", "string": "number", "number": "string", "object": "array", "array": "object"}
	var out []*mutant
	src := c.files[schemaFile]
	_ = schemaNodes(src, func(path string, v *jvalue) {
		t := v.get("type")
		if t == nil || v.get("$ref") != nil || path == "/" { // Helm's values are always a map
			return
		}
		var types []string
		switch t.kind {
		case '"':
			s, _ := strconv.Unquote(t.text)
			types = []string{s}
		case '[':
			for _, e := range t.elems {
				s, _ := strconv.Unquote(e.text)
				types = append(types, s)
			}
		default:
			return
		}
		has := map[string]bool{}
		for _, s := range types {
			has[s] = true
		}
		var widened []string
		switch {
		case has["integer"]:
			for _, s := range types {
				widened = append(widened, strings.Replace(s, "integer", "number", 1))
			}
		default:
			for _, s := range types {
				if s == "null" {
					continue
				}
				if w := wider[s]; w != "" && !has[w] {
					widened = append(append([]string{}, types...), w)
				}
				break
			}
		}
		if widened == nil {
			return
		}
		repl := `["` + strings.Join(widened, `", "`) + `"]`
		out = append(out, newMutant("schema-type", schemaFile, src, t.start, t.end, repl, path+"/type"))
	})
	return out
}

// valuesDefault: in values.yaml, true <-> false, Forbid -> Allow, Never -> OnFailure,
// IfNotPresent -> Always, a positive number -> 0, and each key of the default
// mainContainer.securityContext and podSecurityContext dropped.
func valuesDefault(c *chart) []*mutant {
	const file = "values.yaml"
	alternatives := map[string]string{"true": "false", "false": "true", "Forbid": "Allow", "Never": "OnFailure", "IfNotPresent": "Always"}
	entry := regexp.MustCompile(`^( *)([A-Za-z0-9_]+):\s*([^#]*?)\s*(#.*)?$`)
	src := c.files[file]
	type frame struct {
		indent int
		key    string
	}
	var stack []frame
	var out []*mutant
	lineEnd := func(ls int) int {
		if le := strings.IndexByte(src[ls:], '\n'); le >= 0 {
			return ls + le
		}
		return len(src)
	}
	indentOf := func(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }
	for ls := 0; ls < len(src); {
		le := lineEnd(ls)
		line := src[ls:le]
		m := entry.FindStringSubmatchIndex(line)
		if m == nil || strings.HasPrefix(strings.TrimSpace(line), "#") {
			ls = le + 1
			continue
		}
		indent, key := m[3]-m[2], line[m[4]:m[5]]
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		var parents []string
		for _, f := range stack {
			parents = append(parents, f.key)
		}
		parent := strings.Join(parents, ".")
		path := strings.TrimPrefix(parent+"."+key, ".")
		stack = append(stack, frame{indent, key})
		vs, ve := ls+m[6], ls+m[7]
		val := src[vs:ve]
		if to, ok := alternatives[val]; ok {
			out = append(out, newMutant("values-default", file, src, vs, ve, to, path))
		} else if n, err := strconv.Atoi(val); err == nil && n > 0 {
			out = append(out, newMutant("values-default", file, src, vs, ve, "0", path))
		}
		if parent == "mainContainer.securityContext" || parent == "podSecurityContext" {
			end := le + 1
			for end < len(src) {
				next := src[end:lineEnd(end)]
				if strings.TrimSpace(next) == "" || indentOf(next) <= indent {
					break
				}
				end = lineEnd(end) + 1
			}
			out = append(out, newMutant("values-default", file, src, ls, end, "", path))
		}
		ls = le + 1
	}
	return out
}
