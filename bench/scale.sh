#!/usr/bin/env bash
# Cost at scale: spaceport's resident memory per CF space (its audit event included), and the latency of get by
# guid, the list's first page and `q=name:` in a store of 1,000 spaces against one of SCALE_SPACES. Two servers run
# side by side, one kept small and one filled; each workload is measured on both in turn, round after round, so
# the machine's drift (other tenants, frequency) falls on both alike, and the ratio is of the medians. Not part
# of CI: `bash bench/scale.sh` (builds the release binary; installs wrk and curl from Debian if missing).
#
#   SCALE_SPACES   spaces to fill the large store to (default 1000000)
#   SCALE_SECONDS  seconds per measurement (default 3)
#   SCALE_ROUNDS   rounds (default 3)
#   BENCH_PORT     the small server's port; the large one listens on the next (default 18800)
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${SCALE_SPACES:-1000000}
SECONDS_EACH=${SCALE_SECONDS:-3}
ROUNDS=${SCALE_ROUNDS:-3}
PORT=${BENCH_PORT:-18800}
TOKEN=spaceport-admin-token
AUTH="Authorization: Bearer $TOKEN"
ORG=c8412aa5-d3c0-4f4d-803e-c90b12a0c352

source bench/lib/tools.sh
install_missing wrk curl
cargo build --release --locked -q
LOG=$(mktemp -d)
SERVERS=()
trap 'kill "${SERVERS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$LOG"' EXIT
declare -A BASE PID GUID
for size in small large; do
  port=$((PORT + ${#SERVERS[@]}))
  BASE[$size]=http://127.0.0.1:$port
  if curl -s -o /dev/null --max-time 1 "${BASE[$size]}/healthz"; then
    echo "something already answers at ${BASE[$size]}: free the port or set BENCH_PORT" >&2
    exit 1
  fi
  RUST_LOG=warn target/release/spaceport --host 127.0.0.1 --port "$port" --workers 1 >"$LOG/$size" 2>&1 &
  PID[$size]=$!
  SERVERS+=("$!")
  for _ in $(seq 1 300); do curl -s -o /dev/null --max-time 1 "${BASE[$size]}/healthz" && break; sleep 0.1; done
done

create() { # SIZE NAME [OUT]
  curl -fsS -o "${3:-/dev/null}" -X POST "${BASE[$1]}/v2/spaces" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$2\",\"organization_guid\":\"$ORG\"}"
}
count() { # SIZE
  curl -fsS -H "$AUTH" "${BASE[$1]}/v2/spaces?results-per-page=1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total_results"])'
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/${PID[$1]}/status"; }
for size in small large; do
  create "$size" bench-read "$LOG/read"
  GUID[$size]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metadata"]["guid"])' "$LOG/read")
  seq 2 1000 | xargs -P 8 -I '{}' curl -fsS -o /dev/null -X POST "${BASE[$size]}/v2/spaces" -H "$AUTH" \
    -H 'Content-Type: application/json' -d "{\"name\":\"small-{}\",\"organization_guid\":\"$ORG\"}"
done
declare -A COUNT RSS
COUNT[small]=$(count small)
RSS[small]=$(rss_kib small)
while (($(count large) < TARGET)); do
  wrk -t1 -c32 -d10s -s bench/wrk/cf_create.lua "${BASE[large]}/v2/spaces" -- "$TOKEN" "$ORG" "fill-$RANDOM$RANDOM" \
    >/dev/null
  echo "  filled to $(count large) spaces, RSS $(rss_kib large) KiB" >&2
done
COUNT[large]=$(count large)
RSS[large]=$(rss_kib large)

p50_us() { # SIZE PATH: wrk's median latency in microseconds
  wrk -t1 -c32 -d"${SECONDS_EACH}s" --latency -s bench/wrk/request.lua "${BASE[$1]}$2" -- GET "" "$AUTH" |
    awk '$1 == "50%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
      print (u == "us" ? v : u == "ms" ? v * 1000 : v * 1000000)}'
}
path() { # SIZE NAME
  case $2 in
    get) echo "/v2/spaces/${GUID[$1]}" ;;
    list_first_page) echo "/v2/spaces?results-per-page=50" ;;
    q_name) echo "/v2/spaces?q=name:bench-read" ;;
  esac
}
NAMES=(get list_first_page q_name)
: >"$LOG/samples"
for round in $(seq 1 "$ROUNDS"); do
  order=(small large)
  ((round % 2)) || order=(large small)
  for name in "${NAMES[@]}"; do
    for size in "${order[@]}"; do
      echo "$size $name $(p50_us "$size" "$(path "$size" "$name")")" >>"$LOG/samples"
    done
  done
  echo "  round $round of $ROUNDS measured" >&2
done

python3 - "${COUNT[small]}" "${RSS[small]}" "${COUNT[large]}" "${RSS[large]}" "$LOG/samples" "${NAMES[*]}" <<'PY'
import json, statistics, sys
n0, r0, n1, r1 = (int(v) for v in sys.argv[1:5])
names = sys.argv[6].split()
samples = {}
for line in open(sys.argv[5]):
    size, name, value = line.split()
    samples.setdefault((size, name), []).append(float(value))
median = {key: statistics.median(values) for key, values in samples.items()}
# Each server is one process with the same start-up heap, so the difference over the difference in spaces is
# what a space and its audit event cost.
per_space = round((r1 - r0) * 1024 / (n1 - n0))
print("| spaces | RSS KiB | " + " | ".join(f"{n} p50 µs" for n in names) + " |")
print("|---|---|" + "---|" * len(names))
for size, count, rss in (("small", n0, r0), ("large", n1, r1)):
    print(f"| {count} | {rss} | " + " | ".join(f"{median[(size, n)]:.0f}" for n in names) + " |")
ratios = {n: round(median[("large", n)] / median[("small", n)], 2) for n in names}
print(f"| ratio | {per_space} bytes/space | " + " | ".join(str(ratios[n]) for n in names) + " |")
print(json.dumps({"kind": "scale", "spaces": [n0, n1], "rss_kib": [r0, r1], "bytes_per_space": per_space,
                  "p50_us": {n: [median[("small", n)], median[("large", n)]] for n in names},
                  "samples_us": {f"{s}_{n}": v for (s, n), v in sorted(samples.items())},
                  "ratio": ratios}, separators=(",", ":")))
PY
