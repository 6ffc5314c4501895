#!/usr/bin/env bash
# A throwaway OpenLDAP slapd on loopback with a DIT shaped like CERN's xldap, for the directory tests.
#
#   scripts/test-slapd.sh start DIR [--watch PID]   config, database and data in DIR; slapd on a free port
#   scripts/test-slapd.sh stop DIR                  stop it (by pid)
#   scripts/test-slapd.sh resume DIR [--watch PID]  start the slapd of DIR again after a stop (same port, same data)
#
# DIR/env.sh exports AGW_TEST_LDAP_URL, AGW_TEST_LDAP_ADMIN_DN and AGW_TEST_LDAP_PASSWORD_FILE.
# Users (OU=Users,OU=Organic Units,DC=cern,DC=ch): alice, bob, carol, dave. E-groups (OU=e-groups,OU=Workgroups):
#   alice-aurora-users   = alice, bob
#   alice-aurora-devs    = carol            (nested: a member of alice-aurora-mesostest)
#   alice-aurora-mesostest = alice, alice-aurora-devs
#   alice-aurora-admins  = dave
# and OU=other,DC=cern,DC=ch holds a group outside the e-groups OU (never counted). memberOf comes from slapo-memberof.
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [--watch PID]" >&2; exit 2; }
export PATH="$PATH:/usr/sbin:/sbin"

. "$(dirname "$0")/test-daemon.sh"
stop() { stop_daemon "$dir/slapd.pid" slapd; }
case "$cmd" in
stop) stop; exit 0 ;;
start|resume)
  close_inherited_fds
  ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac
# Starts slapd from DIR's config on $port and waits until it listens.
launch_slapd() {
  slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" >"$dir/slapd.out" 2>&1 \
    || { echo "slapd did not start; see $dir/slapd.out" >&2; cat "$dir/slapd.out" >&2; exit 1; }
  for _ in $(seq 1 100); do [ -s "$dir/slapd.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  [ -s "$dir/slapd.pid" ] || { echo "slapd wrote no pid file; see $dir/slapd.out" >&2; exit 1; }
}
if [ "$cmd" = resume ]; then
  [ -f "$dir/env.sh" ] && [ -f "$dir/slapd.conf" ] || { echo "$dir holds no slapd to resume: run start first" >&2; exit 1; }
  . "$dir/env.sh"; port=${AGW_TEST_LDAP_URL##*:}
  stop
  launch_slapd
  watch_daemon "$(cat "$dir/slapd.pid")" "$dir/slapd.pid" "${3:-}" "${4:-}"
  echo "slapd on ldap://127.0.0.1:$port (pid $(cat "$dir/slapd.pid")) resumed"
  exit 0
fi
for tool in slapd ldapadd ldapmodify python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install slapd ldap-utils python3" >&2; exit 1; }
done
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
stop
rm -rf "$dir/db"; mkdir -p "$dir/db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s' "$password" > "$dir/admin.password"; chmod 600 "$dir/admin.password"
cat > "$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
database mdb
maxsize 10485760
suffix "dc=cern,dc=ch"
rootdn "cn=admin,dc=cern,dc=ch"
rootpw $password
directory $dir/db
overlay memberof
CONF
launch_slapd
base="DC=cern,DC=ch"; users="OU=Users,OU=Organic Units,$base"; groups="OU=e-groups,OU=Workgroups,$base"
user() { printf 'dn: CN=%s,%s\nobjectClass: inetOrgPerson\ncn: %s\nsn: %s\nuid: %s\n\n' "$1" "$users" "$1" "$1" "$1"; }
group() { printf 'dn: CN=%s,%s\nobjectClass: groupOfNames\ncn: %s\n' "$1" "$2" "$1"; shift 2; for m in "$@"; do printf 'member: %s\n' "$m"; done; echo; }
{
  printf 'dn: %s\nobjectClass: dcObject\nobjectClass: organization\ndc: cern\no: CERN\n\n' "$base"
  for ou in "OU=Organic Units,$base" "$users" "OU=Workgroups,$base" "$groups" "OU=other,$base"; do
    printf 'dn: %s\nobjectClass: organizationalUnit\nou: %s\n\n' "$ou" "$(echo "$ou" | sed -E 's/^OU=([^,]*),.*/\1/')"
  done
  for u in alice bob carol dave; do user "$u"; done
  group alice-aurora-users "$groups" "CN=alice,$users" "CN=bob,$users"
  group alice-aurora-devs "$groups" "CN=carol,$users"
  group alice-aurora-mesostest "$groups" "CN=alice,$users" "CN=alice-aurora-devs,$groups"
  group alice-aurora-admins "$groups" "CN=dave,$users"
  group not-an-egroup "OU=other,$base" "CN=alice,$users"
} > "$dir/data.ldif"
ldapadd -x -H "ldap://127.0.0.1:$port/" -D "cn=admin,dc=cern,dc=ch" -y "$dir/admin.password" -f "$dir/data.ldif" >"$dir/ldapadd.log" 2>&1 \
  || { echo "loading the test DIT failed; see $dir/ldapadd.log" >&2; cat "$dir/ldapadd.log" >&2; stop; exit 1; }
cat > "$dir/env.sh" <<ENV
export AGW_TEST_LDAP_URL=ldap://127.0.0.1:$port
export AGW_TEST_LDAP_ADMIN_DN=cn=admin,dc=cern,dc=ch
export AGW_TEST_LDAP_PASSWORD_FILE=$dir/admin.password
export AGW_TEST_LDAP_DIR=$dir
ENV
watch_daemon "$(cat "$dir/slapd.pid")" "$dir/slapd.pid" "${3:-}" "${4:-}"
echo "slapd on ldap://127.0.0.1:$port (pid $(cat "$dir/slapd.pid")); source $dir/env.sh"
