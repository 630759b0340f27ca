#!/usr/bin/env bash
# The habits that keep the code as it is laid out (a layer of `npm test`): formatting,
# clippy with warnings as errors (natively for the whole workspace, and for wasm32 the crates
# that only build there for real), and the layers check (docs/architecture.md).
# Each check prints "lint ok: <check>" when it passes; the first failure stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
check() { # name, command...
  local name=$1
  shift
  echo "[lint] $name: $*"
  "$@"
  echo "lint ok: $name"
}
if ! cargo fmt --version >/dev/null 2>&1; then rustup component add rustfmt; fi
if ! cargo clippy --version >/dev/null 2>&1; then rustup component add clippy; fi
check fmt cargo fmt --all --check
check clippy cargo clippy --workspace --all-targets --features xlsx -- -D warnings
check clippy-wasm32 cargo clippy --target wasm32-unknown-unknown -p vbp-savings-wasm -p vbp-savings-xlsx --all-targets -- -D warnings
check layers python3 scripts/layers.py
