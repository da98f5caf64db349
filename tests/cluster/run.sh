#!/usr/bin/env bash
# Runs the cluster tests against a real ZooKeeper: installs Debian's zookeeper when it is
# missing, starts a throwaway server (its own data dir, a free loopback port, no systemd), runs
#   1. cluster_zookeeper_test (membership, rendezvous ownership, fenced hand-over, duplicate ids,
#      ZooKeeper lost for longer than a session) with PACIFICSOFT_TEST_ZOOKEEPER set,
# then stops the server by its pid and removes it.
# Usage: tests/cluster/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="$(cd "${1:-$ROOT/build}" && pwd)"
ZK_TEST="$BUILD_DIR/src/cluster/zookeeper/cluster_zookeeper_test"
[[ -x "$ZK_TEST" ]] || { echo "cluster-test: $ZK_TEST not built (make build)" >&2; exit 2; }

ZK_SERVER=/usr/share/zookeeper/bin/zkServer.sh
if [[ ! -x "$ZK_SERVER" ]]; then
  echo "cluster-test: installing Debian's zookeeper"
  sudo_cmd=()
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends zookeeper >/dev/null
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK="$(mktemp -d /tmp/ps-zk-XXXXXX)"
ZK_PID=""
cleanup() {
  [[ -n "$ZK_PID" ]] && { kill -CONT "$ZK_PID" 2>/dev/null || true; kill "$ZK_PID" 2>/dev/null || true; }
  [[ -n "$ZK_PID" ]] && wait "$ZK_PID" 2>/dev/null || true
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

failed=0
echo "=== cluster_zookeeper_test"
PACIFICSOFT_TEST_ZOOKEEPER="127.0.0.1:$ZK_PORT" PACIFICSOFT_TEST_ZOOKEEPER_PID="$ZK_PID" \
  "$ZK_TEST" --gtest_brief=1 || failed=1

exit "$failed"
