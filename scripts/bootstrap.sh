#!/usr/bin/env bash
# Installs what building and testing aurora-gateway needs on a fresh Debian 12 machine (idempotent).
# Swift 6.3 itself is expected on PATH (the swift.org toolchain, e.g. /opt/swift/usr/bin).
set -euo pipefail
# The one list of Debian packages (MIT Kerberos, libcurl, SQLite, OpenLDAP, a JRE with Apache Thrift, tools).
mapfile -t packages < <(grep -v '^#' "$(dirname "$0")/packages.txt" | tr ' ' '\n' | grep -v '^$')
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# schemathesis checks the served OpenAPI spec against the running gateway (scripts/schemathesis.sh).
python3 -m pip show schemathesis >/dev/null 2>&1 || python3 -m pip install -q "schemathesis==4.32.5"
command -v swift >/dev/null || { echo "swift not found: install the Swift 6.3 toolchain and put it on PATH" >&2; exit 1; }
