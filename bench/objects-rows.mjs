// The bench's line-objects figure (npm run bench: "objects per row / CSV per row") for two
// engine builds in one process, without the peers: estimate({ lines }) of the bench data's
// first 200,000 rows as a web app holds them (decimals as strings, an empty VBP price left
// out) against estimateCsv of the 1,000,000-row file, per row, on CPU and wall time; this
// tree's pkg/ and another build alternating round by round (this one first in even rounds).
//   node --expose-gc bench/objects-rows.mjs /path/to/other/pkg/vbp_savings.cjs [ROUNDS]   (default 7)
// A tool, not a test.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { root, dataFile, rowsOf } from './data.mjs';

const require = createRequire(import.meta.url);
const A = require(join(root, 'pkg', 'vbp_savings.cjs'));
const B = process.argv[2] ? require(process.argv[2]) : null;
const ROUNDS = Number(process.argv[3] || 7);
const OBJECT_ROWS = 200000;
const { bytes } = dataFile(1_000_000);
const ROWS = 1_000_000;
const lines = [];
for (const [drug, quantity, baseline, vbp] of rowsOf(OBJECT_ROWS)) {
  const line = { drug, quantity, baseline_unit_price: baseline };
  if (vbp) line.vbp_unit_price = vbp;
  lines.push(line);
}
const input = { lines, options: { omit_lines: true } };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const time = (f) => { if (global.gc) global.gc(); const c = process.cpuUsage(); const t = performance.now(); const r = f(); const d = process.cpuUsage(c); return [performance.now() - t, (d.user + d.system) / 1000, r]; };
const one = (e) => {
  const [ow, oc] = time(() => e.estimate(input));
  const [cw, cc] = time(() => e.estimateCsv(bytes, { omit_lines: true }));
  return { wall: (ow / OBJECT_ROWS) / (cw / ROWS), cpu: (oc / OBJECT_ROWS) / (cc / ROWS), ow, oc, cw, cc };
};
console.log(`load before: ${load()}`);
one(A); if (B) one(B); // warm-up
const ra = [], rb = [];
for (let k = 0; k < ROUNDS; k++) {
  let a, b;
  if (B && k % 2) { b = one(B); a = one(A); } else { a = one(A); if (B) b = one(B); }
  ra.push(a); if (b) rb.push(b);
  const f = (x) => `${x.wall.toFixed(2)} wall / ${x.cpu.toFixed(2)} cpu (objects ${x.oc.toFixed(0)} ms, csv ${x.cc.toFixed(0)} ms cpu)`;
  console.log(`round ${k + 1}: this ${f(a)}${b ? `; other ${f(b)}` : ''}`);
}
const m = (rs, k) => median(rs.map((r) => r[k])).toFixed(2);
console.log(`objects per row / CSV per row, median: this ${m(ra, 'wall')} wall, ${m(ra, 'cpu')} cpu${B ? `; other ${m(rb, 'wall')} wall, ${m(rb, 'cpu')} cpu` : ''}`);
console.log(`load after: ${load()}`);
