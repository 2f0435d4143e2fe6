package main

// A JSON reader that keeps where each value and member is in the text, so that the
// schema operators can change one keyword of values.schema.json as text.

import (
	"fmt"
	"strconv"
	"strings"
)

type jvalue struct {
	kind       byte // '{', '[', '"', 'n' (number), 'b' (true, false), 'z' (null)
	start, end int
	text       string     // a scalar's text, raw
	members    []*jmember // objects
	elems      []*jvalue  // arrays
}

type jmember struct {
	key      string
	keyStart int // offset of the key's opening quote
	value    *jvalue
}

func (v *jvalue) get(key string) *jvalue {
	for _, m := range v.members {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

type jreader struct {
	src string
	i   int
}

func readJSON(src string) (v *jvalue, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	r := &jreader{src: src}
	v = r.value()
	return v, nil
}

func (r *jreader) ws() {
	for r.i < len(r.src) && (r.src[r.i] == ' ' || r.src[r.i] == '\n' || r.src[r.i] == '\t' || r.src[r.i] == '\r') {
		r.i++
	}
}

func (r *jreader) value() *jvalue {
	r.ws()
	v := &jvalue{start: r.i}
	switch c := r.src[r.i]; {
	case c == '{':
		v.kind = '{'
		r.i++
		for {
			r.ws()
			if r.src[r.i] == '}' {
				r.i++
				break
			}
			if r.src[r.i] == ',' {
				r.i++
				continue
			}
			m := &jmember{keyStart: r.i}
			k := r.str()
			key, err := strconv.Unquote(k)
			if err != nil {
				panic(fmt.Sprintf("key at %d: %v", m.keyStart, err))
			}
			m.key = key
			r.ws()
			if r.src[r.i] != ':' {
				panic(fmt.Sprintf("':' expected at %d", r.i))
			}
			r.i++
			m.value = r.value()
			v.members = append(v.members, m)
		}
	case c == '[':
		v.kind = '['
		r.i++
		for {
			r.ws()
			if r.src[r.i] == ']' {
				r.i++
				break
			}
			if r.src[r.i] == ',' {
				r.i++
				continue
			}
			v.elems = append(v.elems, r.value())
		}
	case c == '"':
		v.kind = '"'
		v.text = r.str()
	default:
		for r.i < len(r.src) && strings.IndexByte(",}] \n\t\r", r.src[r.i]) < 0 {
			r.i++
		}
		v.text = r.src[v.start:r.i]
		switch v.text {
		case "true", "false":
			v.kind = 'b'
		case "null":
			v.kind = 'z'
		default:
			v.kind = 'n'
		}
	}
	v.end = r.i
	return v
}

func (r *jreader) str() string {
	start := r.i
	r.i++
	for r.src[r.i] != '"' {
		if r.src[r.i] == '\\' {
			r.i++
		}
		r.i++
	}
	r.i++
	return r.src[start:r.i]
}
