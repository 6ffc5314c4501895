#!/usr/bin/env bash
# A throwaway MIT Kerberos realm on loopback for the tests and benchmarks.
#
#   scripts/test-kdc.sh start DIR [--watch PID]   create realm AGW.TEST in DIR, start krb5kdc on a free port
#   scripts/test-kdc.sh resume DIR [--watch PID]  start the KDC of DIR again after a stop (same port, same keys)
#   scripts/test-kdc.sh stop DIR                  stop the KDC started in DIR (by pid)
#
# Nothing outside DIR is touched: private KRB5_CONFIG and KRB5_KDC_PROFILE, replay cache in DIR, no DNS.
# DIR/env.sh exports the environment; keytabs:
#   gateway.keytab      aurora-gw/localhost@AGW.TEST   (the gateway's principal)
#   shortlived.keytab   shortlived/localhost@AGW.TEST  (tickets live 1 minute)
#   http-localhost.keytab  HTTP/localhost@AGW.TEST     (a scheduler on "localhost")
#   http-127.keytab     HTTP/127.0.0.1@AGW.TEST        (a scheduler on "127.0.0.1")
#   http.keytab         both HTTP principals
#   dead.keytab         gw/localhost@DEAD.TEST, a realm whose KDC never answers
# With --watch PID the KDC is stopped when that process exits (tests that start their own KDC).
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [--watch PID]" >&2; exit 2; }
export PATH="$PATH:/usr/sbin:/sbin"
REALM=AGW.TEST

. "$(dirname "$0")/test-daemon.sh"
stop() { stop_daemon "$dir/krb5kdc.pid" krb5kdc; }

case "$cmd" in
stop) stop; exit 0 ;;
start|resume)
  close_inherited_fds
  ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac

# Starts krb5kdc from DIR's files, waits until it listens, and with --watch stops it when PID exits.
launch() {
  krb5kdc -n -P "$dir/krb5kdc.pid.tmp" >"$dir/krb5kdc.out" 2>&1 &
  kdc=$!
  echo "$kdc" > "$dir/krb5kdc.pid"
  up=0
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=1; break; fi
    kill -0 "$kdc" 2>/dev/null || { echo "krb5kdc exited; see $dir/krb5kdc.out and $dir/kdc.log" >&2; exit 1; }
    sleep 0.1
  done
  [ "$up" = 1 ] || { echo "krb5kdc is not listening on 127.0.0.1:$port after 10 s; see $dir/kdc.log" >&2; kill "$kdc"; exit 1; }
  watch_daemon "$kdc" "$dir/krb5kdc.pid" "${3:-}" "${4:-}"
  echo "KDC for $REALM on 127.0.0.1:$port (pid $kdc); source $dir/env.sh"
}

if [ "$cmd" = resume ]; then
  [ -f "$dir/env.sh" ] || { echo "$dir holds no KDC to resume: run start first" >&2; exit 1; }
  . "$dir/env.sh"; port=$AGW_TEST_KDC_PORT
  stop
  launch "$@"
  exit 0
fi

for tool in krb5kdc kdb5_util kadmin.local ktutil; do
  command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install krb5-kdc krb5-admin-server krb5-user" >&2; exit 1; }
done
command -v python3 >/dev/null || { echo "python3 not found: apt-get install python3" >&2; exit 1; }
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
stop
rm -rf "$dir/db" "$dir"/*.keytab "$dir/rcache"; mkdir -p "$dir/db"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
dead_port=$(free_port)   # nothing listens here: realm DEAD.TEST has no reachable KDC

cat > "$dir/krb5.conf" <<CONF
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    qualify_shortname = ""
    ticket_lifetime = 10h
    renew_lifetime = 1d
    kdc_timeout = 1s
    max_retries = 1
    udp_preference_limit = 1
[realms]
    $REALM = {
        kdc = 127.0.0.1:$port
    }
    DEAD.TEST = {
        kdc = 127.0.0.1:$dead_port
    }
[domain_realm]
    localhost = $REALM
    127.0.0.1 = $REALM
CONF
cat > "$dir/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$port
    kdc_tcp_listen = 127.0.0.1:$port
[realms]
    $REALM = {
        database_name = $dir/db/principal
        key_stash_file = $dir/db/stash
        acl_file = $dir/db/kadm5.acl
        max_life = 10h
        max_renewable_life = 1d
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
    }
[logging]
    kdc = FILE:$dir/kdc.log
    default = FILE:$dir/krb5lib.log
CONF
cat > "$dir/env.sh" <<ENV
export KRB5_CONFIG=$dir/krb5.conf
export KRB5_KDC_PROFILE=$dir/kdc.conf
export KRB5RCACHENAME=file2:$dir/rcache
export KRB5CCNAME=MEMORY:agw-test-unused
export AGW_TEST_KDC_DIR=$dir
export AGW_TEST_REALM=$REALM
export AGW_TEST_KDC_PORT=$port
ENV
. "$dir/env.sh"
: > "$dir/db/kadm5.acl"

kdb5_util create -s -r "$REALM" -P "test-master-$(date +%s%N)" >/dev/null 2>"$dir/kdb5_util.log"
q() { kadmin.local -r "$REALM" -q "$1" >>"$dir/kadmin.log" 2>&1; }
q "addprinc -randkey aurora-gw/localhost@$REALM"
q "addprinc -randkey HTTP/localhost@$REALM"
q "addprinc -randkey HTTP/127.0.0.1@$REALM"
q "addprinc -randkey -maxlife 1min -maxrenewlife 2min shortlived/localhost@$REALM"
q "ktadd -k $dir/gateway.keytab aurora-gw/localhost@$REALM"
q "ktadd -k $dir/shortlived.keytab shortlived/localhost@$REALM"
q "ktadd -k $dir/http-localhost.keytab HTTP/localhost@$REALM"
q "ktadd -k $dir/http-127.keytab HTTP/127.0.0.1@$REALM"
q "ktadd -k $dir/http.keytab -norandkey HTTP/localhost@$REALM"
q "ktadd -k $dir/http.keytab -norandkey HTTP/127.0.0.1@$REALM"
# a keytab for a realm whose KDC is down (ktutil needs no KDC)
printf 'addent -password -p gw/localhost@DEAD.TEST -k 1 -e aes256-cts-hmac-sha1-96\nunreachable-%s\nwkt %s\n' "$$" "$dir/dead.keytab" \
  | ktutil >>"$dir/kadmin.log" 2>&1
chmod 600 "$dir"/*.keytab

launch "$@"
