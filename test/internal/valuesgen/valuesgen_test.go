package valuesgen_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/escron/escron/test/internal/valuesgen"
)

// TestChoicesGiveTheSameDocument: a seed, or a fuzz input, is a document: the same
// choices give the same values, so a finding can be replayed.
func TestChoicesGiveTheSameDocument(t *testing.T) {
	for seed := range uint64(50) {
		assert.Equal(t, valuesgen.Values(valuesgen.Random(seed)), valuesgen.Values(valuesgen.Random(seed)), "seed %d", seed)
	}
	data := []byte("some fuzz input bytes \x00\xff\x10")
	assert.Equal(t, valuesgen.Values(valuesgen.NewBytes(data)), valuesgen.Values(valuesgen.NewBytes(data)))
	assert.Empty(t, valuesgen.Values(valuesgen.NewBytes(nil)), "no choices, the smallest document")
}

// TestSeedsDiffer: the generator covers ground: different seeds give different documents.
func TestSeedsDiffer(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(100) {
		doc, err := valuesgen.YAML(valuesgen.Values(valuesgen.Random(seed)))
		require.NoError(t, err)
		seen[doc] = true
	}
	assert.Greater(t, len(seen), 90)
}

// TestYAMLReadsBackExactly: the document a test hands Helm parses back to the values,
// whatever characters they hold.
func TestYAMLReadsBackExactly(t *testing.T) {
	values := map[string]any{"a": "x\x7fy\u2028z\u0085\ufeff\ufffe\x00", "b": []any{"yes", "1e3", 7.0}, "c": map[string]any{"n": nil, "t": true}}
	doc, err := valuesgen.YAML(values)
	require.NoError(t, err)
	assert.False(t, strings.ContainsAny(doc, "\x7f\u2028\u0085\ufeff\ufffe"), "no character a YAML parser refuses or folds")
	var back map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(doc), &back))
	assert.True(t, reflect.DeepEqual(values, back), "%#v", back)
}
