#!/usr/bin/env bash
# Runs every test layer and prints each layer's counts. A layer that fails, or that
# runs zero tests (a silent skip), fails the whole run.
#   lint     cargo fmt --check, cargo clippy -D warnings (native, and the bindings for wasm32),
#            python3 scripts/layers.py (no circle between the core's top-level modules)
#   native   cargo test            unit, integration, property and doc tests (spreadsheets included)
#   wasm     wasm-pack test --node the JS API of the engine module (crates/wasm)
#   wasm-xlsx                      the JS API of the spreadsheet module (crates/xlsx)
#   wasm-browser                   the engine's JS API again in Debian's headless Chromium
#   cli      node --test           the command line against an independent exact oracle
#   e2e      playwright test       the page in Debian's headless Chromium
#   consumer node --test           the npm tarball installed into a fresh project: Node ESM/CJS,
#                                  strict TypeScript, the CLI, a Vite app in Chromium, README examples
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

bash scripts/setup.sh --browser || exit 1
bash scripts/build.sh || exit 1

logs=artifacts/logs
mkdir -p "$logs"
declare -a summary
failed=0

layer() { # name, count-extractor, command...
  local name=$1 extract=$2
  shift 2
  printf '\n==== %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$logs/$name.log"
  local status=${PIPESTATUS[0]}
  local count
  count=$($extract "$logs/$name.log")
  count=${count:-0}
  if [ "$status" -ne 0 ]; then
    summary+=("$(printf '%-12s FAILED (exit %s, %s passed)' "$name" "$status" "$count")"); failed=1
  elif [ "$count" -eq 0 ]; then
    summary+=("$(printf '%-12s FAILED: no tests ran' "$name")"); failed=1
  else
    summary+=("$(printf '%-12s ok     %5s passed' "$name" "$count")")
  fi
}

cargo_passed() { grep -Eo 'test result: ok\. [0-9]+ passed' "$1" | awk '{s += $4} END {print s + 0}'; }
wasm_passed() { # the sum over every wasm-bindgen-test binary (tests/wasm*.rs), not the native doc tests
  awk '/^ +Running |Doc-tests/ {on = ($0 ~ /Running tests\/wasm[^ ]*\.rs/)} on && /test result: ok\./ {for (i = 1; i <= NF; i++) if ($i == "passed;") s += $(i-1)} END {print s + 0}' "$1"; }
node_passed() { grep -Eo '^# pass [0-9]+' "$1" | awk '{print $3}'; }
pw_passed() { grep -Eo '^ *[0-9]+ passed' "$1" | awk '{print $1}' | tail -1; }

lint_passed() { grep -c '^lint ok:' "$1"; }
layer lint lint_passed bash scripts/lint.sh
layer native cargo_passed cargo test --color never --workspace --features xlsx
layer wasm wasm_passed wasm-pack test --node crates/wasm
layer wasm-xlsx wasm_passed wasm-pack test --node crates/xlsx
# the same wasm tests in Debian's headless Chromium (the browser's own TextDecoder decodes GBK)
layer wasm-browser wasm_passed env WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver crates/wasm
layer cli node_passed node --test tests/cli/
layer e2e pw_passed npx playwright test
layer consumer node_passed node --test tests/consumer/

printf '\n==== summary\n'
printf '%s\n' "${summary[@]}"
exit $failed
