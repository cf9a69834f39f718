#!/usr/bin/env bash
# Generator check: progenitor (Rust) generates a client per vendor API from the progenitor views, and the
# smoke program in tools/progenitor-smoke calls every operation of each view through them against the server.
#
# Environment: SPACEPORT_URL (the server, possibly with a tenant prefix such as /t/progenitor), VIEWS (a
# directory with the downloaded <api>.progenitor.json files), OUT (scratch; unused: the crate builds in its own
# git-ignored target/), ROOT (the repo root, also the working directory).
#
# The crate is its own workspace with its own Cargo.lock (--locked), so progenitor and reqwest never enter the
# root workspace. Prints one line per API:
#   progenitor cloud_foundry: 22/22 operations called, 22 responses parsed, error 404 parsed as CfError
set -euo pipefail

: "${SPACEPORT_URL:?SPACEPORT_URL must be set (e.g. http://127.0.0.1:8080/t/progenitor)}"
: "${VIEWS:?VIEWS must name the directory holding <api>.progenitor.json}"
: "${ROOT:?ROOT must be the repository root}"

cd "$ROOT"
MANIFEST=tools/progenitor-smoke/Cargo.toml

for api in cloud_foundry assembla onezone; do
  [[ -s $VIEWS/$api.progenitor.json ]] || { echo "error: $VIEWS/$api.progenitor.json is missing" >&2; exit 1; }
done

# build.rs reads the views from here; an absolute path, as cargo runs build scripts in another directory.
SPACEPORT_VIEWS=$(cd "$VIEWS" && pwd)
export SPACEPORT_VIEWS SPACEPORT_URL
# The clients talk to loopback: keep them off any HTTP proxy the machine sets for registry access.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

# The generated code is compiled under the same lints (src/clients.rs documents the few it allows), and the
# crate's own code is formatted (the root's `cargo fmt --all` does not reach a crate outside its workspace).
cargo fmt --manifest-path "$MANIFEST" --check
cargo clippy --quiet --locked --manifest-path "$MANIFEST" -- -D warnings
cargo run --quiet --locked --manifest-path "$MANIFEST"
