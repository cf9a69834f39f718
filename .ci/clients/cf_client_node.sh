#!/usr/bin/env bash
# Client-library test: drives the running emulator with the real npm `cf-client` (0.13.x, pinned in
# tools/package.json, installed into tools/node_modules by .ci/run's tools step) through discovery, UAA
# password login and refresh, and an organization's space: create, list, get, delete, gone.
# CI runs it with SPACEPORT_URL=http://127.0.0.1:<port> (and again with a tenant's /t/<name> prefix) and
# VENV=<repo>/.venv (unused here), cwd = repo root.
set -euo pipefail

: "${SPACEPORT_URL:?SPACEPORT_URL must be set (e.g. http://127.0.0.1:8080)}"

cd "$(dirname "$0")/../.."
[[ -f tools/node_modules/cf-client/package.json ]] ||
  { echo "FAIL: tools/node_modules/cf-client is missing: npm ci --prefix tools --ignore-scripts" >&2; exit 1; }
exec node .ci/clients/cf_client_node.mjs
