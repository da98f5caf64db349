#!/usr/bin/env bash
# Installs the locked npm packages of the web UI (and of its browser test) and builds ui/dist
# when it is missing or older than its sources. Quiet when there is nothing to do.
#   UI_REBUILD=1 rebuilds unconditionally.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ui="$repo/ui"

# npm packages exactly as locked; reinstalled when the lock file changed since the last install.
npm_ci() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "ui: npm ci in ${dir#$repo/}"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci "$ui"
npm_ci "$repo/tests/e2e"

if [ "${UI_REBUILD:-0}" = 1 ] || [ ! -f "$ui/dist/index.html" ] ||
   [ -n "$(find "$ui/src" "$ui/public" "$ui/index.html" "$ui/package-lock.json" "$ui/vite.config.ts" \
             -newer "$ui/dist/index.html" -print -quit 2>/dev/null)" ]; then
  echo "ui: building"
  (cd "$ui" && npm run build --silent)
fi
