#!/usr/bin/env bash
# Builds the WebAssembly packages when the Rust sources changed:
#   pkg/node       (wasm-pack --target nodejs: CommonJS, used by the CLI and Node)
#   pkg/web        (wasm-pack --target web: ES module, used by the page and browsers)
#   pkg/node/vbp_savings_plan*, pkg/web/vbp_savings_plan*
#                  the plan module (crates/plan: supply scenarios, agreed volumes, cycle,
#                  结余留用, sensitivity), beside the core whose types it imports
#   pkg/node/vbp_savings_batches*, pkg/web/vbp_savings_batches*
#                  the batches module (crates/batches: the programme across batches 1–11,
#                  result tables → catalogs), beside the core likewise
#   pkg/xlsx-node  the spreadsheet module (crates/xlsx), CommonJS
#   pkg/xlsx-web   the spreadsheet module, ES module, loaded by the page on demand
# and copies the web builds into www/pkg for the page.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { printf '[build] %s\n' "$*"; }

# The page's chart library: only the parts of ECharts it uses, bundled by esbuild into
# www/vendor/echarts.js (gitignored; served from the page's origin, never a CDN).
charts=www/vendor/echarts.js
if [ ! -f "$charts" ] || [ scripts/echarts-entry.mjs -nt "$charts" ] || [ package-lock.json -nt "$charts" ]; then
  mkdir -p www/vendor
  esbuild scripts/echarts-entry.mjs --bundle --format=esm --minify --legal-comments=eof --target=es2020 \
    --log-level=warning --outfile="$charts"
  say "bundled $charts: $(wc -c < "$charts") bytes, $(gzip -9c "$charts" | wc -c) gzipped"
fi

# The page's data grid (the input view's editable lines): the AG Grid Community modules it
# uses, bundled the same way into www/vendor/grid.js (see docs/grid.md), loaded on first use.
grid=www/vendor/grid.js
if [ ! -f "$grid" ] || [ scripts/grid-entry.mjs -nt "$grid" ] || [ package-lock.json -nt "$grid" ]; then
  mkdir -p www/vendor
  esbuild scripts/grid-entry.mjs --bundle --format=esm --minify --legal-comments=eof --target=es2020 \
    --log-level=warning --outfile="$grid"
  say "bundled $grid: $(wc -c < "$grid") bytes, $(gzip -9c "$grid" | wc -c) gzipped"
fi

# Up to date when no source is newer than the START of the last complete build (a file
# edited while a build ran is older than the modules that build wrote, but newer than
# this stamp, so it is built next time).
stamp=target/.build-started
out=pkg/node/vbp_savings_bg.wasm
newest=$(find src data crates Cargo.toml Cargo.lock scripts/build.sh -type f -newer "$stamp" 2>/dev/null | head -1 || true)
if [ -f "$stamp" ] && [ -f "$out" ] && [ -f pkg/web/vbp_savings_bg.wasm ] && [ -z "$newest" ] && [ -f www/pkg/vbp_savings_bg.wasm ] \
  && [ -f pkg/xlsx-node/vbp_savings_xlsx_bg.wasm ] && [ -f www/pkg/vbp_savings_xlsx_bg.wasm ] \
  && [ -f pkg/node/vbp_savings_plan_bg.wasm ] && [ -f pkg/web/vbp_savings_plan_bg.wasm ] && [ -f www/pkg/vbp_savings_plan_bg.wasm ] \
  && [ -f pkg/node/vbp_savings_batches_bg.wasm ] && [ -f pkg/web/vbp_savings_batches_bg.wasm ] && [ -f www/pkg/vbp_savings_batches_bg.wasm ]; then
  say "up to date"
  exit 0
fi
mkdir -p target
started=$(mktemp target/.build-starting.XXXXXX)
trap 'rm -f "$started"' EXIT
for target in nodejs web; do
  dir=pkg/${target/nodejs/node}
  say "wasm-pack build --target $target -> $dir"
  wasm-pack --log-level warn build --release --target "$target" --out-dir "$dir" --out-name vbp_savings --no-pack -- --no-default-features --features wasm
  rm -f "$dir/.gitignore"
done
# The plan module (crates/plan: supply scenarios, agreed volumes, cycle tracking, 结余留用,
# sensitivity; loaded by the page when the supply tab is first shown) and the batches module
# (crates/batches: the programme across batches 1–11, result tables; loaded with the
# 多批次总览 tab or a result table). Written beside the core (their .d.ts import the core's
# types from ./vbp_savings). Not on a hot path, so built for size like the spreadsheet module.
for module in plan batches; do
  for target in nodejs web; do
    dir=pkg/${target/nodejs/node}
    say "wasm-pack build crates/$module --target $target -> $dir (vbp_savings_$module)"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_TARGET_DIR="$PWD/target/size" \
      wasm-pack --log-level warn build "crates/$module" --release --target "$target" --out-dir "../../$dir" --out-name "vbp_savings_$module" --no-pack
    rm -f "$dir/.gitignore"
  done
done
# The spreadsheet module (crates/xlsx): a separate WebAssembly module, loaded by the page
# only when a spreadsheet is opened or saved, so the first load stays light. Built for
# size (opt-level "s", its own target directory so the core's build for speed stays cached).
for target in nodejs web; do
  dir=pkg/xlsx-${target/nodejs/node}
  say "wasm-pack build crates/xlsx --target $target -> $dir"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_TARGET_DIR="$PWD/target/size" \
    wasm-pack --log-level warn build crates/xlsx --release --target "$target" --out-dir "../../$dir" --out-name vbp_savings_xlsx --no-pack
  rm -f "$dir/.gitignore"
done
# wasm-pack's nodejs output is CommonJS; the root package.json says "type": "module"
echo '{ "type": "commonjs" }' > pkg/node/package.json
echo '{ "type": "commonjs" }' > pkg/xlsx-node/package.json
mkdir -p www/pkg
cp pkg/web/vbp_savings.js pkg/web/vbp_savings_bg.wasm pkg/web/vbp_savings.d.ts www/pkg/
for module in plan batches; do
  cp "pkg/web/vbp_savings_$module.js" "pkg/web/vbp_savings_${module}_bg.wasm" "pkg/web/vbp_savings_$module.d.ts" www/pkg/
done
cp pkg/xlsx-web/vbp_savings_xlsx.js pkg/xlsx-web/vbp_savings_xlsx_bg.wasm pkg/xlsx-web/vbp_savings_xlsx.d.ts www/pkg/
say "done: vbp_savings_bg.wasm is $(gzip -9c pkg/web/vbp_savings_bg.wasm | wc -c) bytes gzipped (core, loaded first)"
say "      vbp_savings_plan_bg.wasm is $(gzip -9c pkg/web/vbp_savings_plan_bg.wasm | wc -c) bytes gzipped (plan: supply, volumes, cycle, 结余留用, sensitivity; loaded on demand)"
say "      vbp_savings_batches_bg.wasm is $(gzip -9c pkg/web/vbp_savings_batches_bg.wasm | wc -c) bytes gzipped (batches: programme, result tables; loaded on demand)"
say "      vbp_savings_xlsx_bg.wasm is $(gzip -9c pkg/xlsx-web/vbp_savings_xlsx_bg.wasm | wc -c) bytes gzipped (spreadsheets, loaded on demand)"
mv -f "$started" "$stamp"
