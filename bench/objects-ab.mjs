// A/B in one binary: the same 200,000 line objects read through the array's JSON (fast) and,
// with one BigInt line appended (no JSON text), object by object (the reference reader).
//   node --expose-gc bench/objects-ab.mjs [/path/to/other/pkg/vbp_savings.cjs] [ROUNDS]
// With another engine build (a copy of pkg/ kept from before a change), both builds are run
// round by round in the same process (this tree's first in even rounds, the other's first in
// odd ones), and the other's json/csv ratio is printed beside this one's; without, 5 rounds.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
const require = createRequire(import.meta.url);
const e = require(new URL('../pkg/vbp_savings.cjs', import.meta.url).pathname);
const other = process.argv[2] ? require(process.argv[2]) : null;
const ROUNDS = Number(process.argv[3] || (other ? 9 : 5));
const N = 200000;
const drugs = ['甲磺酸仑伐替尼胶囊', '磷酸奥司他韦胶囊', '依折麦布片', '某院内药品A', '某院内药品B'];
const lines = []; let csv = 'drug,quantity,baseline_unit_price,vbp_unit_price\n';
for (let i = 0; i < N; i++) {
  const d = drugs[i % 5], q = 1 + (i % 500), b = (50 + (i * 7919) % 2000000) / 100, v = i % 3 ? (b * 0.52).toFixed(4) : '';
  lines.push(v ? { drug: d, quantity: q, baseline_unit_price: b, vbp_unit_price: v } : { drug: d, quantity: q, baseline_unit_price: b });
  csv += `${d},${q},${b},${v}\n`;
}
const slowLines = [...lines, { drug: '某药', quantity: 1n, baseline_unit_price: 1 }];
const bytes = Buffer.from(csv);
const cpu = (f) => { if (global.gc) global.gc(); const u = process.cpuUsage(); const r = f(); const d = process.cpuUsage(u); return [(d.user + d.system) / 1000, r]; };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`load before: ${load()}`);
if (!other) {
  const rows = [];
  for (let k = 0; k < ROUNDS; k++) {
    const [tf, rf] = cpu(() => e.estimate({ lines, options: { omit_lines: true } }));
    const [ts, rs] = cpu(() => e.estimate({ lines: slowLines, options: { omit_lines: true } }));
    const [tc, rc] = cpu(() => e.estimateCsv(bytes, { omit_lines: true }));
    if (rf.totals.savings !== rc.totals.savings || rs.totals.lines !== rf.totals.lines + 1) throw new Error('totals differ');
    rows.push([tf, ts, tc]);
    console.log(`round ${k + 1}: json ${tf.toFixed(0)} ms, object-by-object ${ts.toFixed(0)} ms, csv ${tc.toFixed(0)} ms (cpu); json/csv ${(tf / tc).toFixed(2)}, objects/csv ${(ts / tc).toFixed(2)}, speedup ${(ts / tf).toFixed(2)}`);
  }
  const m = (i) => med(rows.map((r) => r[i]));
  console.log(`median cpu: json ${m(0).toFixed(0)} ms, object-by-object ${m(1).toFixed(0)} ms, csv ${m(2).toFixed(0)} ms; json/csv ${med(rows.map((r) => r[0] / r[2])).toFixed(2)}`);
} else {
  const rows = [];
  const one = (engine) => {
    const [tf, rf] = cpu(() => engine.estimate({ lines, options: { omit_lines: true } }));
    const [tc, rc] = cpu(() => engine.estimateCsv(bytes, { omit_lines: true }));
    if (rf.totals.savings !== rc.totals.savings || rf.totals.lines !== rc.totals.lines) throw new Error('totals differ');
    return [tf, tc, rf.totals.savings];
  };
  for (let k = 0; k < ROUNDS; k++) {
    let a, b;
    if (k % 2) { b = one(other); a = one(e); } else { a = one(e); b = one(other); }
    if (a[2] !== b[2]) throw new Error('the two builds give different totals');
    rows.push([a[0] / a[1], b[0] / b[1], a[0], b[0]]);
    console.log(`round ${k + 1}: this json/csv ${(a[0] / a[1]).toFixed(2)} (json ${a[0].toFixed(0)} ms, csv ${a[1].toFixed(0)} ms), other json/csv ${(b[0] / b[1]).toFixed(2)} (json ${b[0].toFixed(0)} ms, csv ${b[1].toFixed(0)} ms)`);
  }
  console.log(`median json/csv on cpu: this ${med(rows.map((r) => r[0])).toFixed(2)}, other ${med(rows.map((r) => r[1])).toFixed(2)}; json cpu other/this ${med(rows.map((r) => r[3] / r[2])).toFixed(2)}`);
}
console.log(`load after: ${load()}`);
