#!/usr/bin/env bash
# Runs the Java stand-in Aurora scheduler (Tests/Peers/AuroraJavaScheduler.java) as a single-file
# source program: Apache Thrift's Java protocols + JGSS, no build step.
#
#   scripts/java-scheduler.sh [--port N] [--cluster NAME] [--keytab FILE --principal HTTP/host@REALM]
#                             [--redirect-to URL] [--ready-file FILE] [--verbose]
#
# Needs Debian's default-jre-headless (Java >= 11) and libthrift-java (/usr/share/java/thrift.jar);
# JAVA and JAVA_LIBDIR override the java binary and the jar directory.
# KRB5_CONFIG is passed on as java.security.krb5.conf; extra JVM flags go in JAVA_OPTS
# (e.g. JAVA_OPTS=-Dsun.security.krb5.debug=true).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jars=${JAVA_LIBDIR:-/usr/share/java}
java=${JAVA:-java}

missing() { echo "java-scheduler: $1 not found; install it with: apt-get install default-jre-headless libthrift-java" >&2; exit 1; }
command -v "$java" >/dev/null 2>&1 || missing "java"
for jar in thrift.jar slf4j-api.jar; do [ -f "$jars/$jar" ] || missing "$jars/$jar"; done
# slf4j-nop silences "failed to load class StaticLoggerBinder"; optional
cp="$jars/thrift.jar:$jars/slf4j-api.jar"
[ -f "$jars/slf4j-nop.jar" ] && cp="$cp:$jars/slf4j-nop.jar"

# shellcheck disable=SC2086
exec "$java" ${JAVA_OPTS:-} -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$cp" \
  "$here/Tests/Peers/AuroraJavaScheduler.java" "$@"
