#!/usr/bin/env bash
# spaceport beside two peers under wrk, on loopback: a minimal actix-web server doing the least work each endpoint
# needs (bench/baseline, the practical limit of the stack) and Stoplight Prism mocking spaceport's own specs (what
# users would run instead). Rounds alternate the servers workload by workload, so the machine's noise hits them
# alike; the table and JSON lines give medians over rounds and spaceport's ratios to each peer. Not part of CI
# (numbers need a quiet machine): `bash bench/run.sh`. Installs wrk (and Node.js, if missing) from Debian.
#
#   BENCH_ROUNDS     rounds (default 3)
#   BENCH_SECONDS    seconds per workload, server and round (default 5)
#   BENCH_WARMUP     seconds per workload and server before round 1, not counted (default 1; 0: none)
#   BENCH_CONNS      concurrent connections (default 32)
#   BENCH_THREADS    wrk threads (default 1: wrk and the one-worker server get a core each on 2 cores)
#   BENCH_PORT       first port: spaceport there, the baseline at +1, spaceport on --data-dir (`embedded`) at +2,
#                    Prism at +10..+12 (default 18600)
#   BENCH_SERVERS    servers to run, in table order (default "spaceport baseline prism embedded"; spaceport
#                    first); `embedded` is spaceport on the embedded durable store, `postgres` spaceport on
#                    BENCH_DATABASE_URL (at +3; not in the default list), each reported as a ratio to memory
#   BENCH_DATABASE_URL  the PostgreSQL database the `postgres` server runs on (its schema `spaceport` is reset)
#   BENCH_WORKLOADS  a subset of the workloads, by name (default all)
#   BENCH_LOG        spaceport's RUST_LOG (default warn: no line per request, as Prism runs at --verboseLevel error)
#   BENCH_ROUTING    iterations per route lookup in bench/routing (default 20000; 0: skip it)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${BENCH_ROUNDS:-3}
SECONDS_EACH=${BENCH_SECONDS:-5}
WARMUP=${BENCH_WARMUP:-1}
CONNS=${BENCH_CONNS:-32}
THREADS=${BENCH_THREADS:-1}
PORT=${BENCH_PORT:-18600}
read -r -a SERVERS <<<"${BENCH_SERVERS:-spaceport baseline prism embedded}"
ALL_WORKLOADS=(cf_create cf_get cf_list cf_list_by_name cf_mixed assembla_create assembla_get onezone_create
  onezone_get)
read -r -a WORKLOADS <<<"${BENCH_WORKLOADS:-${ALL_WORKLOADS[*]}}"

TOKEN="spaceport-admin-token"
ORG=c8412aa5-d3c0-4f4d-803e-c90b12a0c352
ONEZONE_TOKEN="JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK"
CF_AUTH="Authorization: Bearer $TOKEN" # Prism accepts only the capitalised scheme word; spaceport either
ASSEMBLA_AUTH="Authorization: Bearer t"
ONEZONE_AUTH="X-Auth-Token: p"
ASSEMBLA_BODY="space[name]=bench"
ONEZONE_BODY="{\"name\":\"b\",\"size\":1,\"token\":\"$ONEZONE_TOKEN\"}"
SEED_SPACES=60 # the CF list's first page is full (50) and there is a second

# --- tools and builds ---------------------------------------------------------------------------------------------
source bench/lib/tools.sh
install_missing wrk node:nodejs npm curl
echo "building spaceport and the baseline (release)..." >&2
cargo build --release --locked -q
cargo build --release --locked -q --manifest-path bench/baseline/Cargo.toml
ROUTING=${BENCH_ROUTING:-20000}
((ROUTING > 0)) && cargo build --release --locked -q --manifest-path bench/routing/Cargo.toml
if [[ ! bench/node_modules/.package-lock.json -nt bench/package-lock.json ]]; then
  npm ci --prefix bench --ignore-scripts --no-audit --no-fund --loglevel=error
fi
PRISM_VERSION=$(node -p 'require("./bench/node_modules/@stoplight/prism-cli/package.json").version')

# --- servers --------------------------------------------------------------------------------------------------------
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prism_port() { # API
  case $1 in cf) echo $((PORT + 10)) ;; assembla) echo $((PORT + 11)) ;; onezone) echo $((PORT + 12)) ;; esac
}
base() { # SERVER API
  case $1 in
    spaceport) echo "http://127.0.0.1:$PORT" ;;
    baseline) echo "http://127.0.0.1:$((PORT + 1))" ;;
    embedded) echo "http://127.0.0.1:$((PORT + 2))" ;;
    postgres) echo "http://127.0.0.1:$((PORT + 3))" ;;
    prism) echo "http://127.0.0.1:$(prism_port "$2")" ;;
  esac
}
# Assembla's paths: Prism knows only the spec's (`/v1/spaces`); the others take the `.json` clients send.
assembla_suffix() { [[ $1 == prism ]] || echo .json; }

