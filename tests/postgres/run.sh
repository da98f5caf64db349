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

source "$ROOT/tests/lib/servers.sh"
WORK="$(mktemp -d /tmp/ps-pg-XXXXXX)"
chmod 755 "$WORK"
cleanup() {
  postgres_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

echo -n "postgres-test: "
postgres_start "$WORK"
URL="$PG_URL"

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
  tail -n 30 "$PG_LOG" || true
fi
exit $failed
