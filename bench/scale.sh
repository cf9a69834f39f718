#!/usr/bin/env bash
# Cost at scale: spaceport's resident memory per CF space (its audit event included) and the latency of get by
# guid, the list's first page and `q=name:` at 1,000 spaces and again at SCALE_SPACES, with their ratios. Not part
# of CI: `bash bench/scale.sh` (builds the release binary; needs wrk and curl, as bench/run.sh installs them).
#
#   SCALE_SPACES   spaces to fill to (default 1000000)
#   SCALE_SECONDS  seconds per latency workload (default 4)
#   BENCH_PORT     spaceport's port (default 18800)
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${SCALE_SPACES:-1000000}
SECONDS_EACH=${SCALE_SECONDS:-4}
PORT=${BENCH_PORT:-18800}
BASE=http://127.0.0.1:$PORT
TOKEN=spaceport-admin-token
AUTH="Authorization: Bearer $TOKEN"
ORG=c8412aa5-d3c0-4f4d-803e-c90b12a0c352

cargo build --release --locked -q
if curl -s -o /dev/null --max-time 1 "$BASE/healthz"; then
  echo "something already answers at $BASE: free the port or set BENCH_PORT" >&2
  exit 1
fi
LOG=$(mktemp)
RUST_LOG=warn target/release/spaceport --host 127.0.0.1 --port "$PORT" --workers 1 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null --max-time 1 "$BASE/healthz" && break; sleep 0.1; done

create() { # NAME
  curl -fsS -o "${2:-/dev/null}" -X POST "$BASE/v2/spaces" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"organization_guid\":\"$ORG\"}"
}
create bench-read "$LOG.read"
GUID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metadata"]["guid"])' "$LOG.read")
rm -f "$LOG.read"
seq 2 1000 | xargs -P 8 -I '{}' curl -fsS -o /dev/null -X POST "$BASE/v2/spaces" -H "$AUTH" \
  -H 'Content-Type: application/json' -d "{\"name\":\"small-{}\",\"organization_guid\":\"$ORG\"}"

count() {
  curl -fsS -H "$AUTH" "$BASE/v2/spaces?results-per-page=1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total_results"])'
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status"; }
p50_us() { # PATH: wrk's median latency in microseconds
  wrk -t1 -c32 -d"${SECONDS_EACH}s" --latency -s bench/wrk/request.lua "$BASE$1" -- GET "" "$AUTH" |
    awk '$1 == "50%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
      print (u == "us" ? v : u == "ms" ? v * 1000 : v * 1000000)}'
}
PATHS=("/v2/spaces/$GUID" "/v2/spaces?results-per-page=50" "/v2/spaces?q=name:bench-read")
NAMES=(get list_first_page q_name)
measure() { for path in "${PATHS[@]}"; do p50_us "$path"; done; }

small_count=$(count)
small_rss=$(rss_kib)
mapfile -t small < <(measure)
echo "at $small_count spaces: RSS $small_rss KiB; p50 µs: ${small[*]}" >&2
while (($(count) < TARGET)); do
  wrk -t1 -c32 -d10s -s bench/wrk/cf_create.lua "$BASE/v2/spaces" -- "$TOKEN" "$ORG" "fill-$RANDOM$RANDOM" >/dev/null
  echo "  filled to $(count) spaces, RSS $(rss_kib) KiB" >&2
done
large_count=$(count)
large_rss=$(rss_kib)
mapfile -t large < <(measure)
python3 - "$small_count" "$small_rss" "$large_count" "$large_rss" "${NAMES[*]}" "${small[*]}" "${large[*]}" <<'PY'
import json, sys
n0, r0, n1, r1 = (int(v) for v in sys.argv[1:5])
names, small, large = (v.split() for v in sys.argv[5:8])
per_space = round((r1 - r0) * 1024 / (n1 - n0))
print(f"| spaces | RSS KiB | " + " | ".join(f"{n} p50 µs" for n in names) + " |")
print("|---|---|" + "---|" * len(names))
print(f"| {n0} | {r0} | " + " | ".join(small) + " |")
print(f"| {n1} | {r1} | " + " | ".join(large) + " |")
ratios = {n: round(float(b) / float(a), 2) for n, a, b in zip(names, small, large)}
print(f"| ratio | {per_space} bytes/space | " + " | ".join(str(ratios[n]) for n in names) + " |")
print(json.dumps({"kind": "scale", "spaces": [n0, n1], "rss_kib": [r0, r1], "bytes_per_space": per_space,
                  "p50_us": {n: [float(a), float(b)] for n, a, b in zip(names, small, large)},
                  "ratio": ratios}, separators=(",", ":")))
PY
