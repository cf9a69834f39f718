#!/usr/bin/env bash
# Client-library test: drives the running emulator with the real Python `assembla` package (2.8.0,
# the last release, 2014) through list / create / read / update / delete of a space.
# CI runs it with SPACEPORT_URL=http://127.0.0.1:<port> and VENV=<repo>/.venv, cwd = repo root.
#
# assembla 2.8.0 is an sdist whose setup.py uses `use_2to3`, which setuptools dropped in 58, so it
# cannot go into the shared .venv (.ci/requirements.txt). It gets its own venv under .ci-work/
# (git-ignored; .ci/run empties it at the start of a run, so CI always builds it afresh, ~10 s):
#   1. setuptools<58 and wheel into the venv: with --no-build-isolation pip builds in the venv
#      itself, and setuptools<70.1 has no bdist_wheel of its own (without `wheel`: "invalid command
#      'bdist_wheel'");
#   2. assembla==2.8.0 --no-build-isolation (an isolated build would fetch the newest setuptools).
# Everything comes from PyPI. The build needs Python <= 3.11: setuptools 57 imports the stdlib
# distutils (gone in 3.12) and 2to3 needs lib2to3 (gone in 3.13).
# A venv that already imports assembla 2.8.0 is reused.
set -euo pipefail

: "${SPACEPORT_URL:?SPACEPORT_URL must be set (e.g. http://127.0.0.1:8080)}"

cd "$(dirname "$0")/../.."

AVENV=.ci-work/assembla-venv
SETUPTOOLS='setuptools<58'
WHEEL='wheel==0.48.0'
ASSEMBLA='assembla==2.8.0'
PIP_FLAGS=(-q --disable-pip-version-check --no-input)

venv_ok() {
  [[ -x $AVENV/bin/python ]] &&
    "$AVENV/bin/python" -c 'import assembla; from importlib.metadata import version
assert version("assembla") == "2.8.0", version("assembla")' >/dev/null 2>&1
}

# The first Python 3.6-3.11 on PATH (python3 first, as .ci/run uses it).
pick_python() {
  local c
  for c in python3 python3.11 python3.10 python3.9 python3.8; do
    if command -v "$c" >/dev/null &&
      "$c" -c 'import sys; sys.exit(not ((3, 6) <= sys.version_info[:2] <= (3, 11)))' 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

if venv_ok; then
  echo "ok   reusing $AVENV ($("$AVENV/bin/python" --version 2>&1), $ASSEMBLA)"
else
  PY=$(pick_python) || {
    echo "FAIL: assembla 2.8.0 needs Python 3.6-3.11 to build (use_2to3); python3 is $(python3 --version 2>&1)" >&2
    exit 1
  }
  t0=$SECONDS
  rm -rf "$AVENV"
  mkdir -p "$(dirname "$AVENV")"
  "$PY" -m venv "$AVENV" || { echo "FAIL: $PY -m venv $AVENV" >&2; exit 1; }
  "$AVENV/bin/python" -m pip install "${PIP_FLAGS[@]}" "$SETUPTOOLS" "$WHEEL" ||
    { echo "FAIL: pip install $SETUPTOOLS $WHEEL" >&2; exit 1; }
  "$AVENV/bin/python" -m pip install "${PIP_FLAGS[@]}" --no-build-isolation "$ASSEMBLA" ||
    { echo "FAIL: pip install --no-build-isolation $ASSEMBLA" >&2; exit 1; }
  venv_ok || { echo "FAIL: $AVENV was installed but cannot import assembla 2.8.0" >&2; exit 1; }
  echo "ok   created $AVENV with $("$AVENV/bin/python" --version 2>&1), $SETUPTOOLS, $WHEEL, $ASSEMBLA in $((SECONDS - t0))s"
fi

exec "$AVENV/bin/python" .ci/clients/assembla_client.py
