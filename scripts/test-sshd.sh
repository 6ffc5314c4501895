#!/usr/bin/env bash
# A throwaway OpenSSH sshd on loopback for the sandbox tests (task.run, task.logs), with its own host key, logging in
# the user who runs it (root in CI), and a sandbox tree laid out like a Mesos agent's under DIR/mesos.
#
#   scripts/test-sshd.sh start DIR [--watch PID]   keys, known_hosts variants and sshd on a free port
#   scripts/test-sshd.sh stop DIR                  stop it (by pid)
#
# DIR/env.sh exports AGW_TEST_SSHD_DIR, AGW_TEST_SSHD_PORT and AGW_TEST_SSHD_USER. Keys in DIR:
#   client_ed25519, client_ecdsa   authorized for the user      stranger_ed25519   not authorized
#   client_encrypted (passphrase)  client_rsa (unsupported)     other_host_ed25519 a host key sshd does not have
# known_hosts files: known_hosts (plain), known_hosts.hashed, known_hosts.wrong (other key), known_hosts.revoked,
# known_hosts.empty.
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [--watch PID]" >&2; exit 2; }
export PATH="$PATH:/usr/sbin:/sbin"

. "$(dirname "$0")/test-daemon.sh"
stop() { stop_daemon "$dir/sshd.pid" sshd; }
case "$cmd" in
stop) stop; exit 0 ;;
start) close_inherited_fds ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac
[ -x /usr/sbin/sshd ] || { echo "/usr/sbin/sshd not found: apt-get install openssh-server" >&2; exit 1; }
command -v ssh-keygen >/dev/null || { echo "ssh-keygen not found: apt-get install openssh-client" >&2; exit 1; }
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
stop
rm -f "$dir"/*_ed25519* "$dir"/*_ecdsa* "$dir"/*_rsa* "$dir"/client_encrypted* "$dir"/known_hosts*
user=$(id -un)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key() { ssh-keygen -q -t "$1" ${3:+-b "$3"} -N "${4:-}" -C "agw-test" -f "$dir/$2"; }
key ed25519 host_ed25519; key ed25519 other_host_ed25519
key ed25519 client_ed25519; key ecdsa client_ecdsa 256; key ed25519 stranger_ed25519
key ed25519 client_encrypted "" "test-passphrase"; key rsa client_rsa 2048
cat "$dir/client_ed25519.pub" "$dir/client_ecdsa.pub" > "$dir/authorized_keys"
host_line() { printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/$1.pub")"; }
host_line host_ed25519 > "$dir/known_hosts"
cp "$dir/known_hosts" "$dir/known_hosts.hashed"; ssh-keygen -q -H -f "$dir/known_hosts.hashed" >/dev/null 2>&1; rm -f "$dir/known_hosts.hashed.old"
host_line other_host_ed25519 > "$dir/known_hosts.wrong"
{ printf '@revoked '; host_line host_ed25519; host_line host_ed25519; } > "$dir/known_hosts.revoked"
: > "$dir/known_hosts.empty"
mkdir -p "$dir/mesos"
[ "$(id -u)" = 0 ] && { mkdir -p /run/sshd; chmod 755 /run/sshd; }
cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $user
MaxStartups 200
MaxSessions 100
LogLevel VERBOSE
CONF
/usr/sbin/sshd -t -f "$dir/sshd_config" || { echo "sshd rejects $dir/sshd_config" >&2; exit 1; }
/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
for _ in $(seq 1 100); do [ -s "$dir/sshd.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
[ -s "$dir/sshd.pid" ] || { echo "sshd did not start; see $dir/sshd.log" >&2; cat "$dir/sshd.log" >&2; exit 1; }
cat > "$dir/env.sh" <<ENV
export AGW_TEST_SSHD_DIR=$dir
export AGW_TEST_SSHD_PORT=$port
export AGW_TEST_SSHD_USER=$user
ENV
watch_daemon "$(cat "$dir/sshd.pid")" "$dir/sshd.pid" "${3:-}" "${4:-}"
echo "sshd on 127.0.0.1:$port for $user (pid $(cat "$dir/sshd.pid")); source $dir/env.sh"