port_free() { # URL
  if curl -s -o /dev/null --max-time 1 "$1"; then
    echo "something already answers at $1: free the port or set BENCH_PORT" >&2
    exit 1
  fi
}
wait_up() { # URL NAME LOG
  for _ in $(seq 1 300); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "$2 did not start; its log:" >&2
  cat "$3" >&2
  exit 1
}
started() { [[ " ${SERVERS[*]} " == *" $1 "* ]]; }

port_free "$(base spaceport)/healthz"
RUST_LOG=${BENCH_LOG:-warn} target/release/spaceport --host 127.0.0.1 --port "$PORT" --workers 1 \
  >"$WORK/spaceport.log" 2>&1 &
PIDS+=($!)
wait_up "$(base spaceport)/healthz" spaceport "$WORK/spaceport.log"
if started embedded; then
  port_free "$(base embedded)/healthz"
  RUST_LOG=${BENCH_LOG:-warn} target/release/spaceport --host 127.0.0.1 --port $((PORT + 2)) --workers 1 \
    --data-dir "$WORK/data" >"$WORK/embedded.log" 2>&1 &
  PIDS+=($!)
  wait_up "$(base embedded)/healthz" embedded "$WORK/embedded.log"
fi
if started postgres; then
  [[ -n ${BENCH_DATABASE_URL:-} ]] || { echo "the postgres server needs BENCH_DATABASE_URL" >&2; exit 1; }
  port_free "$(base postgres)/healthz"
  RUST_LOG=${BENCH_LOG:-warn} target/release/spaceport --host 127.0.0.1 --port $((PORT + 3)) --workers 1 \
    --database-url "$BENCH_DATABASE_URL" >"$WORK/postgres.log" 2>&1 &
  PIDS+=($!)
  wait_up "$(base postgres)/healthz" postgres "$WORK/postgres.log"
  curl -fsS -o /dev/null -X POST "$(base postgres)/__spaceport/reset"
fi
if started baseline; then
  port_free "$(base baseline)/healthz"
  bench/baseline/target/release/spaceport-bench-baseline $((PORT + 1)) >"$WORK/baseline.log" 2>&1 &
  PIDS+=($!)
  wait_up "$(base baseline)/healthz" baseline "$WORK/baseline.log"
fi
if started prism; then
  for api in cf assembla onezone; do
    spec=$api
    [[ $api == cf ]] && spec=cloud_foundry
    curl -fsS "$(base spaceport)/openapi/$spec.json" -o "$WORK/$spec.json"
    port_free "$(base prism "$api")/"
    # Static examples (no faker), no violation turned into an error answer, no per-request log lines.
    SCARF_ANALYTICS=false bench/node_modules/.bin/prism mock --host 127.0.0.1 --port "$(prism_port "$api")" \
      --errors false --verboseLevel error "$WORK/$spec.json" >"$WORK/prism-$api.log" 2>&1 &
    PIDS+=($!)
  done
  for api in cf assembla onezone; do wait_up "$(base prism "$api")/" "prism ($api)" "$WORK/prism-$api.log"; done
fi

# --- data each server reads -----------------------------------------------------------------------------------------
json_field() { # KEY... of the JSON on stdin
  python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1:]: value = value[key]
