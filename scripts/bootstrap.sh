#!/usr/bin/env bash
# Installs what building and testing aurora-gateway needs on a fresh Debian 12 machine (idempotent).
# Swift 6.3 itself is expected on PATH (the swift.org toolchain, e.g. /opt/swift/usr/bin).
set -euo pipefail
packages=(
  libkrb5-dev krb5-kdc krb5-admin-server krb5-user   # GSSAPI for the client, a throwaway KDC for the tests
  libcurl4-openssl-dev                               # all outbound HTTP
  libsqlite3-dev sqlite3                             # GRDB links the system SQLite
  libldap-dev slapd ldap-utils                       # the LDAP e-group directory and its test server
  default-jre-headless libthrift-java                # the Java reference scheduler (Apache Thrift's own TJSON)
  curl python3 procps pkg-config
)
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
