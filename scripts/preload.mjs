// The page's first load, fetched at once: index.html names with <link rel="modulepreload"> every
// module app.js imports statically (all of them, at every depth) and the engine's glue, and
// with <link rel="preload" as="fetch"> the engine's WebAssembly, so the browser fetches them all
// while it lays out the page, instead of one level of imports after another (measured in
// docs/performance.md: the module waterfall was most of the page's load).
//   node scripts/preload.mjs          checks that index.html's list is exactly that set (lint)
//   node scripts/preload.mjs --write  rewrites the list in index.html
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'www');
const html = join(www, 'index.html');

/** Every module reachable from www/app.js by static imports (`import … from './x.js'`), as paths from www/. */
function staticGraph(entry) {
  const seen = new Set();
  const walk = (file) => {
    const rel = relative(www, file);
    if (seen.has(rel)) return;
    seen.add(rel);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*import\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) walk(join(dirname(file), m[1]));
  };
  walk(entry);
  seen.delete('app.js'); // the page's own <script type="module">
  return [...seen].sort();
}

// the engine, which app.js loads at start through js/engines.js (core())
const ENGINE = ['pkg/vbp_savings.js'];
const WASM = 'pkg/vbp_savings_bg.wasm';

const START = '<!-- preload: written by scripts/preload.mjs --write -->';
const END = '<!-- /preload -->';

export function preloadBlock() {
  const mods = [...staticGraph(join(www, 'app.js')), ...ENGINE];
  return [START, ...mods.map((m) => `<link rel="modulepreload" href="./${m}">`),
    `<link rel="preload" href="./${WASM}" as="fetch" type="application/wasm" crossorigin>`, END].join('\n');
}

const text = readFileSync(html, 'utf8');
const at = text.indexOf(START);
const end = text.indexOf(END);
const block = preloadBlock();
if (process.argv.includes('--write')) {
  const out = at >= 0 ? text.slice(0, at) + block + text.slice(end + END.length)
    : text.replace('<link rel="stylesheet" href="./style.css">', `<link rel="stylesheet" href="./style.css">\n${block}`);
  writeFileSync(html, out);
  console.log(`preload: index.html names ${block.split('\n').length - 2} files`);
} else if (at < 0 || text.slice(at, end + END.length) !== block) {
  console.error('preload: www/index.html does not preload exactly the modules app.js imports at start; run node scripts/preload.mjs --write');
  process.exit(1);
} else {
  console.log(`preload: index.html names the ${block.split('\n').length - 2} files of the first load`);
}
