#!/usr/bin/env bash
# schemathesis (PyPI) against the served spec: the built binary serving a config with the simulator as its cluster,
# a valid admin token, bounded examples, fuzzing and stateful chains (the links in the spec). Fails on any 5xx and on any response that does not conform to the spec.
# task.run and task.logs are excluded: they reach agents over SSH, which this set-up has not (TaskSandboxTests covers them).
#   scripts/schemathesis.sh [BIN_DIR]      (default: swift build --show-bin-path)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip show schemathesis >/dev/null 2>&1 || python3 -m pip install -q "schemathesis==4.32.5"
# The console script may not be on PATH (pip's bin folder); call the CLI through the interpreter that has it.
st() { python3 -c 'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "st"; schemathesis()' "$@"; }
bin="${1:-$(swift build --show-bin-path)}/aurora-gateway"
work=$(mktemp -d /tmp/agw-st.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_url() { for _ in $(seq 1 100); do url=$(grep -o 'listening on http://[0-9.:]*' "$1" | head -1 | sed 's/listening on //'); [ -n "$url" ] && { echo "$url"; return; }; sleep 0.1; done; echo "no URL in $1" >&2; cat "$1" >&2; exit 1; }
"$bin" simulate --port 0 --cluster devcluster >"$work/sim.log" 2>&1 & pids+=($!)
sim=$(wait_url "$work/sim.log")
cat >"$work/gateway.yaml" <<YAML
listen: "127.0.0.1:0"
data_dir: "$work/data"
clusters:
  - name: devcluster
    scheduler_uri: "$sim"
    auth_mechanism: UNAUTHENTICATED
directory:
  kind: static
  users:
    admin: [aurora-admins]
admin_groups: [aurora-admins]
rate_limits: { reads_per_second: 100000, reads_burst: 100000, writes_per_second: 100000, writes_burst: 100000, failed_auth_per_minute: 100000 }
YAML
token=$("$bin" token create --config "$work/gateway.yaml" --owner admin --expires-in 1 2>/dev/null)
"$bin" serve --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 & pids+=($!)
gw=$(wait_url "$work/gateway.log")
# The one cluster the gateway knows, so generated calls reach past "unknown cluster" and the stateful phase can chain
# a job.create to the operations its links name (other identifiers are still generated).
cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.cluster" = "devcluster"
TOML
set +e
st --config-file "$work/schemathesis.toml" run "$gw/openapi.yaml" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --exclude-operation-id task.run --exclude-operation-id task.logs \
  --phases "${ST_PHASES:-examples,fuzzing,stateful}" --max-examples "${ST_MAX_EXAMPLES:-25}" --seed 20261130 --no-color >"$work/st.log" 2>&1
rc=$?
set -e
sed -n '/SUMMARY/,$p' "$work/st.log"
if [ "$rc" -ne 0 ]; then
  echo "schemathesis failed (exit $rc); full report: $work/st.log" >&2
  sed -n '/FAILURES/,/SUMMARY/p' "$work/st.log" | head -120 >&2
fi
exit "$rc"
