package e2e_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEnvReferencesExpand: in the env map, a value that refers to another variable as
// $(NAME) is expanded by Kubernetes, although NAME sorts after it: the chart orders
// the variables so that every referenced one comes first. $$(NAME) stays literal.
func TestEnvReferencesExpand(t *testing.T) {
	requireCluster(t)
	t.Parallel()
	kopts := newNamespace(t)
	install(t, kopts, "env", scriptValues("#!/bin/sh\necho \"URL=$URL\"\necho \"LITERAL=$LITERAL\"\n"), `mainContainer:
  env:
    URL: "http://$(ZHOST):$(PORT)/_snapshot"
    ZHOST: training-dev-elasticsearch
    PORT: 9200
    LITERAL: "$$(ZHOST)"
`)
	log := runFromCronJob(t, kopts, "env-escron", "env-now")
	assert.Contains(t, log, "URL=http://training-dev-elasticsearch:9200/_snapshot")
	assert.Contains(t, log, "LITERAL=$(ZHOST)")
}
