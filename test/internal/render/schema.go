package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"helm.sh/helm/v3/pkg/chart"
)

// Helm compiles a chart's values.schema.json on every render: for escron's generated
// schema that is most of a render's time. schemaValidate gives the same verdict and
// the same message as Helm's validation (TestSchemaCacheMatchesHelm compares them),
// with each schema compiled once per process.

var compiled sync.Map // sha256 of a schema -> *compiledSchema

type compiledSchema struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

// schemaURL is the name Helm gives a chart's schema when it compiles it; it shows in
// the messages of the validator, which Helm trims.
const schemaURL = "file:///values.schema.json"

func compile(raw []byte) (*jsonschema.Schema, error) {
	v, _ := compiled.LoadOrStore(sha256.Sum256(raw), &compiledSchema{})
	c := v.(*compiledSchema)
	c.once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			c.err = err
			return
		}
		compiler := jsonschema.NewCompiler()
		if err := compiler.AddResource(schemaURL, doc); err != nil {
			c.err = err
			return
		}
		c.schema, c.err = compiler.Compile(schemaURL)
	})
	return c.schema, c.err
}

// schemaValidate validates coalesced values against the schemas of a chart and of its
// dependencies, each against its own part of the values, as a Helm install does.
func schemaValidate(c *chart.Chart, vals map[string]any) error {
	var b strings.Builder
	collectSchemaErrors(&b, c, vals)
	if b.Len() > 0 {
		return fmt.Errorf("values don't meet the specifications of the schema(s) in the following chart(s):\n%s", b.String())
	}
	return nil
}

func collectSchemaErrors(b *strings.Builder, c *chart.Chart, vals map[string]any) {
	if c.Schema != nil {
		if err := validateOne(c.Schema, vals); err != nil {
			fmt.Fprintf(b, "%s:\n%s", c.Name(), err.Error())
		}
	}
	for _, dep := range c.Dependencies() {
		sub, present := vals[dep.Name()]
		if !present || sub == nil {
			continue
		}
		subVals, ok := sub.(map[string]any)
		if !ok {
			fmt.Fprintf(b, "%s:\ninvalid type for values: expected object (map), got %T\n", dep.Name(), sub)
			continue
		}
		collectSchemaErrors(b, dep, subVals)
	}
}

func validateOne(raw []byte, vals map[string]any) error {
	s, err := compile(raw)
	if err != nil {
		return err
	}
	if err := s.Validate(vals); err != nil {
		var verr *jsonschema.ValidationError
		if !errors.As(err, &verr) {
			return err
		}
		return errors.New(strings.TrimPrefix(err.Error(), "jsonschema validation failed with '"+schemaURL+"#'\n") + "\n")
	}
	return nil
}
