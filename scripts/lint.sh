#!/usr/bin/env bash
# Static checks: shellcheck (scripts), yamllint, gofmt and go vet, the generated values
# schema and the chart README (helm-docs) being up to date, and chart-testing's ct lint
# (helm lint of every ci scenario, Chart.yaml and values YAML lint).
#
# usage: scripts/lint.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" lint
cd "$ROOT"

log "shellcheck: the project's scripts"
# A passing verdict is kept under the hash of shellcheck's version and of every file under
# scripts/ and .ci/ (the scripts and what they source): unchanged, they are not checked
# again (shellcheck -x takes 10 s of CPU, a warm make test's largest lint step).
key=$({ shellcheck --version; find scripts .ci -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-16)
if [ -f "$CACHE/lint/shellcheck-$key" ]; then
  step "no script changed since shellcheck passed ($CACHE/lint/shellcheck-$key)"
else
  shellcheck -x scripts/*.sh scripts/images/*.sh scripts/docker-shim .ci/run \
    scripts/images/node/files/usr/local/bin/entrypoint
  mkdir -p "$CACHE/lint" && touch "$CACHE/lint/shellcheck-$key"
fi

log "yamllint"
yamllint --strict -c ci/lintconf.yaml ct.yaml ci charts/escron/Chart.yaml charts/escron/values.yaml charts/escron/ci

log "gofmt and go vet"
unformatted=$(gofmt -l test scripts/images/pause scripts/images/coredns)
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"
go vet ./...

"$ROOT/scripts/schema.sh" --check

log "helm-docs: charts/escron/README.md matches values.yaml"
generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
cp -r charts/escron "$generated/escron"
helm-docs --chart-search-root "$generated" --log-level warning
if ! diff -u charts/escron/README.md "$generated/escron/README.md"; then
  die "charts/escron/README.md is stale: run make docs"
fi

log "ct lint"
ct lint --config ct.yaml --all

step "lint passed"
