// An interleaved A/B of two copies of the page, cold: node bench/page-ab.mjs FILE DIR_A DIR_B [ROUNDS]
// Each DIR is a www/ directory (absolute, or relative to the checkout), served by
// scripts/serve.mjs on its own port; each round measures each page once with bench/page.mjs's
// own `measure` (a new Chromium with a new empty profile; load, and file → the expected exact
// total), the order alternating. Prints each page's rounds and medians. Used for the page's
// optimisations in docs/performance.md.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './data.mjs';
import { serve, measure } from './page.mjs';

const [file, ...rest] = process.argv.slice(2);
const dirs = rest.slice(0, 2);
const rounds = Number(rest[2] || 4);
if (!file || dirs.length !== 2) {
  console.error('usage: node bench/page-ab.mjs FILE DIR_A DIR_B [ROUNDS]');
  process.exit(2);
}
const engine = createRequire(import.meta.url)(join(root, 'pkg', 'vbp_savings.cjs'));
const expected = engine.estimateCsv(readFileSync(file), { omit_lines: true }).totals.savings;
const servers = await Promise.all(dirs.map((dir) => serve(dir)));
const res = dirs.map(() => []);
try {
  for (let k = 0; k < rounds; k++) {
    for (const i of (k % 2 ? [1, 0] : [0, 1])) res[i].push(await measure(servers[i].url, file, expected));
  }
} finally {
  servers.forEach((s) => s.stop());
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
const row = (xs, key) => `${xs.map((x) => x[key].toFixed(0)).join(' ')} (median ${med(xs.map((x) => x[key])).toFixed(0)} ms)`;
dirs.forEach((d, i) => console.log(`${d}: ready ${row(res[i], 'load')}; file → total ${row(res[i], 'file')}`));
