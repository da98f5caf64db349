#!/usr/bin/env bash
# Runs every NN_*_test.py scenario file and the README walkthrough against one binary, one after
# the other (the machine has 2 cores), prints a summary and exits non-zero if any failed.
# Usage: run_all.sh BINARY   (logs of each file and each server go to $PACIFICSOFT_TEST_LOGS)
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${1:-${PACIFICSOFT_BIN:-}}"
if [[ -z "$BIN" ]]; then
  echo "usage: $0 BINARY" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$BIN")" 2>/dev/null && pwd)/$(basename "$BIN")"
if [[ ! -x "$BIN" ]]; then
  echo "binary not found or not executable: $BIN" >&2
  exit 2
fi
export PACIFICSOFT_BIN="$BIN"
export PACIFICSOFT_TEST_LOGS="${PACIFICSOFT_TEST_LOGS:-$(mktemp -d /tmp/pacificsoft-it-XXXXXX)}"
mkdir -p "$PACIFICSOFT_TEST_LOGS"
echo "binary: $BIN"
echo "logs:   $PACIFICSOFT_TEST_LOGS"

declare -a names results times
failed=0
started_all=$SECONDS

run_one() {  # $1: label, rest: command
  local label="$1"; shift
  local log="$PACIFICSOFT_TEST_LOGS/$label.log" start=$SECONDS rc=0
  echo
  echo "=== $label"
  "$@" >"$log" 2>&1 || rc=$?
  # Show the per-test lines (and, on failure, everything) so the run reads well in CI logs.
  if [[ $rc == 0 ]]; then
    grep -E ' \.\.\. |^Ran |^OK|^PASS|^== ' "$log" || true
  else
    cat "$log"
    failed=1
  fi
  names+=("$label")
  results+=("$([[ $rc == 0 ]] && echo PASS || echo "FAIL (exit $rc)")")
  times+=("$((SECONDS - start))")
}

for test_file in "$HERE"/[0-9][0-9]_*_test.py; do
  run_one "$(basename "$test_file" .py)" python3 "$test_file"
done
run_one readme_walkthrough bash "$HERE/readme_walkthrough.sh" "$BIN"

echo
echo "=== summary ($((SECONDS - started_all)) s, logs in $PACIFICSOFT_TEST_LOGS)"
for i in "${!names[@]}"; do
  printf '  %-28s %-16s %4ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
# One line per failing test or subtest: unittest's header and the first line of its error.
python3 - "$PACIFICSOFT_TEST_LOGS" <<'PY'
import glob, os, re, sys
for log in sorted(glob.glob(os.path.join(sys.argv[1], "[0-9][0-9]_*_test.log"))):
    header = None
    for line in open(log, errors="replace"):
        line = line.rstrip("\n")
        if re.match(r"^(FAIL|ERROR): ", line):
            header = line
        elif header and re.match(r"^[A-Za-z_.]*(Error|Exception)\b", line):
            print("  %s: %s\n      -> %s" % (os.path.basename(log)[:-4], header, line[:400]))
            header = None
PY
exit $failed
