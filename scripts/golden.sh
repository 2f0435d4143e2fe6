#!/usr/bin/env bash
# Refreshes the golden files of the ci scenarios (test/render/testdata/golden) from
# the current chart. Review the diff before committing it.
#
# usage: scripts/golden.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/tools.sh" golden
cd "$ROOT"
log "refreshing golden files"
ESCRON_UPDATE_GOLDEN=1 go test -count=1 -run 'TestScenarios$' ./test/render/
git --no-pager diff --stat -- test/render/testdata/golden
