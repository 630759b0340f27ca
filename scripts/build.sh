#!/usr/bin/env bash
# Builds the WebAssembly packages when the Rust sources changed:
#   pkg/node  (wasm-pack --target nodejs: CommonJS, used by the CLI and Node)
#   pkg/web   (wasm-pack --target web: ES module, used by the page and browsers)
# and copies the web build into www/pkg for the page.
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

out=pkg/node/vbp_savings_bg.wasm
newest=$(find src data Cargo.toml Cargo.lock scripts/build.sh -type f -newer "$out" 2>/dev/null | head -1 || true)
if [ -f "$out" ] && [ -f pkg/web/vbp_savings_bg.wasm ] && [ -z "$newest" ] && [ -f www/pkg/vbp_savings_bg.wasm ]; then
  say "up to date"
  exit 0
fi
for target in nodejs web; do
  dir=pkg/${target/nodejs/node}
  say "wasm-pack build --target $target -> $dir"
  wasm-pack --log-level warn build --release --target "$target" --out-dir "$dir" --out-name vbp_savings --no-pack -- --no-default-features --features wasm
  rm -f "$dir/.gitignore"
done
# wasm-pack's nodejs output is CommonJS; the root package.json says "type": "module"
echo '{ "type": "commonjs" }' > pkg/node/package.json
mkdir -p www/pkg
cp pkg/web/vbp_savings.js pkg/web/vbp_savings_bg.wasm pkg/web/vbp_savings.d.ts www/pkg/
say "done: vbp_savings_bg.wasm is $(gzip -9c pkg/web/vbp_savings_bg.wasm | wc -c) bytes gzipped"
