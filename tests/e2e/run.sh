#!/usr/bin/env bash
# Browser end-to-end test of the web UI against the real server.
#   tests/e2e/run.sh            installs what is missing, builds the UI if needed, runs the test
# Env: PACIFICSOFT_BIN (default build/pacificsoft, relative to the repository root),
#      E2E_TESTS (default "ui.test.mjs dashboard.test.mjs devices.test.mjs profiles.test.mjs rules.test.mjs": the test files, run one after the other),
#      CHROMIUM_BIN (default /usr/bin/chromium), UI_REBUILD=1 to rebuild ui/dist unconditionally.
# Exits non-zero when anything fails. Screenshots land in tests/e2e/screenshots/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

log() { printf 'e2e: %s\n' "$*"; }

# Node.js, npm and Debian's Chromium come from the project's installer; never a browser download.
"$repo/tools/install_deps.sh"
chromium_bin="${CHROMIUM_BIN:-/usr/bin/chromium}"
"$repo/tools/build_ui.sh"

bin="${PACIFICSOFT_BIN:-build/pacificsoft}"
case "$bin" in /*) ;; *) bin="$repo/$bin" ;; esac
if [ ! -x "$bin" ]; then
  log "server binary $bin not found: build it first (make build) or set PACIFICSOFT_BIN"
  exit 1
fi

log "running the browser test against $bin"
cd "$here"
# One file after the other: each starts its own server and browser.
status=0
for test in ${E2E_TESTS:-ui.test.mjs dashboard.test.mjs devices.test.mjs profiles.test.mjs rules.test.mjs}; do
  PACIFICSOFT_BIN="$bin" CHROMIUM_BIN="$chromium_bin" node --test "$test" || status=1
done
exit "$status"
