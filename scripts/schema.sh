#!/usr/bin/env bash
# Generates the chart's values.schema.json and templates/lib/_generated.tpl from the
# pinned Kubernetes OpenAPI documents of every supported minor and values.yaml's
# comments (test/cmd/schema).
# With --check, fails when the committed files differ from what it would write.
#
# usage: scripts/schema.sh [--check]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" schema >&2
cd "$ROOT"
if [ "${1:-}" = --check ]; then
  log "values.schema.json and _generated.tpl match make schema"
  go run ./test/cmd/schema -check
else
  log "make schema: from the OpenAPI documents of Kubernetes $(kube_versions | paste -sd ' ') (the newest is the schema's source)"
  go run ./test/cmd/schema
fi
