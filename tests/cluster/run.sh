#!/usr/bin/env bash
# Runs the cluster tests against a real ZooKeeper and a real RabbitMQ: installs Debian's
# zookeeper and rabbitmq-server when missing, starts throwaway servers (their own data dirs,
# free loopback ports, no systemd), runs
#   1. cluster_zookeeper_test (membership, rendezvous ownership, fenced hand-over, duplicate ids,
#      ZooKeeper lost for longer than a session) with PACIFICSOFT_TEST_ZOOKEEPER set,
#   2. queue_rabbitmq_test (the queue contract on quorum queues: confirms, order, redelivery of
#      what was not committed, backlog) with PACIFICSOFT_TEST_RABBITMQ set,
# then stops the servers by their pids and removes them.
# Usage: tests/cluster/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="$(cd "${1:-$ROOT/build}" && pwd)"
ZK_TEST="$BUILD_DIR/src/cluster/zookeeper/cluster_zookeeper_test"
MQ_TEST="$BUILD_DIR/src/queue/rabbitmq/queue_rabbitmq_test"
for file in "$ZK_TEST" "$MQ_TEST"; do
  [[ -x "$file" ]] || { echo "cluster-test: $file not built (make build)" >&2; exit 2; }
done

ZK_SERVER=/usr/share/zookeeper/bin/zkServer.sh
MQ_BIN=/usr/lib/rabbitmq/bin
missing=()
[[ -x "$ZK_SERVER" ]] || missing+=(zookeeper)
[[ -x "$MQ_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "cluster-test: installing Debian's ${missing[*]}"
  sudo_cmd=()
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK="$(mktemp -d /tmp/ps-cluster-XXXXXX)"
ZK_PID=""
MQ_PID=""
cleanup() {
  [[ -n "$ZK_PID" ]] && { kill -CONT "$ZK_PID" 2>/dev/null || true; kill "$ZK_PID" 2>/dev/null || true; }
  [[ -n "$ZK_PID" ]] && wait "$ZK_PID" 2>/dev/null || true
  if [[ -n "$MQ_PID" ]]; then
    kill "$MQ_PID" 2>/dev/null || true
    while kill -0 "$MQ_PID" 2>/dev/null; do sleep 0.1; done
  fi
  # The broker's port mapper (epmd) runs on its own port, started for this broker alone.
  [[ -n "${ERL_EPMD_PORT:-}" ]] && { epmd -kill >/dev/null 2>&1 || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

# tickTime 500 ms: sessions of 1 to 10 s, so the tests can outlast one in a few seconds.
ZK_PORT="$(free_port)"
mkdir -p "$WORK/data"
cat >"$WORK/zoo.cfg" <<CFG
tickTime=500
dataDir=$WORK/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
maxClientCnxns=0
4lw.commands.whitelist=ruok
CFG
ZOOCFGDIR="$WORK" ZOO_LOG_DIR="$WORK" "$ZK_SERVER" start-foreground "$WORK/zoo.cfg" \
  >"$WORK/server.log" 2>&1 &
ZK_PID=$!
python3 - "$ZK_PORT" <<'PY' || { cat "$WORK/server.log"; exit 1; }
import socket, sys, time
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
            s.sendall(b"ruok")
            if s.recv(4) == b"imok":
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit("ZooKeeper did not answer within 60 s")
PY
# The java process itself (zkServer.sh execs it), stopped and continued by a test.
echo "cluster-test: ZooKeeper on 127.0.0.1:$ZK_PORT (pid $ZK_PID)"

# RabbitMQ: its own node name, ports (AMQP, distribution, port mapper), data and cookie.
MQ_PORT="$(free_port)"
mkdir -p "$WORK/rabbitmq"
printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\n' "$MQ_PORT" >"$WORK/rabbitmq/rabbitmq.conf"
echo "[]." >"$WORK/rabbitmq/enabled_plugins"
export HOME="$WORK/rabbitmq" RABBITMQ_NODENAME="pstest-$$@localhost" \
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$MQ_PORT" \
  RABBITMQ_DIST_PORT="$(free_port)" ERL_EPMD_PORT="$(free_port)" ERL_EPMD_ADDRESS=127.0.0.1 \
  RABBITMQ_MNESIA_BASE="$WORK/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$WORK/rabbitmq/log" \
  RABBITMQ_CONFIG_FILE="$WORK/rabbitmq/rabbitmq" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/rabbitmq/enabled_plugins" \
  RABBITMQ_PID_FILE="$WORK/rabbitmq/pid"
"$MQ_BIN/rabbitmq-server" >"$WORK/rabbitmq/server.log" 2>&1 &
"$MQ_BIN/rabbitmqctl" wait "$RABBITMQ_PID_FILE" --timeout 120 >"$WORK/rabbitmq/wait.log" 2>&1 \
  || { cat "$WORK/rabbitmq/wait.log" "$WORK/rabbitmq/server.log"; exit 1; }
MQ_PID="$(cat "$RABBITMQ_PID_FILE")"
echo "cluster-test: RabbitMQ on 127.0.0.1:$MQ_PORT (pid $MQ_PID)"

failed=0
echo "=== cluster_zookeeper_test"
PACIFICSOFT_TEST_ZOOKEEPER="127.0.0.1:$ZK_PORT" PACIFICSOFT_TEST_ZOOKEEPER_PID="$ZK_PID" \
  "$ZK_TEST" --gtest_brief=1 || failed=1

echo "=== queue_rabbitmq_test"
PACIFICSOFT_TEST_RABBITMQ="127.0.0.1:$MQ_PORT" "$MQ_TEST" --gtest_brief=1 || failed=1

exit "$failed"
