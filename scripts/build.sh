#!/usr/bin/env bash
# Builds the WebAssembly modules when the Rust sources changed. Two modules, each shipped once:
#   pkg/vbp_savings_bg.wasm       the engine (crates/wasm: estimates, catalog, plan, programme),
#                                 loaded by the page at start, the CLI and Node
#   pkg/vbp_savings_xlsx_bg.wasm  spreadsheets (crates/xlsx: read .xlsx/.xls/.ods, write the
#                                 report), loaded only when a workbook is opened or saved
# Each binary serves Node and browsers alike (wasm-bindgen's nodejs and web targets emit the
# same .wasm: this script checks it), with two glues beside it:
#   pkg/<name>.js   + .d.ts    ES module for browsers and bundlers (--target web; await init())
#   pkg/<name>.cjs  + .d.cts   CommonJS for Node (--target nodejs; ready on require)
# and copies the web glue and the binaries into www/pkg for the page.
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

# The page's own script: www/js/app.js and every module it imports, the views of the later tabs
# included, bundled by esbuild into one file, www/dist/app.js (gitignored; not minified, so it
# reads as its sources), and the two workers beside it. One request instead of a waterfall of
# two dozen modules (docs/performance.md: the page's load). The engine (../pkg) and the vendor
# libraries (../vendor) stay their own files, loaded at run time, and so does js/engine-start.js
# (imported as ../js/engine-start.js: index.html runs it first, to start compiling the engine;
# one module instance). www/dist/ sits at the same depth as www/js/, so every relative URL
# means the same file from either.
page=www/dist/app.js
if [ ! -f "$page" ] || [ -n "$(find www/js scripts/build.sh -newer "$page" -type f 2>/dev/null | head -1)" ]; then
  esbuild www/js/app.js www/js/estimate-worker.js www/js/import-worker.js --bundle --format=esm --target=es2022 \
    --external:'../pkg/*' --external:'../vendor/*' --external:'../js/*' --log-level=warning --outdir=www/dist
  say "bundled $page: $(wc -c < "$page") bytes, $(gzip -9c "$page" | wc -c) gzipped"
fi

# Up to date when no source is newer than the START of the last complete build (a file
# edited while a build ran is older than the modules that build wrote, but newer than
# this stamp, so it is built next time).
stamp=target/.build-started
outputs=(pkg/vbp_savings_bg.wasm pkg/vbp_savings.js pkg/vbp_savings.cjs www/pkg/vbp_savings_bg.wasm
  pkg/vbp_savings_xlsx_bg.wasm pkg/vbp_savings_xlsx.js pkg/vbp_savings_xlsx.cjs www/pkg/vbp_savings_xlsx_bg.wasm)
missing=""
for f in "${outputs[@]}"; do [ -f "$f" ] || missing=$f; done
newest=$(find src data crates Cargo.toml Cargo.lock scripts/build.sh -type f -newer "$stamp" 2>/dev/null | head -1 || true)
if [ -f "$stamp" ] && [ -z "$missing" ] && [ -z "$newest" ]; then
  say "up to date"
  exit 0
fi
mkdir -p target pkg www/pkg
started=$(mktemp target/.build-starting.XXXXXX)
trap 'rm -f "$started"' EXIT

# build CRATE NAME TARGET_DIR OPT_LEVEL: wasm-pack's web build into pkg/, then the Node glue
# for the same binary from wasm-bindgen's nodejs target (its own .wasm is only compared).
build() {
  local crate=$1 name=$2 target_dir=$3 opt=$4 lib
  lib=$(basename "$crate" | tr - _)
  say "wasm-pack build $crate --target web (opt-level $opt) -> pkg/$name"
  CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" CARGO_TARGET_DIR="$target_dir" wasm-pack --log-level warn build "$crate" --release --target web \
    --out-dir "$PWD/pkg" --out-name "$name" --no-pack
  rm -f pkg/.gitignore
  local raw="$target_dir/wasm32-unknown-unknown/release/vbp_savings_${lib}.wasm" glue="target/glue/$name"
  rm -rf "$glue" && mkdir -p "$glue/web" "$glue/node"
  wasm-bindgen --target web --out-dir "$glue/web" --out-name "$name" "$raw"
  wasm-bindgen --target nodejs --out-dir "$glue/node" --out-name "$name" "$raw"
  if ! cmp -s "$glue/web/${name}_bg.wasm" "$glue/node/${name}_bg.wasm"; then
    echo "[build] wasm-bindgen's web and nodejs targets emitted different .wasm for $crate: one binary cannot serve both" >&2
    exit 1
  fi
  sed "s#@ts-self-types=\"./$name.d.ts\"#@ts-self-types=\"./$name.d.cts\"#" "$glue/node/$name.js" > "pkg/$name.cjs"
  cp "$glue/node/$name.d.ts" "pkg/$name.d.cts"
  cp "pkg/$name.js" "pkg/${name}_bg.wasm" www/pkg/
}

# The engine, built for speed: opt-level 3 (the root Cargo.toml's release profile) parses and
# sums a 1,000,000-row CSV about a quarter faster than "s" (measured with npm run bench).
build crates/wasm vbp_savings "$PWD/target" 3
# The spreadsheet module, loaded only when a workbook is opened or saved: built for size
# (opt-level "s", in its own target directory so the engine's build for speed stays cached).
build crates/xlsx vbp_savings_xlsx "$PWD/target/size" s
rm -f pkg/*_bg.wasm.d.ts
# modules of the layout before one engine module (three copies of the engine, two builds each)
rm -rf pkg/node pkg/web pkg/xlsx-node pkg/xlsx-web www/pkg/vbp_savings_plan* www/pkg/vbp_savings_batches* www/pkg/*.d.ts

say "done: vbp_savings_bg.wasm is $(gzip -9c pkg/vbp_savings_bg.wasm | wc -c) bytes gzipped (the engine, loaded first)"
say "      vbp_savings_xlsx_bg.wasm is $(gzip -9c pkg/vbp_savings_xlsx_bg.wasm | wc -c) bytes gzipped (spreadsheets, loaded on demand)"
mv -f "$started" "$stamp"
