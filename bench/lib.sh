# Shared by bench/processes and bench/compare (sourced, not run): the release binary, a throwaway KDC, a
# Kerberos-checking simulator and the gateway's config, all on 127.0.0.1, stopped by pid when the script exits.
# After `bench_setup NAME`: $bin, $work, $sim_port, $gw_port, $sim (pid), $token, the KDC's environment exported,
# and the helpers free_port, cpu and bench_start_gateway.

bench_setup() {
  if [ -n "${AGW_BIN:-}" ]; then bin=$AGW_BIN; else   # AGW_BIN: compare another build of the same tree side by side
    swift build -c release --product aurora-gateway >&2
    bin=$(swift build -c release --show-bin-path)/aurora-gateway
  fi
  work=$(mktemp -d "/tmp/agw-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
  scripts/test-kdc.sh start "$work/kdc" >/dev/null
  set -a; . "$work/kdc/env.sh"; set +a
  sim_port=$(free_port); gw_port=$(free_port)
  cat > "$work/gateway.yaml" <<YAML
listen: "127.0.0.1:$gw_port"
data_dir: "$work/data"
log_level: warning
kerberos:
  principal: "aurora-gw/localhost@$AGW_TEST_REALM"
  keytab: "$work/kdc/gateway.keytab"
clusters:
  - name: build
    scheduler_uri: "http://localhost:$sim_port"
    auth_mechanism: KERBEROS
directory:
  kind: static
  users:
    alice: [mesostest]
policy:
  - group: mesostest
    allow: [read, "job.*"]
    on: ["build/mesostest/*/*"]
rate_limits: {reads_per_second: 1000000000, reads_burst: 1000000000, writes_per_second: 1000000000, writes_burst: 1000000000}
YAML
  token=$("$bin" token create --config "$work/gateway.yaml" --owner alice 2>/dev/null)
  "$bin" simulate --port "$sim_port" --cluster build --keytab "$work/kdc/http-localhost.keytab" \
    --principal "HTTP/localhost@$AGW_TEST_REALM" > "$work/sim.log" 2>&1 & pids+=($!); sim=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$sim_port/api" && break; sleep 0.05; done
}

bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  scripts/test-kdc.sh stop "$work/kdc" >/dev/null 2>&1 || true
}

# Starts `serve` in the background ($gw is its pid) and returns once /readyz answers 200 (30 s at most).
bench_start_gateway() {
  "$bin" serve --config "$work/gateway.yaml" > "$work/gateway.log" 2>&1 & pids+=($!); gw=$!
  local t0; t0=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gw_port/readyz")" = 200 ]; do
    kill -0 "$gw" 2>/dev/null || { cat "$work/gateway.log" >&2; exit 1; }
    [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 30000 ] || { echo "gateway not ready after 30 s" >&2; exit 1; }
    sleep 0.01
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # clock ticks (1/CLK_TCK s) in user and kernel mode
