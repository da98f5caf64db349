# Throwaway servers for the test scripts, sourced by them: each installs its Debian package
# when missing, runs on free loopback ports in a directory of the caller's, without systemd, and
# is stopped by its pid.

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# install_packages NAME...: apt-get install what is asked for (as root, or through sudo).
install_packages() {
  echo "installing Debian's $*"
  local sudo_cmd=()
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends \
    "$@" >/dev/null
}

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# postgres_start DIR: a cluster in DIR/pg with the database pacificsoft_test. Sets PG_BIN,
# PG_PORT, PG_URL, PG_LOG and the commands PG_START and PG_STOP (arrays); postgres_stop ends it.
postgres_start() {
  local dir="$1/pg"
  [[ -n "$(pg_bin_dir)" ]] || install_packages postgresql
  PG_BIN="$(pg_bin_dir)"
  mkdir -p "$dir"
  # PostgreSQL refuses to run as root: the cluster belongs to postgres (or nobody) then.
  PG_RUN_AS=()
  if [[ "$(id -u)" -eq 0 ]]; then
    local owner=nobody
    id postgres >/dev/null 2>&1 && owner=postgres
    chown "$owner" "$dir"
    PG_RUN_AS=(runuser -u "$owner" --)
  fi
  PG_PORT="$(free_port)"
  PG_DATA="$dir/data"
  PG_LOG="$dir/server.log"
  # The C.UTF-8 locale, and the stores sort with COLLATE "C" whatever the locale is.
  "${PG_RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
  # fsync off: a throwaway cluster; the durability tests are not about PostgreSQL's.
  PG_START=("${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir -c fsync=off -c max_connections=200")
  PG_STOP=("${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop)
  "${PG_START[@]}" >/dev/null || { cat "$PG_LOG"; return 1; }
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE DATABASE pacificsoft_test"
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/pacificsoft_test"
  echo "PostgreSQL on 127.0.0.1:$PG_PORT ($("$PG_BIN/postgres" --version))"
}

postgres_stop() {
  [[ -n "${PG_DATA:-}" ]] || return 0
  "${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
}

# zookeeper_start DIR: a standalone server in DIR/zookeeper. Sets ZK_PORT and ZK_PID (the java
# process: a test may stop and continue it). tickTime 500 ms: sessions of 1 to 10 s, so tests
# can outlast one in a few seconds.
zookeeper_start() {
  local dir="$1/zookeeper"
  local server=/usr/share/zookeeper/bin/zkServer.sh
  [[ -x "$server" ]] || install_packages zookeeper
  mkdir -p "$dir/data"
  ZK_PORT="$(free_port)"
  cat >"$dir/zoo.cfg" <<CFG
tickTime=500
dataDir=$dir/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
maxClientCnxns=0
4lw.commands.whitelist=ruok
CFG
  ZOOCFGDIR="$dir" ZOO_LOG_DIR="$dir" "$server" start-foreground "$dir/zoo.cfg" \
    >"$dir/server.log" 2>&1 &
  ZK_PID=$!
  python3 - "$ZK_PORT" <<'PY' || { cat "$dir/server.log"; return 1; }
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
  echo "ZooKeeper on 127.0.0.1:$ZK_PORT (pid $ZK_PID)"
}

zookeeper_stop() {
  [[ -n "${ZK_PID:-}" ]] || return 0
  kill -CONT "$ZK_PID" 2>/dev/null || true
  kill "$ZK_PID" 2>/dev/null || true
  wait "$ZK_PID" 2>/dev/null || true
}

# rabbitmq_start DIR: a broker in DIR/rabbitmq with its own node name, ports (AMQP,
# distribution, port mapper), data and Erlang cookie. Sets MQ_PORT and MQ_PID.
rabbitmq_start() {
  local dir="$1/rabbitmq"
  local bin=/usr/lib/rabbitmq/bin
  [[ -x "$bin/rabbitmq-server" ]] || install_packages rabbitmq-server
  mkdir -p "$dir"
  MQ_PORT="$(free_port)"
  printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\n' "$MQ_PORT" >"$dir/rabbitmq.conf"
  echo "[]." >"$dir/enabled_plugins"
  export HOME="$dir" RABBITMQ_NODENAME="pstest-$$@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$MQ_PORT" RABBITMQ_DIST_PORT="$(free_port)" \
    ERL_EPMD_PORT="$(free_port)" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_PID_FILE="$dir/pid"
  "$bin/rabbitmq-server" >"$dir/server.log" 2>&1 &
  "$bin/rabbitmqctl" wait "$RABBITMQ_PID_FILE" --timeout 120 >"$dir/wait.log" 2>&1 \
    || { cat "$dir/wait.log" "$dir/server.log"; return 1; }
  MQ_PID="$(cat "$RABBITMQ_PID_FILE")"
  echo "RabbitMQ on 127.0.0.1:$MQ_PORT (pid $MQ_PID)"
}

rabbitmq_stop() {
  [[ -n "${MQ_PID:-}" ]] || return 0
  kill "$MQ_PID" 2>/dev/null || true
  while kill -0 "$MQ_PID" 2>/dev/null; do sleep 0.1; done
  # Its port mapper (epmd) runs on its own port, started for this broker alone.
  epmd -kill >/dev/null 2>&1 || true
}

# cluster_servers: a ZooKeeper, a RabbitMQ broker and a PostgreSQL in a new temp dir, stopped and
# removed when the calling script exits. Sets what their _start functions set, and WORK.
cluster_servers() {
  WORK="$(mktemp -d /tmp/ps-cluster-XXXXXX)"
  chmod 755 "$WORK"
  trap 'zookeeper_stop; rabbitmq_stop; postgres_stop; rm -rf "$WORK"' EXIT
  zookeeper_start "$WORK"
  rabbitmq_start "$WORK"
  postgres_start "$WORK"
}
