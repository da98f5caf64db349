#!/usr/bin/env bash
# Browser end-to-end test of the web UI against the real server.
#   tests/e2e/run.sh            installs what is missing, builds the UI if needed, runs the test
# Env: PACIFICSOFT_BIN (default build/pacificsoft, relative to the repository root),
#      CHROMIUM_BIN (default /usr/bin/chromium), UI_REBUILD=1 to rebuild ui/dist unconditionally.
# Exits non-zero when anything fails. Screenshots land in tests/e2e/screenshots/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ui="$repo/ui"
cd "$repo"

log() { printf 'e2e: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

# Node.js and npm (Debian's packages; any Node >= 18 will do).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing nodejs and npm from apt"
  as_root apt-get update -qq
  as_root apt-get install -y -qq nodejs npm
fi

# Debian's Chromium; never a browser download.
chromium_bin="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  log "installing chromium from apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# npm packages, exactly as locked. Reinstall when the lock file changed since the last install.
npm_ci() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "npm ci in ${dir#$repo/}"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
npm_ci "$ui"
npm_ci "$here"

# Build the UI when dist/ is missing or older than any source file.
if [ "${UI_REBUILD:-0}" = 1 ] || [ ! -f "$ui/dist/index.html" ] ||
   [ -n "$(find "$ui/src" "$ui/public" "$ui/index.html" "$ui/package-lock.json" "$ui/vite.config.ts" \
             -newer "$ui/dist/index.html" -print -quit 2>/dev/null)" ]; then
  log "building the UI"
  (cd "$ui" && npm run build)
fi

bin="${PACIFICSOFT_BIN:-build/pacificsoft}"
case "$bin" in /*) ;; *) bin="$repo/$bin" ;; esac
if [ ! -x "$bin" ]; then
  log "server binary $bin not found: build it first (make build) or set PACIFICSOFT_BIN"
  exit 1
fi

log "running the browser test against $bin"
cd "$here"
PACIFICSOFT_BIN="$bin" CHROMIUM_BIN="$chromium_bin" node --test ui.test.mjs
