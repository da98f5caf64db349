#!/usr/bin/env bash
# Runs the PostgreSQL store tests and scenarios against a real PostgreSQL: installs
# Debian's postgresql when it is missing, starts a throwaway cluster in a temp dir on a free
# loopback port (as the postgres user, or nobody, when run as root), runs
#   1. storage_postgres_test (the EntityStore, TimeseriesStore and AttributeStore contracts and
#      the PostgreSQL-only tests) with PACIFICSOFT_TEST_POSTGRES_URL set,
#   2. tests/integration/03_entities_test.py with the server's entities on PostgreSQL
#      (PACIFICSOFT_IT_POSTGRES_URL: harness.py gives each server its own schema),
#   3. the scenario files that use storage (02, 04-17: auth, isolation, errors, telemetry,
#      WebSocket, every device transport, durability, rule chains, alarms, rule nodes) with
#      entities, time series and attributes on PostgreSQL (PACIFICSOFT_IT_POSTGRES_TS=1),
#   4. outage_test.py: the cluster holding the time series stopped and started under load,
# then stops the cluster and removes it.
# Usage: tests/postgres/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="$(cd "${1:-$ROOT/build}" && pwd)"
UNIT_TEST="$BUILD_DIR/src/storage/postgres/storage_postgres_test"
BIN="$BUILD_DIR/pacificsoft"
for file in "$UNIT_TEST" "$BIN"; do
  [[ -x "$file" ]] || { echo "postgres-test: $file not built (make build)" >&2; exit 2; }
done

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [[ -z "$(pg_bin_dir)" ]]; then
  echo "postgres-test: installing Debian's postgresql"
  sudo_cmd=()
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends postgresql >/dev/null
fi
PG_BIN="$(pg_bin_dir)"

# PostgreSQL refuses to run as root: the cluster belongs to postgres (or nobody) then.
WORK="$(mktemp -d /tmp/ps-pg-XXXXXX)"
run_as=()
if [[ "$(id -u)" -eq 0 ]]; then
  owner=nobody
  id postgres >/dev/null 2>&1 && owner=postgres
  chown "$owner" "$WORK"
  run_as=(runuser -u "$owner" --)
fi
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "postgres-test: cluster in $WORK on 127.0.0.1:$PORT ($("$PG_BIN/postgres" --version))"
# The C.UTF-8 locale, and the stores sort with COLLATE "C" whatever the locale is.
"${run_as[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; exit 1; }
# fsync off: a throwaway cluster; the durability tests are not about PostgreSQL's.
PG_START=("${run_as[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c max_connections=200")
PG_STOP=("${run_as[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop)
"${PG_START[@]}" >/dev/null || { cat "$WORK/server.log"; exit 1; }
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE pacificsoft_test"
URL="postgresql://postgres@127.0.0.1:$PORT/pacificsoft_test"

failed=0
echo "=== storage_postgres_test"
PACIFICSOFT_TEST_POSTGRES_URL="$URL" "$UNIT_TEST" --gtest_brief=1 || failed=1

echo "=== 03_entities_test (entities on PostgreSQL)"
PACIFICSOFT_IT_POSTGRES_URL="$URL" PACIFICSOFT_BIN="$BIN" \
  python3 "$ROOT/tests/integration/03_entities_test.py" || failed=1

for scenario in 02_auth_test 04_isolation_test 05_errors_paging_test 06_telemetry_test \
  07_websocket_test 08_http_device_test 09_mqtt_device_test 10_mqtt_durability_test \
  11_mqtt_gateway_tls_test 12_coap_device_test 13_provisioning_test 14_device_limits_test \
  15_rule_chains_test 16_alarms_test 17_rule_nodes_test; do
  echo "=== $scenario (entities and telemetry on PostgreSQL)"
  PACIFICSOFT_IT_POSTGRES_URL="$URL" PACIFICSOFT_IT_POSTGRES_TS=1 PACIFICSOFT_BIN="$BIN" \
    python3 "$ROOT/tests/integration/$scenario.py" || failed=1
done

echo "=== outage_test (telemetry on PostgreSQL, the cluster stopped and started under load)"
PACIFICSOFT_IT_POSTGRES_URL="$URL" PACIFICSOFT_IT_POSTGRES_TS=1 PACIFICSOFT_BIN="$BIN" \
  PACIFICSOFT_IT_PG_STOP="${PG_STOP[*]@Q}" PACIFICSOFT_IT_PG_START="${PG_START[*]@Q}" \
  python3 "$HERE/outage_test.py" || failed=1

if [[ $failed -ne 0 ]]; then
  echo "postgres-test: FAILED (server log: last lines)"
  tail -n 30 "$WORK/server.log" || true
fi
exit $failed
