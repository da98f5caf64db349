#!/usr/bin/env bash
# Starts the cluster's servers (ZooKeeper, RabbitMQ, PostgreSQL: tests/lib/servers.sh) and runs
# bench/cluster_bench.py against them. Usage: bench/run_cluster_bench.sh [cluster_bench args]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
source "$ROOT/tests/lib/servers.sh"
command -v haproxy >/dev/null || install_packages haproxy
cluster_servers
PACIFICSOFT_TEST_POSTGRES="$PG_URL" PACIFICSOFT_TEST_ZOOKEEPER="127.0.0.1:$ZK_PORT" \
  PACIFICSOFT_TEST_RABBITMQ="127.0.0.1:$MQ_PORT" /usr/bin/python3 "$HERE/cluster_bench.py" "$@"
