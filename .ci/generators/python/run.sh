#!/usr/bin/env bash
# Generated-client test: openapi-python-client (pinned in .ci/requirements.txt) generates one client per vendor
# API from the server's client view, then a smoke program per API drives the running server through it.
#
# Environment:
#   SPACEPORT_URL  base URL of the APIs, possibly a tenant's (http://127.0.0.1:18080/t/python): the clients'
#                  base_url; the control API is read at the server's root with ?tenant=
#   VIEWS          directory holding <api>.client.json for cloud_foundry, assembla, onezone (and control)
#   OUT            empty scratch directory; the client for <api> is generated into $OUT/<api>
#   VENV           the Python venv with openapi-python-client installed
# cwd = repo root. No network access besides SPACEPORT_URL.
#
# The generator runs with --meta none (a bare package, importable as <api> with $OUT on PYTHONPATH) and
# --fail-on-warning: an operation or model it cannot generate fails the run instead of silently going missing.
# Its post hooks (ruff check --fix, ruff format) need ruff, a dependency of openapi-python-client: $VENV/bin
# goes first on PATH.
set -euo pipefail

: "${SPACEPORT_URL:?SPACEPORT_URL must be set (e.g. http://127.0.0.1:8080/t/python)}"
: "${VIEWS:?VIEWS must name the directory holding the <api>.client.json views}"
: "${OUT:?OUT must name an empty scratch directory}"
: "${VENV:?VENV must name the Python venv}"

HERE=.ci/generators/python
APIS=(cloud_foundry assembla onezone)

export PATH="$VENV/bin:$PATH"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

echo "openapi-python-client: $("$VENV/bin/openapi-python-client" --version)"
mkdir -p "$OUT"

for api in "${APIS[@]}"; do
  view=$VIEWS/$api.client.json
  [[ -s $view ]] || { echo "FAIL: $view is missing or empty" >&2; exit 1; }
  rm -rf "${OUT:?}/$api"
  log=$OUT/$api.generate.log
  if ! "$VENV/bin/openapi-python-client" generate --path "$view" --meta none --output-path "$OUT/$api" \
    --fail-on-warning >"$log" 2>&1; then
    cat "$log" >&2
    echo "FAIL: openapi-python-client could not generate a client from $view" >&2
    exit 1
  fi
  echo "ok   generated $OUT/$api from $view ($(find "$OUT/$api" -name '*.py' | wc -l) modules)"
done

failed=()
for api in "${APIS[@]}"; do
  PYTHONPATH="$OUT" SPACEPORT_URL="$SPACEPORT_URL" VIEWS="$VIEWS" OUT="$OUT" \
    "$VENV/bin/python" "$HERE/smoke_$api.py" || failed+=("$api")
done
if ((${#failed[@]} > 0)); then
  echo "FAIL: smoke test(s) failed: ${failed[*]}" >&2
  exit 1
fi
