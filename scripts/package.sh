#!/usr/bin/env bash
# Packages the chart into dist/ with a chart repository index.yaml (helm package, helm
# repo index). ESCRON_REPO_URL sets the absolute URL the index points at (default:
# relative, which works wherever dist/ is served); ESCRON_DIST_DIR replaces dist/.
#
# usage: scripts/package.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" package
dist="${ESCRON_DIST_DIR:-$ROOT/dist}"
rm -rf "$dist"
mkdir -p "$dist"
log "helm package charts/escron -> $dist"
timed "package" helm package "$ROOT/charts/escron" --destination "$dist" >/dev/null
log "helm repo index $dist"
timed "index" helm repo index "$dist" ${ESCRON_REPO_URL:+--url "$ESCRON_REPO_URL"}
ls -l "$dist" >&2
