#!/usr/bin/env bash
# The README path with curl only: sysadmin creates a tenant and its admin, activation, customer and
# device, the device token is read, the server restarts on the same data dir, the token remains.
# Usage: readme_walkthrough.sh [BINARY]   (default: $PACIFICSOFT_BIN, else build/pacificsoft)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${1:-${PACIFICSOFT_BIN:-$HERE/../../build/pacificsoft}}"
[[ -x "$BIN" ]] || { echo "binary not found or not executable: $BIN" >&2; exit 2; }

free_port() {  # $1: tcp|udp
  python3 -c 'import socket,sys
kind = socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM
s = socket.socket(socket.AF_INET, kind); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "$1"
}

PORT="$(free_port tcp)"
MQTT_PORT="$(free_port tcp)"
COAP_PORT="$(free_port udp)"
DATA_DIR="$(mktemp -d /tmp/ps-walk-data-XXXXXX)"
LOGS="${PACIFICSOFT_TEST_LOGS:-/tmp/pacificsoft-it-logs}"
mkdir -p "$LOGS"
OUT="$LOGS/walkthrough-$$.out"
ERR="$LOGS/walkthrough-$$.err"
BODY="$(mktemp /tmp/ps-walk-body-XXXXXX)"
BASE="http://127.0.0.1:$PORT"
PID=""

cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA_DIR" "$BODY"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "---- server stdout ($OUT), last 30 lines ----" >&2; tail -n 30 "$OUT" >&2 || true
  echo "---- server stderr ($ERR), last 30 lines ----" >&2; tail -n 30 "$ERR" >&2 || true
  exit 1
}

start_server() {
  echo "== start #$1 on port $PORT (data $DATA_DIR)"
  env -u JWT_TOKEN_SIGNING_KEY -u DATABASE_ENTITIES_TYPE -u DATABASE_TS_TYPE \
    HTTP_BIND_ADDRESS=127.0.0.1 HTTP_BIND_PORT="$PORT" \
    MQTT_BIND_ADDRESS=127.0.0.1 MQTT_BIND_PORT="$MQTT_PORT" \
    COAP_BIND_ADDRESS=127.0.0.1 COAP_BIND_PORT="$COAP_PORT" \
    PACIFICSOFT_DATA_DIR="$DATA_DIR" INSTALL_LOAD_DEMO=true LOG_LEVEL=info \
    "$BIN" >>"$OUT" 2>>"$ERR" </dev/null &
  PID=$!
  for _ in $(seq 1 300); do
    kill -0 "$PID" 2>/dev/null || fail "server exited during start-up"
    if curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
         -d '{"username":"","password":""}' "$BASE/api/auth/login"; then
      return 0
    fi
    sleep 0.1
  done
  fail "server did not answer on $BASE within 30 s"
}

stop_server() {
  kill -TERM "$PID"
  local rc=0
  wait "$PID" || rc=$?
  PID=""
  [[ "$rc" == 0 ]] || fail "server exited with $rc after SIGTERM, expected 0"
  echo "== stopped with SIGTERM, exit 0"
}

# api METHOD PATH [JSON] -> prints the body; fails unless HTTP 200. Uses $TOKEN when set.
api() {
  local method="$1" path="$2" data="${3:-}" code
  local args=(-sS -o "$BODY" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json')
  [[ -n "${TOKEN:-}" ]] && args+=(-H "X-Authorization: Bearer $TOKEN")
  [[ -n "$data" ]] && args+=(-d "$data")
  code="$(curl "${args[@]}" "$BASE$path")" || fail "curl $method $path failed"
  [[ "$code" == 200 ]] || fail "$method $path -> HTTP $code: $(head -c 500 "$BODY")"
  cat "$BODY"
}

# json EXPR: reads JSON on stdin, prints d<EXPR>, e.g. json '["id"]["id"]'
json() {
  python3 -c 'import json,sys
d = json.load(sys.stdin)
v = eval("d" + sys.argv[1])
print(v if isinstance(v, str) else json.dumps(v))' "$1"
}

login() {
  TOKEN=""
  TOKEN="$(api POST /api/auth/login "{\"username\":\"$1\",\"password\":\"$2\"}" | json '["token"]')"
}

start_server 1

login sysadmin@pacificsoft.io sysadmin
echo "== logged in as sysadmin"
TENANT_ID="$(api POST /api/tenant '{"title":"Walkthrough Inc"}' | json '["id"]["id"]')"
echo "== tenant $TENANT_ID"
USER_ID="$(api POST '/api/user?sendActivationMail=false' \
  "{\"email\":\"walk@example.com\",\"authority\":\"TENANT_ADMIN\",\"firstName\":\"Walk\",\"lastName\":\"Through\",\"tenantId\":{\"entityType\":\"TENANT\",\"id\":\"$TENANT_ID\"}}" \
  | json '["id"]["id"]')"
echo "== tenant admin $USER_ID"
LINK="$(api GET "/api/user/$USER_ID/activationLink")"
ACTIVATE_TOKEN="$(printf '%s' "$LINK" | sed -n 's/.*activateToken=\([^&"]*\).*/\1/p')"
[[ -n "$ACTIVATE_TOKEN" ]] || fail "no activateToken in activation link: $LINK"
# The README extracts the token with ${LINK##*=}: the link must end with it.
[[ "${LINK##*=}" == "$ACTIVATE_TOKEN" ]] || fail "README's \${LINK##*=} gives '${LINK##*=}' for $LINK"
TOKEN=""
api POST /api/noauth/activate "{\"activateToken\":\"$ACTIVATE_TOKEN\",\"password\":\"walk-pass-1\"}" \
  | json '["token"]' >/dev/null
echo "== activated"

login walk@example.com walk-pass-1
echo "== logged in as the tenant admin"
CUSTOMER_ID="$(api POST /api/customer '{"title":"Walk Customer"}' | json '["id"]["id"]')"
DEVICE_ID="$(api POST /api/device '{"name":"Walk Thermometer","type":"thermometer","label":"Hall"}' \
  | json '["id"]["id"]')"
api POST "/api/customer/$CUSTOMER_ID/device/$DEVICE_ID" >/dev/null
DEVICE_TOKEN="$(api GET "/api/device/$DEVICE_ID/credentials" | json '["credentialsId"]')"
[[ -n "$DEVICE_TOKEN" && "$DEVICE_TOKEN" != null ]] || fail "device has no access token"
echo "== device $DEVICE_ID of customer $CUSTOMER_ID has token $DEVICE_TOKEN"

stop_server
start_server 2

login walk@example.com walk-pass-1
AFTER="$(api GET "/api/device/$DEVICE_ID/credentials" | json '["credentialsId"]')"
[[ "$AFTER" == "$DEVICE_TOKEN" ]] || fail "token after restart is '$AFTER', expected '$DEVICE_TOKEN'"
OWNER="$(api GET "/api/device/$DEVICE_ID" | json '["customerId"]["id"]')"
[[ "$OWNER" == "$CUSTOMER_ID" ]] || fail "device customer after restart is $OWNER, expected $CUSTOMER_ID"
echo "== after restart: same token, same customer"
stop_server
echo "PASS readme_walkthrough"
