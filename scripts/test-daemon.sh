# Sourced by scripts/test-kdc.sh, test-slapd.sh and test-sshd.sh: what the throwaway daemons share.

# A test process may start a script with system(), which hands it every descriptor the process has open, among them
# the write ends of other tests' output pipes. A daemon started from it would hold those open for good, and the tests
# reading them would wait forever, so everything but stdin, stdout, stderr and bash's own script (255) is closed.
close_inherited_fds() {
  local fd n
  for fd in /proc/$$/fd/*; do
    n=${fd##*/}
    case "$n" in 0|1|2|255) ;; *) eval "exec $n>&-" 2>/dev/null || true ;; esac
  done
}

# stop_daemon PIDFILE COMM: stops the process in PIDFILE, only if it is still a COMM (the pid may have been reused
# since a watcher stopped it), waits up to 5 s, and removes the file.
stop_daemon() {
  local pid
  if [ -f "$1" ]; then
    pid=$(cat "$1")
    [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = "$2" ] && kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$1"
  fi
}

# watch_daemon PID PIDFILE [--watch WATCHED]: with --watch, stops PID (and removes PIDFILE) once WATCHED exits.
watch_daemon() {
  local pid=$1 pidfile=$2
  if [ "${3:-}" = "--watch" ] && [ -n "${4:-}" ]; then
    local watched=$4
    ( trap '' HUP; while kill -0 "$watched" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
      kill "$pid" 2>/dev/null; rm -f "$pidfile" ) >/dev/null 2>&1 </dev/null &
  fi
}
