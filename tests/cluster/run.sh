#!/usr/bin/env bash
# Runs the cluster tests against real servers: a ZooKeeper, a RabbitMQ broker and a PostgreSQL
# (installed when missing, started on free loopback ports in a temp dir, stopped by pid):
#   1. cluster_zookeeper_test: membership, rendezvous ownership, fenced hand-over, duplicate ids,
#      ZooKeeper lost for longer than a session (PACIFICSOFT_TEST_ZOOKEEPER),
#   2. queue_rabbitmq_test: the queue contract on quorum queues: confirms, order, redelivery of
#      what was not committed, backlog (PACIFICSOFT_TEST_RABBITMQ),
#   3. failover_test.py: two nodes on the three servers behind HAProxy (deploy/haproxy); one is
#      killed (kill -9) while a device publishes through HAProxy, and every acknowledged message
#      is stored.
# Usage: tests/cluster/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="$(cd "${1:-$ROOT/build}" && pwd)"
ZK_TEST="$BUILD_DIR/src/cluster/zookeeper/cluster_zookeeper_test"
MQ_TEST="$BUILD_DIR/src/queue/rabbitmq/queue_rabbitmq_test"
BIN="$BUILD_DIR/pacificsoft"
for file in "$ZK_TEST" "$MQ_TEST" "$BIN"; do
  [[ -x "$file" ]] || { echo "cluster-test: $file not built (make build)" >&2; exit 2; }
done

source "$ROOT/tests/lib/servers.sh"
cluster_servers

failed=0
echo "=== cluster_zookeeper_test"
PACIFICSOFT_TEST_ZOOKEEPER="127.0.0.1:$ZK_PORT" PACIFICSOFT_TEST_ZOOKEEPER_PID="$ZK_PID" \
  "$ZK_TEST" --gtest_brief=1 || failed=1

echo "=== queue_rabbitmq_test"
PACIFICSOFT_TEST_RABBITMQ="127.0.0.1:$MQ_PORT" "$MQ_TEST" --gtest_brief=1 || failed=1

echo "=== failover_test"
/usr/bin/python3 -c "import kazoo" 2>/dev/null || install_packages python3-kazoo
command -v haproxy >/dev/null || install_packages haproxy
PACIFICSOFT_BIN="$BIN" PACIFICSOFT_TEST_POSTGRES="$PG_URL" \
  PACIFICSOFT_TEST_ZOOKEEPER="127.0.0.1:$ZK_PORT" PACIFICSOFT_TEST_RABBITMQ="127.0.0.1:$MQ_PORT" \
  /usr/bin/python3 "$HERE/failover_test.py" || failed=1

exit "$failed"