print(value)' "$@"
}
create_cf() { # SERVER NAME
  curl -fsS -X POST "$(base "$1" cf)/v2/spaces" -H "$CF_AUTH" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$2\",\"organization_guid\":\"$ORG\"}"
}
declare -A CF_GUID ASSEMBLA_ID ONEZONE_ID
for s in "${SERVERS[@]}"; do
  CF_GUID[$s]=$(create_cf "$s" bench-read | json_field metadata guid)
  for i in $(seq 2 "$SEED_SPACES"); do create_cf "$s" "bench-seed-$i" >/dev/null; done
  ASSEMBLA_ID[$s]=$(curl -fsS -X POST "$(base "$s" assembla)/v1/spaces$(assembla_suffix "$s")" -H "$ASSEMBLA_AUTH" \
    -H 'Content-Type: application/x-www-form-urlencoded' -d "$ASSEMBLA_BODY" | json_field id)
  location=$(curl -fsS -o /dev/null -w '%header{location}' -X POST "$(base "$s" onezone)/provider/spaces" \
    -H "$ONEZONE_AUTH" -H 'Content-Type: application/json' -d "$ONEZONE_BODY")
  ONEZONE_ID[$s]=${location##*/}
done

# --- rounds ---------------------------------------------------------------------------------------------------------
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=bench/results
RAW=$RESULTS/$STAMP
mkdir -p "$RAW"
printf '%s\n' "${WORKLOADS[@]}" >"$RAW/workloads"
printf '%s\n' "${SERVERS[@]}" >"$RAW/servers"

bench() { # ROUND WORKLOAD SERVER SECONDS OUTPUT
  local r=$1 w=$2 s=$3 lua=bench/wrk/request.lua args url
  local prefix="r${r%%/*}-$s-$RANDOM"
  case $w in
    cf_create) lua=bench/wrk/cf_create.lua url=$(base "$s" cf)/v2/spaces args=("$TOKEN" "$ORG" "$prefix") ;;
    cf_get) url=$(base "$s" cf)/v2/spaces/${CF_GUID[$s]} args=(GET "" "$CF_AUTH") ;;
    cf_list) url="$(base "$s" cf)/v2/spaces?results-per-page=50" args=(GET "" "$CF_AUTH") ;;
    cf_list_by_name) url="$(base "$s" cf)/v2/spaces?q=name:bench-read" args=(GET "" "$CF_AUTH") ;;
    cf_mixed) lua=bench/wrk/cf_mixed.lua url=$(base "$s" cf)/ args=("$TOKEN" "$ORG" "$prefix" "${CF_GUID[$s]}") ;;
    assembla_create)
      url=$(base "$s" assembla)/v1/spaces$(assembla_suffix "$s")
      args=(POST "$ASSEMBLA_BODY" "$ASSEMBLA_AUTH" "Content-Type: application/x-www-form-urlencoded")
      ;;
    assembla_get)
      url=$(base "$s" assembla)/v1/spaces/${ASSEMBLA_ID[$s]}$(assembla_suffix "$s")
      args=(GET "" "$ASSEMBLA_AUTH")
      ;;
    onezone_create)
      url=$(base "$s" onezone)/provider/spaces
      args=(POST "$ONEZONE_BODY" "$ONEZONE_AUTH" "Content-Type: application/json")
      ;;
    onezone_get) url=$(base "$s" onezone)/provider/spaces/${ONEZONE_ID[$s]} args=(GET "" "$ONEZONE_AUTH") ;;
    *)
      echo "unknown workload $w (known: ${ALL_WORKLOADS[*]})" >&2
      exit 1
      ;;
  esac
  wrk -t"$THREADS" -c"$CONNS" -d"$4s" --latency -s "$lua" "$url" -- "${args[@]}" >"$5" 2>&1
  printf 'round %s  %-16s %-10s %s\n' "$r" "$w" "$s" "$(python3 bench/report.py one "$5")" >&2
}

begin=$SECONDS
if ((WARMUP > 0)); then # Node's JIT (and every server's caches and allocator) settle before anything counts
  for w in "${WORKLOADS[@]}"; do
    for s in "${SERVERS[@]}"; do bench warm-up "$w" "$s" "$WARMUP" "$WORK/warm-up.txt"; done
  done
fi
for r in $(seq 1 "$ROUNDS"); do
  for w in "${WORKLOADS[@]}"; do
    mkdir -p "$RAW/$r/$w"
    # Each round starts with another server, so none always runs first (or right after a create-heavy peer).
    for i in "${!SERVERS[@]}"; do
      s=${SERVERS[$(((i + r - 1) % ${#SERVERS[@]}))]}
      bench "$r/$ROUNDS" "$w" "$s" "$SECONDS_EACH" "$RAW/$r/$w/$s.txt"
    done
  done
done

dirty=$(git diff --quiet HEAD 2>/dev/null || echo -dirty)
python3 bench/report.py summary "$RAW" "$RESULTS/$STAMP.jsonl" \
  "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "seconds=$SECONDS_EACH" "warmup_seconds=$WARMUP" "connections=$CONNS" "wrk_threads=$THREADS" \
  "server_workers=1" "cores=$(nproc)" "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
  "kernel=$(uname -sr)" "spaceport_rev=$(git rev-parse --short HEAD 2>/dev/null)$dirty" \
  "prism=$PRISM_VERSION" "node=$(node --version)" "wrk=$(wrk --version 2>&1 | awk 'NR == 1 {print $2}')" \
  "bench_seconds=$((SECONDS - begin))"
if ((ROUTING > 0)); then
  # Routing alone, off the network: the CF spec and the CF spec padded by 100 operations, each lowered by codegen
  # and matched by spaceport's route table and by actix-router (what it replaced). Run after the servers stop.
  cleanup
  PIDS=()
  echo "route lookups (bench/routing, $ROUTING iterations each)..." >&2
  bench/routing/target/release/spaceport-bench-routing openapi/cloud_foundry.yaml "$ROUTING" >"$RAW/routing.jsonl"
  python3 bench/report.py routing "$RAW/routing.jsonl" "$RESULTS/$STAMP.jsonl"
fi
echo "(JSON lines in $RESULTS/$STAMP.jsonl, wrk's output in $RAW/)" >&2
