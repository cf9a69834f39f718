#!/usr/bin/env bash
# A soak: mixed traffic from the three APIs (CF, Assembla, Onezone calls and journal reads) across SOAK_TENANTS
# tenants that come and go (a short --tenant-idle, deletes through the control API), with the journal on, for
# SOAK_SECONDS on each store: in memory and on --data-dir. bench/soak.py checks every status against what its call
# may answer and samples the server's resident memory and open file descriptors every SOAK_EVERY seconds: after
# warm-up both should stay flat. Bounded in time; only loopback traffic. Not part of CI: `bash bench/soak.sh`.
#
#   SOAK_SECONDS   seconds of traffic per store (default 600)
#   SOAK_TENANTS   tenants the traffic is spread over (default 200)
#   SOAK_WORKERS   concurrent clients (default 8)
#   SOAK_EVERY     seconds between samples (default 60)
#   SOAK_STORES    stores to soak, in order (default "memory embedded")
#   BENCH_PORT     the server's port (default 18900)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${SOAK_SECONDS:-600}
TENANTS=${SOAK_TENANTS:-200}
WORKERS=${SOAK_WORKERS:-8}
EVERY=${SOAK_EVERY:-60}
read -r -a STORES <<<"${SOAK_STORES:-memory embedded}"
PORT=${BENCH_PORT:-18900}

cargo build --release --locked -q
WORK=$(mktemp -d)
SERVER=""
trap '[[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

failed=0
for store in "${STORES[@]}"; do
  args=(--host 127.0.0.1 --port "$PORT" --tenant-idle 5 --max-tenants $((TENANTS + 50)))
  [[ $store == embedded ]] && args+=(--data-dir "$WORK/data-$store")
  RUST_LOG=warn target/release/spaceport "${args[@]}" >"$WORK/$store.out" 2>"$WORK/$store.log" &
  SERVER=$!
  for _ in $(seq 100); do grep -q 'listening' "$WORK/$store.out" 2>/dev/null && break; sleep 0.1; done
  echo "== $store: $SECONDS_EACH s, $TENANTS tenants, $WORKERS clients"
  python3 bench/soak.py "http://127.0.0.1:$PORT" "$SERVER" --seconds "$SECONDS_EACH" --tenants "$TENANTS" \
    --workers "$WORKERS" --every "$EVERY" | tee "$WORK/$store.json" || failed=1
  kill -TERM "$SERVER"
  wait "$SERVER" || { echo "$store: the server did not exit 0 on SIGTERM"; failed=1; }
  SERVER=""
done
exit "$failed"
