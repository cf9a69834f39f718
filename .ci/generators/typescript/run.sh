#!/usr/bin/env bash
# Generator test: @hey-api/openapi-ts clients from the vendor specs' client views, type-checked with
# `tsc --strict` and smoke-tested against a running spaceport.
#
# Environment:
#   SPACEPORT_URL  base URL of the APIs, possibly with a tenant's prefix (http://127.0.0.1:18080/t/typescript);
#                  the generated clients use it as their baseUrl (joined with the view's first server URL)
#   VIEWS          a directory with cloud_foundry.client.json, assembla.client.json, onezone.client.json
#                  (/openapi/<api>.client.json, downloaded from the server)
#   OUT            an empty scratch directory: generated code, compiled JavaScript, logs
#   ROOT           the repository root (default: three levels up from this file); tools in tools/node_modules
#
# Steps: (1) openapi-ts generates $OUT/src/<api>/ for each API (openapi-ts.config.mjs); (2) the smoke
# programs are copied beside them and everything is compiled by tsc (tsconfig.json: strict) into $OUT/dist;
# (3) node runs each compiled smoke program, which prints one line, e.g.
#   typescript cloud_foundry: 22/22 operations called, 24 responses parsed, error 404 parsed as CfError
# Every program runs even if one fails; the script exits 1 if any step or program failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$HERE/../../.." && pwd)}
: "${SPACEPORT_URL:?SPACEPORT_URL must be set (e.g. http://127.0.0.1:18080/t/typescript)}"
: "${VIEWS:?VIEWS must name the directory holding the <api>.client.json views}"
: "${OUT:?OUT must name an empty scratch directory}"

APIS=(cloud_foundry assembla onezone)
BIN=$ROOT/tools/node_modules/.bin

die() { printf 'FAIL typescript: %s\n' "$*" >&2; exit 1; }

for tool in openapi-ts tsc; do
  [[ -x $BIN/$tool ]] || die "$BIN/$tool is missing: npm ci --prefix tools --ignore-scripts"
done
for api in "${APIS[@]}"; do
  [[ -s $VIEWS/$api.client.json ]] || die "$VIEWS/$api.client.json is missing or empty"
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
VIEWS=$(cd "$VIEWS" && pwd)
export SPACEPORT_URL VIEWS OUT

version() { node -p "require('$ROOT/tools/node_modules/$1/package.json').version"; }
echo "typescript: node $(node --version), @hey-api/openapi-ts $(version @hey-api/openapi-ts)," \
  "typescript $(version typescript), zod $(version zod)"

# 1. Generate. The config reads VIEWS and OUT; logs (only written on errors) go to $OUT/logs.
"$BIN/openapi-ts" --file "$HERE/openapi-ts.config.mjs" --logs "$OUT/logs" --silent ||
  die "openapi-ts failed (see its output above and $OUT/logs)"
for api in "${APIS[@]}"; do
  [[ -s $OUT/src/$api/sdk.gen.ts ]] || die "openapi-ts wrote no $OUT/src/$api/sdk.gen.ts"
done

# 2. Compile: an ES module package in $OUT whose node_modules is tools/node_modules (zod at run time,
#    @types/node for tsc), with a tsconfig that extends the committed one.
cp "$HERE"/smoke_*.ts "$OUT/src/"
printf '{"private": true, "type": "module"}\n' >"$OUT/package.json"
ln -sfn "$ROOT/tools/node_modules" "$OUT/node_modules"
cat >"$OUT/tsconfig.json" <<EOF
{
  "extends": "$HERE/tsconfig.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
EOF
"$BIN/tsc" --project "$OUT/tsconfig.json" --pretty false || { echo; die "tsc --strict failed on $OUT/src"; }
echo "typescript: generated and compiled ${APIS[*]} with tsc --strict"

# 3. Smoke-test each client against the server.
failed=()
for api in "${APIS[@]}"; do
  node --enable-source-maps "$OUT/dist/smoke_$api.js" || failed+=("$api")
done
((${#failed[@]} == 0)) || die "smoke tests failed: ${failed[*]}"
