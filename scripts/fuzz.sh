#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (FUZZ_SECONDS, default 20) from the corpus
# kept in fuzz/corpus/. cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets this
# machine's one stable toolchain accept them. Installs cargo-fuzz when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
seconds=${FUZZ_SECONDS:-20}
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz (about 2 minutes; cargo shows progress)"
  cargo install cargo-fuzz --locked
fi
targets=$(cargo fuzz list)
total=0
for t in $targets; do
  echo "[fuzz] $t for ${seconds}s"
  out=$(cargo fuzz run -O "$t" -- -max_total_time="$seconds" 2>&1) || { echo "$out" | tail -40; echo "[fuzz] $t FAILED (crash input saved under fuzz/artifacts/$t)"; exit 1; }
  runs=$(echo "$out" | grep -Eo '^Done [0-9]+ runs' | awk '{print $2}')
  echo "[fuzz] $t: ${runs:-0} runs, no crash"
  total=$((total + ${runs:-0}))
done
echo "fuzz: $(echo $targets | wc -w) targets, $total runs, 0 crashes"
