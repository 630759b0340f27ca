// An interleaved A/B of two engine builds on the bulk path alone: estimateCsv(bytes, { omit_lines: true })
// on the bench's 1,000,000-row file, A (this tree's pkg/) and B (a copy of pkg/ kept from before a
// change) alternating round by round, A first in even rounds and B first in odd ones. Prints each
// round's B / A ratio on wall time and on CPU time (user + system), their medians, and checks
// that both builds give the same report (totals, every drug, rejections, warnings).
//   cp -r pkg /tmp/pkg-before   # before the change; then change, rebuild, and:
//   node --expose-gc bench/ab.mjs /tmp/pkg-before/vbp_savings.cjs [ROUNDS]   (default 9)
// A tool, not a test: nothing here asserts a time. npm run bench's BENCH_ENGINE_B does the same
// beside every peer (minutes); this takes the two engines only.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { root, dataFile } from './data.mjs';

const require = createRequire(import.meta.url);
const pathB = process.argv[2];
if (!pathB) throw new Error('usage: node --expose-gc bench/ab.mjs /path/to/other/pkg/vbp_savings.cjs [ROUNDS]');
const ROUNDS = Number(process.argv[3] || 9);
const A = require(join(root, 'pkg', 'vbp_savings.cjs'));
const B = require(pathB);
const { bytes } = dataFile(Number(process.env.BENCH_ROWS || 1_000_000));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function run(engine) {
  if (global.gc) global.gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = engine.estimateCsv(bytes, { omit_lines: true });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, r };
}
// the report without what differs run to run by design (none expected): compared as JSON
const essence = (r) => JSON.stringify({ totals: r.totals, by_drug: r.by_drug, input: r.input, rejected: r.rejected, warnings: r.warnings });

console.log(`load average before: ${load()}`);
const ra = run(A).r; const rb = run(B).r; // warm-up (tier-up), not counted
const same = essence(ra) === essence(rb);
console.log(`the same report (totals, drugs, input, rejections, warnings): ${same}; savings ${ra.totals.savings}`);
const wall = []; const cpu = []; const tA = []; const tB = [];
for (let i = 0; i < ROUNDS; i++) {
  let a; let b;
  if (i % 2 === 0) { a = run(A); b = run(B); } else { b = run(B); a = run(A); }
  tA.push(a.ms); tB.push(b.ms);
  wall.push(b.ms / a.ms); cpu.push(b.cpu / a.cpu);
  console.log(`round ${i + 1}: A ${a.ms.toFixed(0)} ms (CPU ${a.cpu.toFixed(0)}), B ${b.ms.toFixed(0)} ms (CPU ${b.cpu.toFixed(0)}); B/A wall ${(b.ms / a.ms).toFixed(3)}, CPU ${(b.cpu / a.cpu).toFixed(3)}`);
}
console.log(`load average after: ${load()}`);
console.log(`ab: rounds=${ROUNDS} a_ms=${median(tA).toFixed(0)} b_ms=${median(tB).toFixed(0)} wall_b_over_a=${median(wall).toFixed(3)} cpu_b_over_a=${median(cpu).toFixed(3)} same=${same}`);
if (!same) process.exitCode = 1;
