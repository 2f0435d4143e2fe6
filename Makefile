# escron: every target delegates to a script under scripts/, which says what it does.
.DEFAULT_GOAL := help
SHELL := /bin/bash

.PHONY: help demo test test-render test-e2e test-matrix lint tools images golden schema docs bench package clean mutate fuzz release

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

demo: ## set everything up, run the seed-like example in kind, show its completed Job and log
	scripts/demo.sh

test: ## everything: lint, the render tier and the kind cluster tier (sets up what it needs)
	scripts/test.sh

test-render: ## the render tier alone (no cluster)
	scripts/test-render.sh

test-e2e: ## the kind cluster tier alone
	scripts/test-e2e.sh

test-matrix: ## the render and cluster tiers on each supported Kubernetes minor (1.34 to 1.37; slow cold)
	scripts/test-matrix.sh

lint: ## shellcheck, yamllint, gofmt/vet, helm-docs freshness, ct lint
	scripts/lint.sh

tools: ## install every pinned tool of every entry point (scripts/tools.list) into ./bin
	scripts/tools.sh

images: ## build (or restore from the cache) the offline kind node image and job image
	scripts/images/build-images.sh

golden: ## refresh the golden files of the ci scenarios (review the diff)
	scripts/golden.sh

schema: ## regenerate values.schema.json and the field lists from the Kubernetes OpenAPI and values.yaml
	scripts/schema.sh

docs: ## regenerate charts/escron/README.md from values.yaml (helm-docs)
	scripts/docs.sh

bench: ## render benchmark: 100 cases in-process (Helm SDK) and through the helm CLI; the oracle's inputs/s
	scripts/bench.sh

fuzz: ## search the render oracle's input space with Go's fuzzer (10 minutes; findings land in testdata)
	scripts/fuzz.sh

mutate: ## mutation test of the chart against the render tier: score and survivors (slow; not in make test)
	scripts/mutate.sh

package: ## the chart archive and a repository index.yaml in dist/
	scripts/package.sh

clean: ## delete the demo and test kind clusters and dist/
	scripts/clean.sh

release: ## release VERSION=x.y.z: check, package reproducibly, sign, push to OCI, merge the index, tag (scripts/release.sh)
	scripts/release.sh $(VERSION)
