#!/usr/bin/env bash
# Installs what this project needs and is missing, idempotently; fast when all is present.
#   scripts/setup.sh            Rust wasm target, wasm-bindgen CLI, wasm-pack, npm packages
#   scripts/setup.sh --browser  also Debian's Chromium + ChromeDriver (for the test layers)
# Traps avoided (see docs): wasm-bindgen CLI must equal the crate version in Cargo.lock
# (installed without --locked); wasm-pack from cargo, not npm; wasm-opt from npm binaryen;
# no browser download by Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { printf '[setup] %s\n' "$*"; }
t0=$(date +%s)

command -v cargo >/dev/null || { echo "[setup] cargo (Rust) is required and not found" >&2; exit 1; }
command -v npm >/dev/null || { echo "[setup] npm (Node.js >= 20) is required and not found" >&2; exit 1; }

# 1. the WebAssembly target
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI, exactly the version Cargo.lock pins
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (takes 2-4 minutes; cargo shows progress)"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. wasm-pack (the build and wasm test harness)
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack 0.15.1 (takes about 2 minutes; cargo shows progress)"
  cargo install wasm-pack --locked --version 0.15.1
fi

# 4. npm packages (binaryen's wasm-opt, Playwright without its browser download, bench peers)
stamp=node_modules/.vbp-setup-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  touch "$stamp"
fi

# 5. Chromium from Debian, for the browser test layers
if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    say "installing Debian chromium + chromium-driver (about 20 s)"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium chromium-driver
  fi
  # Chinese fonts, so the e2e screenshots (artifacts/screenshots) show text, not boxes
  if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    say "installing Debian fonts-noto-cjk (Chinese text in screenshots)"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q fonts-noto-cjk
  fi
fi
say "ready ($(( $(date +%s) - t0 )) s)"
