#!/usr/bin/env bash
# Client-library test: drives the running emulator with the real Python `cloudfoundry-client`
# (pinned in .ci/requirements.txt) through discovery, password login and the v2 org/space managers.
# CI runs it with SPACEPORT_URL=http://127.0.0.1:<port> and VENV=<repo>/.venv, cwd = repo root.
set -euo pipefail

: "${SPACEPORT_URL:?SPACEPORT_URL must be set (e.g. http://127.0.0.1:8080)}"
: "${VENV:?VENV must point at the Python venv that has cloudfoundry-client installed}"
[[ -x $VENV/bin/python ]] || { echo "error: $VENV/bin/python not found" >&2; exit 1; }

cd "$(dirname "$0")/../.."
exec "$VENV/bin/python" .ci/clients/cloudfoundry_client.py
