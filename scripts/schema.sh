#!/usr/bin/env bash
# Generates the chart's values.schema.json and templates/lib/_generated.tpl from the
# pinned Kubernetes OpenAPI documents and values.yaml's comments (test/cmd/schema).
# With --check, fails when the committed files differ from what it would write.
#
# usage: scripts/schema.sh [--check]
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" schema >&2
cd "$ROOT"
if [ "${1:-}" = --check ]; then
  log "values.schema.json and _generated.tpl match make schema"
  go run ./test/cmd/schema -kube-version "$KUBERNETES_VERSION" -check
else
  log "make schema: from the Kubernetes $KUBERNETES_VERSION OpenAPI documents"
  go run ./test/cmd/schema -kube-version "$KUBERNETES_VERSION"
fi
