#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing Pacificsoft need.
# Quick and silent when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libsqlite3-dev libpq-dev libyaml-cpp-dev libspdlog-dev libjwt-dev libcrypt-dev
  zlib1g-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev duktape-dev libcoap3-dev libcoap3-bin
  libzookeeper-mt-dev librabbitmq-dev
  clang-format clang-tidy clang libclang-rt-14-dev
  curl openssl python3 python3-websocket python3-paho-mqtt mosquitto mosquitto-clients sqlite3
  chromium
)
# Node.js for the web UI: Debian's unless one is installed already (some machines carry
# NodeSource's, which bundles npm and conflicts with Debian's npm package).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q >/dev/null
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
