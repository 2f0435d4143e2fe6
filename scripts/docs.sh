#!/usr/bin/env bash
# Regenerates charts/escron/README.md from README.md.gotmpl and values.yaml's
# helm-docs comments.
#
# usage: scripts/docs.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" docs
log "helm-docs: charts/escron/README.md"
helm-docs --chart-search-root "$ROOT/charts" --log-level warning
