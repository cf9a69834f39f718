#!/usr/bin/env bash
# Throughput and latency of the release binary under wrk, on loopback. Not part of CI (numbers need a quiet
# machine): run `bash bench/run.sh` and read the table. Installs wrk (Debian) if it is missing.
#
#   BENCH_SECONDS   seconds per scenario (default 10)
#   BENCH_CONNS     concurrent connections (default 32)
#   BENCH_THREADS   wrk threads (default 1, leaving the other core to the server on a 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
THREADS=${BENCH_THREADS:-1}
PORT=${BENCH_PORT:-18180}
BASE=http://127.0.0.1:$PORT

if ! command -v wrk >/dev/null; then
  apt-get update -q && apt-get install -y -q wrk
fi
cargo build --release --locked -q
target/release/spaceport --host 127.0.0.1 --port "$PORT" --workers 1 >/tmp/spaceport-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.1; done

TOKEN="spaceport-admin-token"
ORG=c8412aa5-d3c0-4f4d-803e-c90b12a0c352
SCRIPTS=$(mktemp -d)

# A space to read, and a Lua script per write scenario (unique names per request).
GUID=$(curl -fs -X POST "$BASE/v2/spaces" -H "Authorization: bearer $TOKEN" \
  -d "{\"name\":\"bench-read\",\"organization_guid\":\"$ORG\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["guid"])')
cat >"$SCRIPTS/cf_create.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"name":"bench-%d-%d","organization_guid":"$ORG"}', math.random(1e9), n)
  return wrk.format("POST", "/v2/spaces", {["Authorization"] = "bearer $TOKEN"}, body)
end
LUA
cat >"$SCRIPTS/assembla_create.lua" <<'LUA'
request = function()
  return wrk.format("POST", "/v1/spaces.json",
    {["Authorization"] = "Bearer t", ["Content-Type"] = "application/x-www-form-urlencoded"}, "space[name]=bench")
end
LUA
cat >"$SCRIPTS/onezone_create.lua" <<'LUA'
request = function()
  return wrk.format("POST", "/provider/spaces", {["X-Auth-Token"] = "p", ["Content-Type"] = "application/json"},
    '{"name":"b","size":1,"token":"JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK"}')
end
LUA
cat >"$SCRIPTS/get.lua" <<LUA
wrk.headers["Authorization"] = "bearer $TOKEN"
LUA

run() { # NAME URL [SCRIPT]
  local args=(-t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency)
  [[ -n ${3:-} ]] && args+=(-s "$3")
  local out
  out=$(wrk "${args[@]}" "$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-34s %12s %10s %10s\n' "$1" "$rps" "$p50" "$p99"
}

printf '%-34s %12s %10s %10s\n' scenario requests/s p50 p99
run "GET /healthz" "$BASE/healthz"
run "GET /v2/spaces/{guid}" "$BASE/v2/spaces/$GUID" "$SCRIPTS/get.lua"
run "POST /v2/spaces (new name each)" "$BASE/v2/spaces" "$SCRIPTS/cf_create.lua"
run "GET /v2/spaces?results-per-page=50" "$BASE/v2/spaces?results-per-page=50" "$SCRIPTS/get.lua"
run "GET /v2/spaces?q=name:bench-read" "$BASE/v2/spaces?q=name:bench-read" "$SCRIPTS/get.lua"
run "GET /v2/events?results-per-page=50" "$BASE/v2/events?results-per-page=50" "$SCRIPTS/get.lua"
run "POST /v1/spaces.json (form)" "$BASE/v1/spaces.json" "$SCRIPTS/assembla_create.lua"
run "POST /provider/spaces (JSON)" "$BASE/provider/spaces" "$SCRIPTS/onezone_create.lua"
echo "(1 server worker, $THREADS wrk thread(s), $CONNS connections, ${SECONDS_EACH}s each; $(nproc) cores)"
